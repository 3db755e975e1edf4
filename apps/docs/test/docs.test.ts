// The built site (npm run build), served on 127.0.0.1 and read in Chromium the way a reader
// would, in every language it is published in (English at the root, Chinese in zh-CN/).
// Assertions go through what Redoc renders for an address (deep links, the operation's anchor
// and sample text), never through clicking its menus: every operation of every document (the API
// generations and the emulator's control API) is there with its summary (in the page's
// language), status codes and code samples, and every webhook with its summary; the landing
// page links work; the error codes are listed; nothing is fetched from outside; no page is wider
// than a 390 px or a 1400 px screen; nothing a reader sees mentions the spec's source files; the
// Chinese pages show no English prose; the language switch keeps the reader's place; and the
// TypeScript samples compile against the built packages. The testing page: test/testing.test.ts.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@vias-openapi/browser';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { operationHref, referenceRoute } from '../scripts/build.mjs';
import { SITE_DIR } from '../scripts/serve.mjs';
import { control, documentOperations, documents, renderedDocument, samplesOf } from '../src/documents.mjs';
import { loadEditions } from '../src/editions.mjs';
import { clientSample, errorCatalogues, generations } from '../src/samples.mjs';
import { LATIN_NAMES, identifiers } from './prose.js';
import {
  AUTHORING_NOTE,
  authoringNotes,
  englishProse,
  overflow,
  redocReady,
  squash,
  untranslatedRedocLabels,
  useSite,
  waitForText,
} from './site.js';
import { typecheck } from './typecheck.js';

const require = createRequire(import.meta.url);
const docsDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(docsDir, '../..');
const screenshotPath = (edition: { lang: { code: string } }) =>
  join(repoRoot, `test-artifacts/docs-reference${edition.lang.code === 'en' ? '' : `-${edition.lang.code}`}.png`);
const WIDTHS = [390, 1400];

const { url, open, expectOnlyLocal } = useSite();
let samplesChecked: Promise<{ code: number; output: string }> | undefined;

type Op = ReturnType<typeof documentOperations>[number];
const allOps: Op[] = documentOperations();
// The operations of the emulated API (the landing page lists these).
const apiOps: Op[] = allOps.filter((op) => op.generation !== control.key);

// The editions as the build made them: each language's documents (translations applied) and its
// messages. Loading them checks the translations; a problem fails this file with the list.
const editions = await loadEditions();
type Edition = (typeof editions)[number];
const english = editions.find((e) => e.lang.code === 'en')!;
const translated = editions.filter((e) => e.lang.code !== 'en');

/** An operation's summary in an edition's language. */
const summaryOf = (edition: Edition, op: Op): string => edition.docs[op.generation]!.paths[op.path][op.method].summary;

/** A Redoc label in an edition's language (Redoc's English on the English pages). */
const redocLabel = (edition: Edition, key: string, en: string): string => edition.redoc?.[key] ?? en;

/**
 * Every TypeScript sample the reference pages show (each operation's, the control API's among
 * them) and the client set-ups of the landing page, each in its own file, compiled against the
 * built @vias-openapi/client and @vias-openapi/emulator/control.
 */
function typecheckSamples() {
  const files = new Map<string, string>();
  for (const op of allOps) {
    const ts = samplesOf(op).find((s) => s.lang === 'TypeScript')!;
    files.set(`${op.generation}-${op.operationId}.ts`, `${ts.source}export {};\n`);
  }
  for (const g of generations) {
    for (const auth of ['token', 'aksk'] as const) files.set(`${g.key}-${auth}-client.ts`, `${clientSample(auth, g.key)}export { ${g.key} };\n`);
  }
  return typecheck(files);
}

beforeAll(() => {
  // tsc runs in its own process while the browser tests run.
  samplesChecked = typecheckSamples();
});

/** Redoc's section of an operation: the element whose id is its route, e.g. `tasks/showtask`. */
const operationSection = (page: Page, op: Op) => page.locator(`[id="${referenceRoute(op).slice(2)}"]`);

/** Navigates to an operation's deep link in an edition and waits for Redoc to render its section. */
async function showOperation(page: Page, op: Op, edition: Edition = english) {
  await page.goto(new URL(`${edition.lang.dir}${operationHref(op)}`, url()).href);
  await waitForText(page, `[id="${referenceRoute(op).slice(2)}"] h2`, summaryOf(edition, op));
  return operationSection(page, op);
}

/** Resolves once the first element of `selector` starts within `px` of the window's top. */
const scrolledNearTop = (page: Page, selector: string, px: number) =>
  page.waitForFunction(([selector, px]) => {
    const top = document.querySelector(selector as string)?.getBoundingClientRect().top;
    return top !== undefined && top < (px as number);
  }, [selector, px] as const);

describe.each(editions.flatMap((edition) => documents.map((g) => [`${edition.lang.code} ${g.key}`, edition, g] as const)))(
  'reference page (%s)',
  (_name, edition, g) => {
    const ops = documentOperations(g.key);
    const path = `${edition.lang.dir}${g.page}`;
    const isEnglish = edition.lang.code === 'en';

    it('loads from 127.0.0.1 only, with telemetry off, no console error and no authoring note', async () => {
      const { page, context, requests, errors } = await open(path);
      try {
        // Hydrated once the sidebar footer shows its attribution logo, which Redoc would take
        // from cdn.redoc.ly; the build points it at our copy. Waits for the image's own load.
        const logo = page.locator('img[alt="redocly logo"]');
        await logo.waitFor();
        const width = await logo.evaluate(
          (img: HTMLImageElement) =>
            img.complete ? img.naturalWidth : new Promise<number>((resolve) => img.addEventListener('load', () => resolve(img.naturalWidth), { once: true })),
        );
        expect(width).toBeGreaterThan(0);
        expect(await logo.getAttribute('src')).toBe(`${edition.lang.root}assets/redocly-logo-mini-full.svg`);
        const html = await page.content();
        expect(html).toContain('"disableTelemetry":true');
        expect(html).not.toContain('cdn.redoc.ly');
        expect(await page.getAttribute('html', 'lang')).toBe(edition.lang.code);
        expect(requests).toContain(new URL('assets/redocly-logo-mini-full.svg', url()).href);
        expect(await authoringNotes(page)).toEqual([]);
        expectOnlyLocal(requests);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('renders nothing from the document that mentions its source files', () => {
      // Everything Redoc can show (descriptions, examples, samples) is in the copy it renders;
      // deep links below check the rendered text of each operation as well.
      const strings: string[] = [];
      JSON.stringify(renderedDocument(g.key, edition.docs[g.key]), (_, value) => (typeof value === 'string' && strings.push(value), value));
      expect(strings.filter((s) => AUTHORING_NOTE.test(s))).toEqual([]);
    });

    it(`shows every operation at its deep link, with its summary, anchor, status codes and both code samples${isEnglish ? '' : ', and no English prose'}`, async () => {
      // The operations come from the document's bundle (for the control API, the emulator
      // package's export): one that Redoc did not render never reaches its heading.
      expect(ops.map((op) => op.operationId).sort()).toEqual(g.specOperations.map((op: { id: string }) => op.id).sort());
      expect(ops.length).toBeGreaterThan(0);
      const allowed = isEnglish ? [] : [...identifiers(edition), ...LATIN_NAMES];
      // One pass per sample language, chosen the way Redoc remembers a reader's choice.
      for (const [language, label] of [
        ['bash', 'curl'],
        ['typescript', 'TypeScript'],
      ] as const) {
        const { page, context, requests, errors } = await open(path, { language });
        try {
          await redocReady(page);
          for (const op of ops) {
            const section = await showOperation(page, op, edition);
            // The heading's own anchor is the deep link readers copy.
            expect(await section.locator(`a[href="${referenceRoute(op)}"]`).count(), `${op.operationId} anchor`).toBeGreaterThan(0);
            expect(AUTHORING_NOTE.test(await section.innerText()), `${op.operationId} text mentions a source file`).toBe(false);
            if (language === 'bash') {
              // The middle panel of the responses lists one tab per documented status code.
              const responsesLabel = redocLabel(edition, 'responses', 'Responses');
              const responses = await section.locator('[data-testid="middle-panel"]', { hasText: new RegExp(`^${responsesLabel}`) }).innerText();
              expect(responses.split(/\s+/), `${op.operationId} responses`).toEqual(expect.arrayContaining(op.statuses));
              if (!isEnglish) expect(await englishProse(page, allowed), `${op.operationId}: English prose on the ${edition.lang.code} page`).toEqual([]);
            }
            const sample = samplesOf(op).find((s) => s.label === label)!;
            // Redoc renders the chosen sample once the section is shown; wait for its text.
            await page.waitForFunction(
              ([id, text]) =>
                (document.querySelector(`[id="${id}"] [data-testid="source-code"]`) as HTMLElement | null)?.innerText.replace(/\s+/g, ' ').trim() === text,
              [referenceRoute(op).slice(2), squash(sample.source)] as const,
            );
          }
          if (language === 'bash') {
            // The webhooks (requests the service sends), each at its deep link, in the page's language.
            for (const webhook of g.webhooks ?? []) {
              const route = `${webhook.tags[0]!.toLowerCase().replace(/\s+/g, '-')}/${webhook.id.toLowerCase()}`;
              const summary = edition.docs[g.key]!.webhooks[webhook.name].post.summary as string;
              await page.goto(new URL(`${path}#/${route}`, url()).href);
              await page.waitForFunction(
                ([route, summary]) => (document.querySelector(`[id="${route}"] h2`)?.textContent ?? '').startsWith(summary!),
                [route, summary] as const,
              );
              if (!isEnglish) expect(await englishProse(page, allowed), `${webhook.id}: English prose on the ${edition.lang.code} page`).toEqual([]);
            }
            // Every label Redoc asked for while showing the operations and webhooks (the page
            // stayed loaded: only its fragment changed) has a translation.
            if (!isEnglish) expect(await untranslatedRedocLabels(page), 'Redoc labels without a translation in i18n/<lang>/redoc.yaml').toEqual([]);
            // The introduction and its sections, in the page's language.
            await page.goto(new URL(path, url()).href);
            await redocReady(page);
            await page.waitForFunction((title) => (document.querySelector('h1')?.textContent ?? '').includes(title), edition.docs[g.key]!.info.title as string);
            if (!isEnglish) {
              expect(await englishProse(page, allowed), `English prose on the ${edition.lang.code} introduction`).toEqual([]);
              expect(await untranslatedRedocLabels(page), 'Redoc labels without a translation in i18n/<lang>/redoc.yaml').toEqual([]);
            }
          }
          if (g.key === generations[0]!.key && language === 'bash') {
            await showOperation(page, ops[0]!, edition);
            // Redoc scrolls to the operation; shoot once its title has reached the top.
            await scrolledNearTop(page, `[id="${referenceRoute(ops[0]!).slice(2)}"] h2`, 200);
            await mkdir(dirname(screenshotPath(edition)), { recursive: true });
            await page.screenshot({ path: screenshotPath(edition) });
          }
          expectOnlyLocal(requests);
          expect(errors).toEqual([]);
        } finally {
          await context.close();
        }
      }
    });
  },
);

describe('the control API reference', () => {
  it('offers the control description for download, byte for byte the emulator package export, and lists its operations by tag', async () => {
    const exported = { yaml: require.resolve('@vias-openapi/emulator/control.yaml'), json: require.resolve('@vias-openapi/emulator/control.json') };
    for (const edition of editions) {
      const { page, context, errors } = await open(`${edition.lang.dir}${control.page}`);
      try {
        await redocReady(page);
        const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
        for (const [i, file] of control.files.entries()) {
          const href = `${edition.lang.root}${file}`;
          expect(hrefs, `${edition.lang.code}: download of ${file}`).toContain(href);
          const body = await (await fetch(new URL(href, new URL(`${edition.lang.dir}${control.page}`, url())))).text();
          expect(body, href).toBe(await readFile(i === 0 ? exported.yaml : exported.json, 'utf8'));
          expect(i === 0 ? parseYaml(body) : JSON.parse(body)).toEqual(control.bundle);
        }
        // The menu's groups are the description's tags, in this language.
        // (A link is `/emulator` as rendered on the server and `#/emulator` once hydrated: the same route.)
        const groups = await page.locator('[data-component-name="Menu/MenuItem"].menu-item-type-group > a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!.replace(/^#/, '')));
        expect(groups.sort()).toEqual(control.bundle.tags.map((t: { name: string }) => `/${t.name.toLowerCase().replace(/\s+/g, '-')}`).sort());
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});

describe.each(translated.map((edition) => [edition.lang.code, edition] as const))('the %s reference pages', (_code, edition) => {
  it("open each section at the English section's address too, under its own route", async () => {
    // The documents whose description has sections (the control API's has none).
    for (const g of documents.filter((d) => /^## /m.test(d.bundle.info.description ?? ''))) {
      const englishHtml = await readFile(join(SITE_DIR, g.page), 'utf8');
      const sections = [...new Set([...englishHtml.matchAll(/data-section-id="(\/section\/[^"]*)"/g)].map((m) => m[1]!))];
      expect(sections.length, `${g.page} has sections`).toBeGreaterThan(0);
      const { page, context, errors } = await open(`${edition.lang.dir}${g.page}`);
      try {
        const headings = (edition.docs[g.key]!.info.description as string).match(/^## .+$/gm)!.map((h) => h.slice(3).trim());
        expect(headings.length).toBe(sections.length);
        for (const [i, route] of sections.entries()) {
          await page.goto(new URL(`${edition.lang.dir}${g.page}#${route}`, url()).href);
          await redocReady(page);
          // The address is rewritten to the section's route in this language, and Redoc shows it.
          const own = decodeURIComponent(new URL(page.url()).hash).slice(1);
          await waitForText(page, `[data-section-id="${own}"] h2`, headings[i]!);
          expect(await page.getByText(redocLabel(edition, 'page.apiNotFound.title', 'No page at this address')).count(), route).toBe(0);
        }
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});

/** Code in `selector` that wraps mid-word: a line may end only after a slash or a space. */
const codeBrokenMidWord = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((codes) =>
    codes.flatMap((code) => {
      const chars: { char: string; top: number }[] = [];
      for (const child of code.childNodes) {
        if (child.nodeType !== Node.TEXT_NODE) continue;
        for (let i = 0; i < child.textContent!.length; i++) {
          const range = document.createRange();
          range.setStart(child, i);
          range.setEnd(child, i + 1);
          chars.push({ char: child.textContent![i]!, top: Math.round(range.getBoundingClientRect().top) });
        }
      }
      return chars.flatMap((c, i) =>
        i > 0 && c.top > chars[i - 1]!.top && !'/ '.includes(chars[i - 1]!.char) ? [`${code.textContent} before "${c.char}" (#${i})`] : [],
      );
    }),
  );

/** The copy button of an operation's first code sample and the sample's first line, as rectangles. */
const copyButtonAndFirstLine = (page: Page, op: Op) =>
  operationSection(page, op)
    .getByTestId('source-code')
    .first()
    .evaluate((element) => {
      const range = document.createRange();
      const text = document.createTreeWalker(element, NodeFilter.SHOW_TEXT).nextNode()!;
      range.setStart(text, 0);
      range.setEnd(text, Math.min(1, text.textContent!.length));
      const first = range.getBoundingClientRect();
      // The copy button of this code block (the panel holds hidden ones for other tabs).
      const copy = element.closest('[data-component-name="CodeBlock/CodeBlock"]')!.querySelector('[data-testid="copy-button"]')!.getBoundingClientRect();
      const rect = (r: DOMRect) => ({ top: r.top, bottom: r.bottom, left: r.left, right: r.right });
      return { button: rect(copy), line: { ...rect(first), right: element.getBoundingClientRect().right } };
    });

describe.each(WIDTHS)('a %i px screen', (width) => {
  // Each page of each language once per width; what is checked depends on what the page has.
  const visits = editions.flatMap((edition) => [
    { path: `${edition.lang.dir}index.html`, codeInTables: 'table.ops code.path', edition },
    { path: `${edition.lang.dir}errors.html`, edition },
    { path: `${edition.lang.dir}testing.html`, edition },
    ...documents.flatMap((g) => {
      const ops = documentOperations(g.key);
      const sample = ops.find((o) => o.body !== undefined) ?? ops[0]!;
      // Code in the tables of the introduction (the control API's has no table).
      const tables = /^\|.*\|$/m.test(g.bundle.info.description ?? '');
      return [
        { path: `${edition.lang.dir}${g.page}`, ...(tables ? { codeInTables: '#redoc td code' } : {}), edition },
        { path: `${edition.lang.dir}${operationHref(sample)}`, op: sample, edition },
      ];
    }),
  ]);

  it.each(visits)('$path fits the window; its table code wraps only after / or a space; its copy button and its menu button leave the code free', async ({ path, codeInTables, op, edition }: { path: string; codeInTables?: string; op?: Op; edition: Edition }) => {
    const { page, context } = await open(path, { width });
    try {
      if (path.includes('reference')) await redocReady(page);
      if (op) await waitForText(page, `[id="${referenceRoute(op).slice(2)}"] h2`, summaryOf(edition, op));
      if (codeInTables) {
        await page.locator(codeInTables).first().waitFor({ state: 'attached' });
        expect(await codeBrokenMidWord(page, codeInTables), 'code broken mid-word').toEqual([]);
      }
      if (op) {
        await operationSection(page, op).getByTestId('source-code').first().scrollIntoViewIfNeeded();
        const { button, line } = await copyButtonAndFirstLine(page, op);
        expect(button.right - button.left, 'the copy button is visible').toBeGreaterThan(0);
        const overlaps = button.left < line.right && button.right > line.left && button.top < line.bottom && button.bottom > line.top;
        expect(overlaps, `copy button ${JSON.stringify(button)} over the first line ${JSON.stringify(line)}`).toBe(false);
      }
      if (path.includes('reference')) {
        // Redoc's floating menu button (narrow screens only) sits in the header bar, so it covers
        // no sample line (it used to cover curl's trailing `\`).
        const { button, header } = await page.evaluate(() => {
          const rect = (e: Element | null) => {
            const r = e?.getBoundingClientRect();
            return r && r.width > 0 ? { top: r.top, bottom: r.bottom, left: r.left, right: r.right } : null;
          };
          return { button: rect(document.querySelector('[data-testid="floating-button"]')), header: rect(document.querySelector('.vias-header')) };
        });
        if (width < 640) expect(button, 'the floating menu button is shown').not.toBeNull();
        if (button) {
          expect(header).not.toBeNull();
          expect(button.top >= header!.top && button.bottom <= header!.bottom && button.right <= header!.right, `button ${JSON.stringify(button)} inside the header ${JSON.stringify(header)}`).toBe(true);
        }
      }
      // The language switch stays in view at the end of the header, however many links the nav has.
      const switchBox = await page.locator('.vias-header a.vias-lang').boundingBox();
      expect(switchBox && switchBox.x >= 0 && switchBox.x + switchBox.width <= width, `language switch ${JSON.stringify(switchBox)} in a ${width} px window`).toBe(true);
      expect(await overflow(page), 'overflows the window by').toBe(0);
    } finally {
      await context.close();
    }
  });
});

describe('landing page', () => {
  it('says what the mock and the emulator are for, and how to install from a clone', async () => {
    const { page, context, errors } = await open('index.html');
    try {
      const text = squash(await page.locator('main').innerText());
      expect(text).toMatch(/Prism mock · port 4010/);
      expect(text).toMatch(/VIAS emulator · port 4020/);
      expect(text).toMatch(/vias-emulator is stateful/);
      // The client can be pointed at either, each by its own port.
      expect(text).toMatch(/the mock with endpoint: 'http:\/\/127\.0\.0\.1:4010'/);
      expect(text).toMatch(/the emulator with endpoint: 'http:\/\/127\.0\.0\.1:4020'/);
      // Not on the registry yet: the page must not tell readers to install from it.
      expect(text).not.toMatch(/npm install @vias-openapi\/client/);
      expect(text).toMatch(/npm pack -w @vias-openapi\/signer -w @vias-openapi\/client/);
      expect(await authoringNotes(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each(translated.map((edition) => [edition.lang.code, edition] as const))(
    'in %s says the same: the mock, the emulator, both endpoints and the install from a clone, in no English prose',
    async (_code, edition) => {
      const { page, context, errors } = await open(`${edition.lang.dir}index.html`);
      try {
        expect(await page.getAttribute('html', 'lang')).toBe(edition.lang.code);
        const text = squash(await page.locator('main').innerText());
        // The same facts and code as the English page: the site's own translations of them.
        for (const key of ['index.local.mock.h3', 'index.local.emulator.h3', 'index.install.h2']) {
          expect(text).toContain(squash(edition.units!.get(key)!.replace(/<[^>]+>/g, '')));
        }
        expect(text).toContain("endpoint: 'http://127.0.0.1:4010'");
        expect(text).toContain("endpoint: 'http://127.0.0.1:4020'");
        expect(text).toMatch(/npm pack -w @vias-openapi\/signer -w @vias-openapi\/client/);
        expect(text).not.toMatch(/npm install @vias-openapi\/client/);
        // Operations are listed under their summaries in this language.
        for (const op of apiOps) expect(await page.locator(`a[href="${operationHref(op)}"]`).first().textContent()).toBe(summaryOf(edition, op));
        expect(await englishProse(page, [...identifiers(edition), ...LATIN_NAMES])).toEqual([]);
        expect(await authoringNotes(page)).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  it.each(editions.map((edition) => [edition.lang.code, edition] as const))(
    'in %s links to every reference page, every operation, the error codes, the testing page, the other language and raw files equal to the bundles',
    async (_code, edition) => {
      const { dir, root } = edition.lang;
      const { page, context, requests, errors } = await open(`${dir}index.html`);
      try {
        const hrefs = [...new Set(await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!)))];
        const others = editions.filter((e) => e !== edition).map((e) => `${root}${e.lang.dir}index.html`);
        expect(hrefs).toEqual(
          expect.arrayContaining([
            'errors.html',
            'testing.html',
            control.page,
            ...others,
            ...generations.flatMap((g) => [g.page, ...g.files.map((f) => `${root}${f}`)]),
            ...apiOps.map(operationHref),
          ]),
        );
        const target = await context.newPage();
        // Links to operations are the hrefs the reference test opens one by one (operationHref);
        // here every other link is followed: pages, section links, downloads.
        const operationLinks = new Set(apiOps.map(operationHref));
        for (const href of hrefs.filter((h) => !operationLinks.has(h))) {
          const g = generations.find((gen) => gen.files.some((f) => href === `${root}${f}`));
          if (g) {
            // A real download, as the reader gets it, byte for byte the published bundle.
            const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`a[href="${href}"]`).first().click()]);
            const body = await readFile((await download.path())!, 'utf8');
            const json = href.endsWith('.json');
            expect(body, href).toBe(await readFile(json ? g.jsonPath : g.yamlPath, 'utf8'));
            expect(json ? JSON.parse(body) : parseYaml(body), href).toEqual(g.bundle);
            continue;
          }
          const response = await target.goto(new URL(href, new URL(`${dir}index.html`, url())).href);
          if (response) expect(response.status(), href).toBe(200);
          if (href.includes('reference')) {
            await redocReady(target);
            // A deep link Redoc does not know renders its "No page at this address" page.
            expect(await target.getByText(redocLabel(edition, 'page.apiNotFound.title', 'No page at this address')).count(), href).toBe(0);
            if (href.includes('#/section/')) {
              // A section link lands on that section, under this language's route for it.
              const route = decodeURIComponent(new URL(target.url()).hash).slice(1);
              await target.locator(`[data-section-id="${route}"] h2`).first().waitFor();
              expect(await target.locator(`[data-section-id="${route}"] h2`).count(), href).toBe(1);
            }
          }
        }
        expectOnlyLocal(requests);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});

describe.each(editions.map((edition) => [edition.lang.code, edition] as const))('error codes page (%s)', (_code, edition) => {
  it('lists every code of every generation with its status, message, description and advice, each with its own anchor', async () => {
    const { page, context, errors } = await open(`${edition.lang.dir}errors.html`);
    try {
      for (const g of generations) {
        const englishCodes = new Map(errorCatalogues(g.key).flatMap((c) => c.codes).map((c) => [c.code, c]));
        const codes = errorCatalogues(g.key, edition.docs[g.key]).flatMap((c) => c.codes);
        expect(codes.length, `${g.key} has an error catalogue`).toBeGreaterThan(0);
        expect(codes.map((c) => c.code)).toEqual([...englishCodes.keys()]);
        for (const c of codes) {
          const row = page.locator(`tr[id="${c.code}"]`);
          const cells = (await row.locator('td').allInnerTexts()).map(squash);
          // A translated page shows the message in its language and, as code, the English text
          // the service sends in `error_msg`.
          const message = edition === english ? c.message : `${c.message} ${englishCodes.get(c.code)!.message}`;
          expect(cells, c.code).toEqual([c.code, String(c.status), ...[message, c.description, c.advice].map((t) => squash(t ?? ''))]);
          if (edition !== english) expect(await row.locator('code[lang="en"]').textContent()).toBe(englishCodes.get(c.code)!.message);
          expect(await row.locator(`a[href="#${c.code}"]`).count()).toBe(1);
        }
      }
      if (edition !== english) expect(await englishProse(page, [...identifiers(edition), ...LATIN_NAMES])).toEqual([]);
      expect(await authoringNotes(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the language switch', () => {
  const [first] = translated;
  const vias = generations[0]!;
  const op = documentOperations(vias.key).find((o) => o.operationId === 'showTask') ?? documentOperations(vias.key)[0]!;

  /** Clicks the header's link to `to` and waits for its page. */
  async function switchTo(page: Page, to: Edition) {
    await Promise.all([page.waitForURL((u) => u.pathname.includes(`/${to.lang.dir}`) || to.lang.dir === ''), page.locator(`.vias-header a[hreflang="${to.lang.code}"]`).click()]);
    await page.waitForLoadState('load');
  }

  it('is on every page of every language and names the same page in the other', async () => {
    for (const edition of editions) {
      for (const file of ['index.html', 'errors.html', 'testing.html', ...documents.map((g) => g.page)]) {
        const { page, context } = await open(`${edition.lang.dir}${file}`);
        try {
          for (const other of editions.filter((e) => e !== edition)) {
            expect(await page.locator(`.vias-header a[hreflang="${other.lang.code}"]`).getAttribute('href'), `${edition.lang.dir}${file}`).toBe(
              `${edition.lang.root}${other.lang.dir}${file}`,
            );
          }
        } finally {
          await context.close();
        }
      }
    }
  });

  it('keeps the reader at the same operation of a reference page, both ways', async () => {
    const { page, context, errors } = await open(vias.page);
    try {
      await redocReady(page);
      await showOperation(page, op, english);
      await switchTo(page, first!);
      expect(new URL(page.url()).pathname).toBe(`/${first!.lang.dir}${vias.page}`);
      expect(new URL(page.url()).hash).toBe(referenceRoute(op));
      await waitForText(page, `[id="${referenceRoute(op).slice(2)}"] h2`, summaryOf(first!, op));
      // Redoc does not put the reader's scrolling into the address: the switch reads the place
      // from the page. Scroll to the next operation, then switch back.
      const viasOps = documentOperations(vias.key);
      const next = viasOps[viasOps.findIndex((o) => o.operationId === op.operationId) + 1]!;
      const nextTop = () =>
        page.evaluate((id) => document.querySelector(`[id="${id}"]`)?.getBoundingClientRect().top ?? null, referenceRoute(next).slice(2));
      // Redoc renders the sections around the reader as they scroll: wheel down, a frame at a
      // time, until the next operation's title has passed under the header, as a reader would.
      for (let top = await nextTop(); top === null || top >= 120; top = await nextTop()) {
        await page.mouse.wheel(0, top === null ? 600 : Math.min(600, top - 80));
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      }
      await switchTo(page, english);
      expect(new URL(page.url()).pathname).toBe(`/${vias.page}`);
      expect(new URL(page.url()).hash).toBe(referenceRoute(next));
      await waitForText(page, `[id="${referenceRoute(next).slice(2)}"] h2`, next.summary!);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps the reader at the same operation of the control API reference', async () => {
    const addFault = documentOperations(control.key).find((o) => o.operationId === 'addFault')!;
    const { page, context, errors } = await open(control.page);
    try {
      await redocReady(page);
      await showOperation(page, addFault, english);
      await switchTo(page, first!);
      expect(new URL(page.url()).pathname).toBe(`/${first!.lang.dir}${control.page}`);
      expect(new URL(page.url()).hash).toBe(referenceRoute(addFault));
      await waitForText(page, `[id="${referenceRoute(addFault).slice(2)}"] h2`, summaryOf(first!, addFault));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("keeps the reader at the same section of a reference page, under each language's route", async () => {
    const { page, context, errors } = await open(`${vias.page}#/section/task-states`);
    try {
      await redocReady(page);
      await waitForText(page, '[data-section-id="/section/task-states"] h2', 'Task states');
      await switchTo(page, first!);
      const route = decodeURIComponent(new URL(page.url()).hash).slice(1);
      expect(route).not.toBe('/section/task-states');
      await waitForText(page, `[data-section-id="${route}"] h2`, route.replace('/section/', ''));
      await switchTo(page, english);
      expect(new URL(page.url()).hash).toBe('#/section/task-states');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps the reader at the same section of the landing and testing pages and the same code of the error codes', async () => {
    for (const [file, anchor] of [
      ['index.html', 'install'],
      ['testing.html', 'alerts'],
      ['errors.html', 'IVA.0005'],
    ] as const) {
      const { page, context, errors } = await open(`${file}#${anchor}`);
      try {
        await switchTo(page, first!);
        expect(new URL(page.url()).pathname).toBe(`/${first!.lang.dir}${file}`);
        expect(new URL(page.url()).hash).toBe(`#${anchor}`);
        const top = await page.locator(`[id="${anchor}"]`).evaluate((e) => e.getBoundingClientRect().top);
        // At the top of the window, below the sticky header rather than under it.
        expect(top, `${file}#${anchor} at the top of the window`).toBeLessThan(120);
        expect(top, `${file}#${anchor} below the header`).toBeGreaterThanOrEqual(await page.locator('.vias-header').evaluate((e) => e.getBoundingClientRect().bottom));
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});

describe('TypeScript samples', () => {
  it('of the reference pages (the control API with createControlClient) and the client set-ups type-check against the built packages', async () => {
    const { code, output } = await samplesChecked!;
    expect(output, 'tsc output').toBe('');
    expect(code).toBe(0);
  });
});

describe('serveSite', () => {
  it('serves the site with content types and nothing outside its root', async () => {
    const get = (path: string) => fetch(`${url()}${path}`);
    expect((await get('openapi.yaml')).headers.get('content-type')).toMatch(/^application\/yaml/);
    expect((await get('')).headers.get('content-type')).toMatch(/^text\/html/);
    // fetch() normalises "../", but not an encoded slash: this one decodes to
    // ../package.json, which exists next to site/ and must not be served.
    expect((await get('..%2fpackage.json')).status).toBe(404);
    expect((await get('missing.html')).status).toBe(404);
  });
});

describe('npm start (scripts/serve.mjs)', () => {
  const serveScript = join(docsDir, 'scripts/serve.mjs');

  /** Runs the start script until it prints its URL or exits; always stops it. */
  function start(args: string[]) {
    const child = spawn(process.execPath, [serveScript, ...args], { env: { ...process.env, DOCS_PORT: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const listening = new Promise<string | undefined>((resolve) => {
      child.stdout.on('data', () => {
        const found = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1];
        if (found) resolve(found);
      });
      void exited.then(() => resolve(undefined));
    });
    return { child, exited, listening, output: () => ({ stdout, stderr }) };
  }

  it('serves the built site on 127.0.0.1 and prints its URL', async () => {
    const run = start(['--port', '0']);
    try {
      const found = await run.listening;
      expect(found, JSON.stringify(run.output())).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const response = await fetch(`${found}index.html`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(await readFile(join(SITE_DIR, 'index.html'), 'utf8'));
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  });

  it('fails with a clear message when the port is taken', async () => {
    const port = new URL(url()).port;
    const run = start(['--port', port]);
    try {
      expect(await run.exited).toBe(1);
      expect(run.output().stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(run.output().stdout).toBe('');
    } finally {
      run.child.kill('SIGTERM');
    }
  });
});
