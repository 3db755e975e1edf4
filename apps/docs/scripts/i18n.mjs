// Lists what the translations lack, and with --write brings their files in step with the English:
//
//   npm run i18n -w @vias-openapi/docs                  # report; exit code 1 when anything is out of step
//   npm run i18n -w @vias-openapi/docs -- --write       # add skeletons, mark changed texts, drop gone ones
//   npm run i18n -w @vias-openapi/docs -- --lang zh-CN  # one language (default: every translated one)
//
// --write rewrites i18n/<lang>/<bundle>.overlay.yaml and site.yaml in the English's order:
// - a new text gets an action with its English in `x-en` and `update: ''` for the translator, or
//   the translation of the same English elsewhere in the language's files when there is one;
// - a changed text gets the new English in `x-en`, the old one in `x-en-was` (`en-was` in
//   site.yaml) and keeps its translation: review it, then delete the `-was` line;
// - the translation of a text that no longer exists is dropped.
// Needs the bundles: npx turbo run build --filter=@vias-openapi/spec --filter=@vias-openapi/emulator.
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { siteEnglish, translationProblems } from '../src/editions.mjs';
import {
  I18N_DIR,
  TRANSLATED,
  bundleName,
  formatProblems,
  overlayPath,
  readMessages,
  readOverlay,
  syncMessages,
  syncOverlay,
  toYaml,
  translationMemory,
} from '../src/i18n.mjs';
import { documents } from '../src/documents.mjs';

const { values } = parseArgs({ options: { write: { type: 'boolean', default: false }, lang: { type: 'string' } } });
const languages = values.lang ? TRANSLATED.filter((l) => l.code === values.lang) : TRANSLATED;
if (languages.length === 0) {
  console.error(`i18n: no translated language ${values.lang} (languages: ${TRANSLATED.map((l) => l.code).join(', ')})`);
  process.exit(2);
}

const shown = (path) => relative(process.cwd(), path) || path;

let outOfStep = 0;
for (const lang of languages) {
  if (values.write) await write(lang.code);
  const problems = await translationProblems(lang.code);
  outOfStep += problems.length;
  if (problems.length === 0) {
    console.log(`i18n ${lang.code}: every text is translated and in step with the English`);
    continue;
  }
  const byKind = new Map();
  for (const p of problems) byKind.set(p.kind, (byKind.get(p.kind) ?? 0) + 1);
  const counts = [...byKind].map(([kind, n]) => `${n} ${kind}`);
  console.log(`i18n ${lang.code}: ${problems.length} to do (${counts.join(', ')})\n${formatProblems(problems)}`);
}
if (outOfStep && !values.write) console.log('\nRun with -- --write to add skeletons for what is missing and mark what changed (apps/docs/README.md says how to translate).');
process.exitCode = outOfStep ? 1 : 0;

async function write(lang) {
  const overlays = await Promise.all(documents.map((g) => readOverlay(overlayPath(lang, bundleName(g)))));
  const memory = translationMemory(overlays);
  for (const [i, g] of documents.entries()) {
    const file = overlayPath(lang, bundleName(g));
    const info = { title: `${g.bundle.info.title} (${lang})`, version: g.bundle.info.version };
    const { overlay, changes } = syncOverlay(g.bundle, overlays[i], memory, info);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, toYaml(overlay));
    report(shown(file), changes);
  }
  const file = join(I18N_DIR, lang, 'site.yaml');
  const { english } = await siteEnglish();
  const { messages, changes } = syncMessages(english, await readMessages(lang, 'site.yaml'));
  await writeFile(file, toYaml(messages));
  report(shown(file), changes);
}

function report(file, { added = [], reused = [], marked = [], removed = [] }) {
  const lines = [
    ...added.map((t) => `  + ${t}  (skeleton: translate its \`update\`/\`zh\`)`),
    ...reused.map((t) => `  + ${t}  (translation reused from the same English elsewhere)`),
    ...marked.map((t) => `  ~ ${t}  (English changed: review, then delete the -was line)`),
    ...removed.map((t) => `  - ${t}  (text gone: translation dropped)`),
  ];
  console.log(`${file}: ${lines.length ? `\n${lines.join('\n')}` : 'no change'}`);
}
