// The built site (npm run build), served on 127.0.0.1 and read in Chromium the way a reader
// would: every operation is there with its summary, status codes and code samples, the
// landing page links work, nothing is fetched from outside, and the TypeScript samples
// compile against the built client.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { bundle, specJsonPath, specYamlPath } from '@vias-openapi/spec/bundle';
import { referenceRoute } from '../scripts/build.mjs';
import { launchChromium } from '@vias-openapi/browser';
import { SITE_DIR, serveSite } from '../scripts/serve.mjs';
import { clientSample, codeSamples, operations } from '../src/samples.mjs';

const require = createRequire(import.meta.url);
const docsDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(docsDir, '../..');
const screenshotPath = join(repoRoot, 'test-artifacts/docs-reference.png');

let ops: ReturnType<typeof operations>;
let site: { url: string; close: () => Promise<void> } | undefined;
let browser: Browser | undefined;
let typecheck: Promise<{ code: number; output: string }> | undefined;
let setupError: Error | undefined;

/**
 * Writes each operation's TypeScript sample to its own file and compiles them all with the
 * repo's strict settings against the built client. Never rejects: the test reports.
 */
async function typecheckSamples(): Promise<{ code: number; output: string }> {
  const clientTypes = join(dirname(require.resolve('@vias-openapi/client/package.json')), 'dist/index.d.ts');
  if (!existsSync(clientTypes)) {
    return { code: 1, output: `${clientTypes} is missing: build the client (npx turbo run build --filter=@vias-openapi/client)` };
  }
  // Inside apps/docs so that `@vias-openapi/client` resolves through the workspace's
  // node_modules exactly as it does for a user of the package.
  await mkdir(join(docsDir, '.tmp'), { recursive: true });
  const dir = await mkdtemp(join(docsDir, '.tmp/samples-'));
  try {
    for (const op of ops) {
      const ts = codeSamples(op).find((s) => s.lang === 'TypeScript')!;
      await writeFile(join(dir, `${op.operationId}.ts`), ts.source);
    }
    // The AK/SK set-up shown on the landing page.
    await writeFile(join(dir, 'aksk-client.ts'), `${clientSample('aksk')}export { vias };\n`);
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: join(repoRoot, 'tsconfig.base.json'),
        compilerOptions: { noEmit: true, types: ['node'] },
        include: ['*.ts'],
      }),
    );
    const tsc = require.resolve('typescript/bin/tsc');
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', dir]).catch((error) => error);
    return { code: result.code ?? 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  ops = operations();
  // tsc runs in its own process while the browser tests run.
  typecheck = typecheckSamples();
  // A missing site or browser is kept for the browser tests to throw, so each of them
  // FAILS with the fix (a failing beforeAll would only mark them skipped).
  if (!existsSync(join(SITE_DIR, 'reference.html'))) {
    setupError = new Error(`${SITE_DIR} is not built: run \`npm run build -w @vias-openapi/docs\` first`);
    return;
  }
  site = await serveSite({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium().catch((error: Error) => {
    setupError = error;
    return undefined;
  });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await typecheck;
});

/**
 * A fresh context that records every request and console error. Requests that would leave
 * 127.0.0.1 are recorded and aborted, so a regression fails the test instead of reaching out.
 */
async function open(path: string): Promise<{ page: Page; context: BrowserContext; requests: string[]; errors: string[] }> {
  if (setupError) throw setupError;
  const context = await browser!.newContext({ viewport: { width: 1440, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  const origin = new URL(site!.url).origin;
  context.on('request', (request) => requests.push(request.url()));
  await context.route('**/*', (route) =>
    new URL(route.request().url()).origin === origin ? route.continue() : route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(new URL(path, site!.url).href, { waitUntil: 'load' });
  return { page, context, requests, errors };
}

function expectOnlyLocal(requests: string[]) {
  const origin = new URL(site!.url).origin;
  const outside = requests.filter((url) => {
    const { protocol, origin: o } = new URL(url);
    return !(o === origin || protocol === 'data:' || protocol === 'blob:');
  });
  expect(outside, 'requests that left 127.0.0.1').toEqual([]);
}

/** The section Redoc renders for an operation, found by its title. */
const operationSection = (page: Page, summary: string) =>
  page.locator('[data-item-kind="httpItem"]').filter({ has: page.locator('h2', { hasText: summary }) });

/** Opens an operation from the sidebar, the way a reader does: tag group, then summary. */
async function openFromSidebar(page: Page, op: (typeof ops)[number]) {
  const item = page.locator('.menu-item-type-operation').filter({ has: page.getByText(op.summary, { exact: true }) });
  if (!(await item.isVisible())) {
    await page
      .locator('[data-component-name="Menu/MenuItem"]')
      .filter({ has: page.getByText(op.tags[0] ?? 'default', { exact: true }) })
      .first()
      .click();
  }
  await item.click();
  const section = operationSection(page, op.summary);
  await section.locator('h2').waitFor();
  return section;
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('reference page', () => {
  it('loads from 127.0.0.1 only, with telemetry off and no console error', async () => {
    const { page, context, requests, errors } = await open('reference.html');
    try {
      // Hydrated once the sidebar footer shows its attribution logo, which Redoc would take
      // from cdn.redoc.ly; the build points it at our copy.
      const logo = page.locator('img[alt="redocly logo"]');
      await logo.waitFor();
      await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await logo.getAttribute('src')).toBe('assets/redocly-logo-mini-full.svg');
      await page.waitForLoadState('networkidle');
      const html = await page.content();
      expect(html).toContain('"disableTelemetry":true');
      expect(html).not.toContain('cdn.redoc.ly');
      expect(requests).toContain(new URL('assets/redocly-logo-mini-full.svg', site!.url).href);
      expectOnlyLocal(requests);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows every operation with its summary, status codes and both code samples', async () => {
    expect(ops.length).toBeGreaterThan(0);
    const { page, context, requests, errors } = await open('reference.html');
    try {
      for (const op of ops) {
        const section = await openFromSidebar(page, op);
        // (The URL is left alone here: Redoc sets it from its scroll position, which under load
        // can settle on a neighbour. Deep links to each operation are tested from the landing page.)

        // The middle panel of the responses lists one tab per documented status code.
        const responses = await section.locator('[data-testid="middle-panel"]', { hasText: /^Responses/ }).innerText();
        expect(responses.split(/\s+/), `${op.operationId} responses`).toEqual(expect.arrayContaining(op.statuses));

        // Request panel: curl first, then TypeScript from the language menu; each shows
        // exactly the generated sample.
        const [curl, ts] = codeSamples(op);
        const panel = section.locator('[data-testid="right-panel"]').filter({ has: page.getByTestId('source-code') }).first();
        for (const sample of [curl!, ts!]) {
          // The language menu is global (Redoc remembers the last choice), so pick each one.
          await panel.getByTestId('dropdown').filter({ hasText: /^(curl|TypeScript|Payload)$/ }).click();
          // The click event is dispatched on the item (the same handlers run, the menu closes):
          // a pointer click needs the item inside the viewport, and in one CI run the open
          // menu stayed outside it, out of scrolling's reach, for 30 s.
          const item = page.getByRole('menuitem', { name: sample.label, exact: true });
          await item.dispatchEvent('click');
          await item.waitFor({ state: 'hidden' });
          await expect
            .poll(async () => squash(await panel.getByTestId('source-code').innerText()), {
              message: `${op.operationId} ${sample.label}`,
              timeout: 10_000,
            })
            .toBe(squash(sample.source));
        }
      }
      const first = await openFromSidebar(page, ops[0]!);
      // Redoc scrolls smoothly to the operation; shoot once its title has reached the top.
      await expect.poll(async () => (await first.locator('h2').boundingBox())?.y ?? 1e9, { timeout: 10_000 }).toBeLessThan(200);
      await mkdir(dirname(screenshotPath), { recursive: true });
      await page.screenshot({ path: screenshotPath });
      expectOnlyLocal(requests);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('landing page', () => {
  it('links to the reference and to raw spec files equal to the bundle', async () => {
    const { page, context, requests, errors } = await open('index.html');
    try {
      const hrefs = [...new Set(await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!)))];
      // The reference, both raw files, and a deep link to every operation of the bundle.
      const deepLinks = ops.map((op) => `reference.html${referenceRoute(op)}`);
      expect(hrefs).toEqual(expect.arrayContaining(['reference.html', 'openapi.yaml', 'openapi.json', ...deepLinks]));
      const target = await context.newPage();

      for (const href of hrefs) {
        if (/\.(ya?ml|json)$/.test(href)) {
          // A real download, as the reader gets it, byte for byte the published bundle.
          const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`a[href="${href}"]`).first().click()]);
          const body = await readFile((await download.path())!, 'utf8');
          expect(body, href).toBe(await readFile(href.endsWith('.json') ? specJsonPath : specYamlPath, 'utf8'));
          expect(href.endsWith('.json') ? JSON.parse(body) : parseYaml(body), href).toEqual(bundle);
          continue;
        }
        // One tab for every page link: links into the reference differ only in their hash,
        // so after the first load each is a same-document navigation, as for a reader.
        const response = await target.goto(new URL(href, site!.url).href);
        if (response) expect(response.status(), href).toBe(200);
        if (href.startsWith('reference.html')) {
          await target.locator('[data-component-name="Menu/MenuItem"]').first().waitFor();
          // A link to an operation shows that operation; section links (#/section/…) are
          // covered by the "No page" check below.
          if (!href.includes('#/section/') && href.includes('#')) {
            const op = ops.find((o) => href.endsWith(`/${o.operationId.toLowerCase()}`));
            expect(op, `${href} names an operation`).toBeDefined();
            await operationSection(target, op!.summary).locator('h2').waitFor();
          }
          // A deep link Redoc does not know renders its "No page at this address" page.
          expect(await target.getByText('No page at this address').count(), href).toBe(0);
        }
      }
      expectOnlyLocal(requests);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('TypeScript samples', () => {
  it('type-check against the built @vias-openapi/client', async () => {
    const { code, output } = await typecheck!;
    expect(output, 'tsc output').toBe('');
    expect(code).toBe(0);
  });
});

describe('serveSite', () => {
  it('serves the site with content types and nothing outside its root', async () => {
    if (setupError && !site) throw setupError;
    const get = (path: string) => fetch(`${site!.url}${path}`);
    expect((await get('openapi.yaml')).headers.get('content-type')).toMatch(/^application\/yaml/);
    expect((await get('')).headers.get('content-type')).toMatch(/^text\/html/);
    // fetch() normalises "../", but not an encoded slash: this one decodes to
    // ../package.json, which exists next to site/ and must not be served.
    expect((await get('..%2fpackage.json')).status).toBe(404);
    expect((await get('missing.html')).status).toBe(404);
  });
});
