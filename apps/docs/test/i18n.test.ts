// The translations and what keeps them in step with the description: every text a reader sees
// is translated; a translated document is the English bundle with only those texts replaced;
// a changed English text, a new text and a translation of something gone are each reported with
// their location, by the check, by `npm run i18n` (which also writes the skeletons translators
// fill in) and by the build, which then refuses to build.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadEditions, translationProblems } from '../src/editions.mjs';
import {
  I18N_DIR,
  TRANSLATED,
  applyOverlay,
  bundleName,
  checkOverlay,
  documentTexts,
  markdownMismatch,
  overlayPath,
  readOverlay,
  syncOverlay,
  toYaml,
  translationMemory,
} from '../src/i18n.mjs';
import { documents } from '../src/documents.mjs';
import { generations } from '../src/samples.mjs';
import { LATIN_NAMES, englishWords, identifiers } from './prose.js';

const docsDir = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

/** Every file of the built site (apps/docs/site) → its size and modification time. */
async function siteFiles(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const dir = join(docsDir, 'site');
  if (!existsSync(dir)) return out;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const { size, mtimeMs } = await stat(file);
    out.set(file.slice(dir.length + 1), `${size} ${mtimeMs}`);
  }
  return out;
}

type Doc = Record<string, any>;
const clone = <T>(value: T): T => structuredClone(value);

describe.each(TRANSLATED.map((l) => [l.code] as const))('%s translations', (lang) => {
  it('cover every text of every document and of the site, each in step with its English', async () => {
    expect(await translationProblems(lang)).toEqual([]);
  });

  it('say nothing in English prose outside code, links and identifiers, including what a page shows only when opened', async () => {
    const edition = (await loadEditions()).find((e) => e.lang.code === lang)!;
    const allowed = new Set([...identifiers(edition), ...LATIN_NAMES]);
    const found: string[] = [];
    for (const g of documents) {
      for (const { target, en } of documentTexts(edition.docs[g.key]!)) {
        const english = englishWords(en, allowed);
        if (english.length) found.push(`${bundleName(g)} ${target}: ${english.join(' ')}`);
      }
    }
    for (const [key, zh] of edition.units!) {
      const english = englishWords(zh, allowed);
      if (english.length) found.push(`site.yaml ${key}: ${english.join(' ')}`);
    }
    for (const [key, zh] of Object.entries(edition.redoc!)) {
      const english = englishWords(zh, allowed);
      if (english.length) found.push(`redoc.yaml ${key}: ${english.join(' ')}`);
    }
    expect(found).toEqual([]);
  });

  it('find the English of a sentence an example carries: its words are not identifiers', async () => {
    const edition = (await loadEditions()).find((e) => e.lang.code === lang)!;
    const allowed = new Set([...identifiers(edition), ...LATIN_NAMES]);
    // An example value of the VIAS description (a failed task's status), shown in a JSON viewer.
    const sentence = 'The video source could not be read.';
    expect(JSON.stringify(edition.docs[generations[0]!.key])).toContain(JSON.stringify(sentence));
    expect(englishWords(`任务失败：${sentence}`, allowed)).toEqual(expect.arrayContaining(['The', 'could', 'not', 'read']));
  });

  it.each(documents.map((g) => [g.key, g] as const))(
    'make a %s document that is the English bundle with only its texts replaced (applied by Redocly)',
    async (_key, g) => {
      const editions = await loadEditions();
      const translated = editions.find((e) => e.lang.code === lang)!.docs[g.key] as Doc;
      const english = g.bundle as Doc;
      // Every text that needs a translation has one, and it is not the English.
      const texts = documentTexts(english);
      const { translations } = checkOverlay(english, await readOverlay(overlayPath(lang, bundleName(g))));
      expect(texts.length).toBeGreaterThan(0);
      expect(texts.filter((t) => !translations.has(t.target)).map((t) => t.target)).toEqual([]);
      // Masking every text (with Redocly's own overlay applier) leaves the two documents equal:
      // structure, identifiers, paths, codes and examples are the bundle's.
      const work = await mkdtemp(join(tmpdir(), 'vias-i18n-'));
      try {
        const mask = {
          overlay: '1.1.0',
          info: { title: 'mask', version: '1' },
          actions: texts.map((t) => ({ target: t.target, update: t.kind === 'tag' ? { 'x-displayName': '•' } : '•' })),
        };
        await writeFile(join(work, 'mask.yaml'), toYaml(mask));
        await writeFile(join(work, 'translated.json'), JSON.stringify(translated));
        const a = await applyOverlay(g.jsonPath, join(work, 'mask.yaml'));
        const b = await applyOverlay(join(work, 'translated.json'), join(work, 'mask.yaml'));
        expect(b).toEqual(a);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
  );
});

describe('the check of an overlay against its document', () => {
  const g = generations[0]!;
  let overlay: Awaited<ReturnType<typeof readOverlay>>;
  beforeAll(async () => {
    overlay = await readOverlay(overlayPath(TRANSLATED[0]!.code, bundleName(g)));
  });
  const problems = (doc: Doc) => checkOverlay(doc, overlay).problems.map((p: { kind: string; where: string }) => `${p.kind} ${p.where}`);

  it('names a text whose English changed', () => {
    const doc = clone(g.bundle) as Doc;
    doc.paths['/v2/{project_id}/tasks'].get.summary = 'List the tasks';
    expect(problems(doc)).toEqual([`stale $.paths['/v2/{project_id}/tasks'].get.summary`]);
  });

  it('names a new description without a translation, and every text of a new operation', () => {
    const doc = clone(g.bundle) as Doc;
    doc.components.schemas.TaskDetail.properties.name.description += ' (new sentence)';
    doc.components.schemas.TaskDetail.properties.brand_new = { type: 'string', description: 'A new field.' };
    // A path the description does not have (the video source paths are described now).
    doc.paths['/v2/{project_id}/cameras'] = {
      post: { operationId: 'createCamera', summary: 'Create a camera', tags: ['Tasks'], responses: { '200': { description: 'Camera created.' } } },
    };
    expect(problems(doc).sort()).toEqual(
      [
        'stale $.components.schemas.TaskDetail.properties.name.description',
        "missing $.paths['/v2/{project_id}/cameras'].post.summary",
        "missing $.paths['/v2/{project_id}/cameras'].post.responses['200'].description",
        'missing $.components.schemas.TaskDetail.properties.brand_new.description',
      ].sort(),
    );
  });

  it('names a translation of something that no longer exists', () => {
    const doc = clone(g.bundle) as Doc;
    delete doc.components.parameters.batch_id.description;
    delete doc.paths['/v2/{project_id}/tasks'].get.parameters.find((p: { name?: string }) => p.name === 'company').description;
    expect(problems(doc).sort()).toEqual(
      [
        'orphan $.components.parameters.batch_id.description',
        `orphan $.paths['/v2/{project_id}/tasks'].get.parameters[?@.name=='company'].description`,
      ].sort(),
    );
  });

  it('names a translation that drops the code, links or headings of its English', () => {
    expect(markdownMismatch('Poll `showTask`, see https://example.com/x.', '轮询任务。')).toMatch(/code spans differ \(missing `showTask`\).*links differ/);
    expect(markdownMismatch('## A\n\ntext\n\n## B', '## 甲\n\n正文')).toMatch(/headings differ/);
    expect(markdownMismatch('Poll `showTask`, see https://example.com/x.', '用 `showTask` 轮询，见 https://example.com/x 。')).toBeUndefined();
  });

  it('skips example values, defaults, enumerations and code samples, and translates tag names as x-displayName', () => {
    const targets = documentTexts(g.bundle).map((t: { target: string }) => t.target);
    expect(targets.some((t: string) => /\.(value|example|default|enum)\b|x-codeSamples/.test(t))).toBe(false);
    expect(documentTexts(g.bundle).find((t: { kind: string }) => t.kind === 'tag')).toMatchObject({ target: "$.tags[?@.name=='Tasks']", en: 'Tasks' });
  });

  it('is brought in step by the skeleton writer: new texts get a skeleton or an existing translation, changed ones keep theirs for review, gone ones are dropped', () => {
    const doc = clone(g.bundle) as Doc;
    doc.paths['/v2/{project_id}/tasks'].get.summary = 'List the tasks';
    // The same English as the error body's `error_code` field: its translation is reused.
    doc.components.schemas.TaskDetail.properties.brand_new = { type: 'string', description: 'Error code, for example `VIAS.00010001`.' };
    doc.components.schemas.TaskDetail.properties.other_new = { type: 'string', description: 'Never seen before.' };
    delete doc.components.parameters.batch_id.description;
    const { overlay: synced, changes } = syncOverlay(doc, overlay, translationMemory([overlay]), { title: 't', version: '1' });
    expect(changes).toEqual({
      added: ['$.components.schemas.TaskDetail.properties.other_new.description'],
      reused: ['$.components.schemas.TaskDetail.properties.brand_new.description'],
      marked: ["$.paths['/v2/{project_id}/tasks'].get.summary"],
      removed: ['$.components.parameters.batch_id.description'],
    });
    const byTarget = new Map(synced.actions.map((a: { target: string }) => [a.target, a]));
    expect(byTarget.get('$.components.schemas.TaskDetail.properties.other_new.description')).toEqual({
      target: '$.components.schemas.TaskDetail.properties.other_new.description',
      'x-en': 'Never seen before.',
      update: '',
    });
    expect(byTarget.get("$.paths['/v2/{project_id}/tasks'].get.summary")).toMatchObject({ 'x-en': 'List the tasks', 'x-en-was': 'List tasks', update: '获取任务列表' });
    expect(checkOverlay(doc, synced).problems.map((p: { kind: string }) => p.kind).sort()).toEqual(['review', 'untranslated']);
  });
});

describe('npm run i18n and the build, with translations out of step', () => {
  let scratch: string;
  const lang = TRANSLATED[0]!.code;
  const vias = generations[0]!;
  const vas = generations[1]!;
  const tool = (...args: string[]) =>
    run(process.execPath, [join(docsDir, 'scripts/i18n.mjs'), ...args], { cwd: docsDir, env: { ...process.env, DOCS_I18N_DIR: scratch } }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: `${error.stdout}${error.stderr}` }),
    );
  const file = (g: typeof vias) => join(scratch, lang, `${bundleName(g)}.overlay.yaml`);

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'vias-i18n-tool-'));
    await cp(I18N_DIR, scratch, { recursive: true });
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('reports nothing to do while every translation is in step', async () => {
    const { code, stdout } = await tool();
    expect(stdout).toContain(`i18n ${lang}: every text is translated and in step with the English`);
    expect(code).toBe(0);
  });

  it('lists what is missing, changed and gone by location; --write adds skeletons and marks changes; the build refuses', async () => {
    const overlay = parseYaml(await readFile(file(vas), 'utf8'));
    const viasEnglish = new Set((parseYaml(await readFile(file(vias), 'utf8')).actions as { 'x-en': string }[]).map((a) => a['x-en']));
    type Action = { target: string; 'x-en': string; update: unknown };
    const actions: Action[] = overlay.actions;
    // A text whose English the VIAS overlay also translates, one only VAS has, one changed, one gone.
    const shared = actions.find((a) => viasEnglish.has(a['x-en']) && typeof a.update === 'string')!;
    const unique = actions.find((a) => !viasEnglish.has(a['x-en']) && typeof a.update === 'string' && a !== shared)!;
    const changed = actions.find((a) => a !== shared && a !== unique && typeof a.update === 'string' && !a['x-en'].includes('\n'))!;
    changed['x-en'] = `${changed['x-en']} (older wording)`;
    overlay.actions = [
      ...actions.filter((a) => a !== shared && a !== unique),
      { target: '$.components.schemas.NoSuchSchema.description', 'x-en': 'Gone.', update: '已删除。' },
    ];
    await writeFile(file(vas), toYaml(overlay));

    const report = await tool();
    expect(report.code).toBe(1);
    for (const line of [
      `missing      i18n/${lang}/vas.overlay.yaml ${shared.target}`,
      `missing      i18n/${lang}/vas.overlay.yaml ${unique.target}`,
      `stale        i18n/${lang}/vas.overlay.yaml ${changed.target}`,
      `orphan       i18n/${lang}/vas.overlay.yaml $.components.schemas.NoSuchSchema.description`,
    ]) {
      expect(report.stdout).toContain(line);
    }

    // The build checks first and stops, naming the same locations; it writes nothing: every
    // file of the last site (apps/docs/site) keeps its size and modification time.
    const before = await siteFiles();
    expect(before.size, 'a built site to compare with').toBeGreaterThan(0);
    const build = await run(process.execPath, [join(docsDir, 'scripts/build.mjs')], { cwd: docsDir, env: { ...process.env, DOCS_I18N_DIR: scratch } }).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: `${error.stdout}${error.stderr}` }),
    );
    expect(build.code).not.toBe(0);
    expect(build.output).toContain(`The ${lang} translations are not in step with the English (4 problems)`);
    expect(build.output).toContain(`stale        i18n/${lang}/vas.overlay.yaml ${changed.target}`);
    expect(build.output).toContain('npm run i18n -w @vias-openapi/docs');
    expect(await siteFiles()).toEqual(before);

    const written = await tool('--write');
    expect(written.stdout).toContain(`+ ${shared.target}  (translation reused from the same English elsewhere)`);
    expect(written.stdout).toContain(`+ ${unique.target}  (skeleton: translate its \`update\`/\`zh\`)`);
    expect(written.stdout).toContain(`~ ${changed.target}  (English changed: review, then delete the -was line)`);
    expect(written.stdout).toContain('- $.components.schemas.NoSuchSchema.description  (text gone: translation dropped)');
    // What is left is the translator's: one skeleton to fill in, one change to review.
    expect(written.code).toBe(1);
    expect(written.stdout).toContain(`i18n ${lang}: 2 to do (1 untranslated, 1 review)`);
    const after = new Map((parseYaml(await readFile(file(vas), 'utf8')).actions as Action[]).map((a) => [a.target, a]));
    expect(after.get(unique.target)).toEqual({ target: unique.target, 'x-en': unique['x-en'], update: '' });
    expect(after.get(shared.target)!.update).toBe(shared.update);
    expect(after.get(changed.target)).toMatchObject({ 'x-en-was': changed['x-en'], update: changed.update });
    expect(after.has('$.components.schemas.NoSuchSchema.description')).toBe(false);
    // The file stays in the order of the document.
    expect([...after.keys()]).toEqual(documentTexts(vas.bundle).map((t: { target: string }) => t.target));
  });
});
