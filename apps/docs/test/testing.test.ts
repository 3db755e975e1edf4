// "Testing with the emulator" (testing.html), in every language: the page is there, loads only
// from 127.0.0.1 without a console error, its links resolve, it shows every recipe of
// src/testing/ as it is, the Chinese one in no English prose; every recipe type-checks against
// the built packages as the page shows it, and runs against a real emulator (each recipe starts
// its own on a free 127.0.0.1 port and stops it, failing or not); the page's shell commands call
// only operations of the control API's bundle and flags `vias-emulator --help` lists; and the
// alerting algorithms it names are the ones the emulator's catalogue sends alerts for.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createViasClient } from '@vias-openapi/client';
import { startEmulator } from '@vias-openapi/emulator';
import { createControlClient } from '@vias-openapi/emulator/control';
import { describe, expect, it } from 'vitest';
import { control, controlOperations } from '../src/control.mjs';
import { loadEditions } from '../src/editions.mjs';
import { recipes } from '../src/recipes.mjs';
import { LATIN_NAMES, identifiers } from './prose.js';
import { authoringNotes, englishProse, redocReady, useSite } from './site.js';
import { typecheck } from './typecheck.js';

const require = createRequire(import.meta.url);
const { url, open, expectOnlyLocal } = useSite();
const editions = await loadEditions();
const all = recipes();
const PAGE = 'testing.html';

/** The text of every code block of a page, as the reader sees it (entities decoded). */
const codeBlocks = async (path: string) => {
  const { page, context } = await open(path);
  try {
    return await page.locator('main pre code').evaluateAll((codes) => codes.map((c) => c.textContent ?? ''));
  } finally {
    await context.close();
  }
};

describe.each(editions.map((edition) => [edition.lang.code, edition] as const))('the testing page (%s)', (_code, edition) => {
  const path = `${edition.lang.dir}${PAGE}`;

  it('loads from 127.0.0.1 only, in its language, with no console error, and shows every recipe as it is', async () => {
    expect(all.length).toBeGreaterThan(0);
    const { page, context, requests, errors } = await open(path);
    try {
      expect(await page.getAttribute('html', 'lang')).toBe(edition.lang.code);
      expect(await page.locator('.vias-header a[aria-current="page"]').getAttribute('href')).toBe(PAGE);
      const blocks = await page.locator('main pre code').evaluateAll((codes) => codes.map((c) => c.textContent ?? ''));
      for (const recipe of all) expect(blocks, `${recipe.name}.ts on ${path}`).toContain(recipe.source.trimEnd());
      // The scenario kinds are the control description's, each with its description in this language.
      const kind = edition.docs[control.key]!.components.schemas.ScenarioKind;
      for (const value of kind.enum as string[]) {
        const text = (await page.locator(`tr[id="scenario-${value}"] td`).allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
        expect(text, value).toEqual([value, (kind['x-enumDescriptions'][value] as string).replace(/`/g, '')]);
      }
      if (edition.lang.code !== 'en') expect(await englishProse(page, [...identifiers(edition), ...LATIN_NAMES])).toEqual([]);
      expect(await authoringNotes(page)).toEqual([]);
      expectOnlyLocal(requests);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('links to pages and places that exist: the control API reference, the other language, its own sections', async () => {
    const { page, context, requests, errors } = await open(path);
    try {
      const hrefs = [...new Set(await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!)))];
      expect(hrefs).toEqual(expect.arrayContaining([control.page, ...editions.filter((e) => e !== edition).map((e) => `${edition.lang.root}${e.lang.dir}${PAGE}`)]));
      const target = await context.newPage();
      for (const href of hrefs) {
        if (href.startsWith('#')) {
          expect(await page.locator(`[id="${href.slice(1)}"]`).count(), href).toBe(1);
          continue;
        }
        const response = await target.goto(new URL(href, new URL(path, url())).href);
        expect(response?.status(), href).toBe(200);
        if (href.includes('reference')) {
          await redocReady(target);
          const notFound = edition.redoc?.['page.apiNotFound.title'] ?? 'No page at this address';
          expect(await target.getByText(notFound).count(), href).toBe(0);
        }
      }
      expectOnlyLocal(requests);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the recipes of the testing page', () => {
  it('type-check, as the page shows them, against @vias-openapi/client, its alerts, @vias-openapi/emulator and its control client', async () => {
    const blocks = await codeBlocks(PAGE);
    // Each recipe as the page shows it, in a file named after it.
    const shown = all.flatMap((r) => blocks.filter((b) => b === r.source.trimEnd()).map((b) => [`${r.name}.ts`, `${b}\nexport {};\n`] as const));
    expect(shown.map(([name]) => name), 'every recipe is on the page').toEqual(all.map((r) => `${r.name}.ts`));
    const { code, output } = await typecheck(new Map(shown));
    expect(output, 'tsc output').toBe('');
    expect(code).toBe(0);
  });

  it.each(all.map((r) => [r.name, r] as const))('%s runs against the emulator and holds what it asserts', async (_name, recipe) => {
    // Each recipe is a program: it starts its emulator (and receiver) on 127.0.0.1, asserts with
    // node:assert and stops what it started in `finally`. A failed assertion rejects the import.
    await import(pathToFileURL(recipe.file).href);
  });
});

describe("the testing page's shell commands", () => {
  /** The page's curl commands: method and path of each (the shell lines, continued with `\`). */
  const curls = (blocks: string[]) =>
    blocks
      .flatMap((b) => b.replace(/\\\n/g, ' ').split('\n'))
      .filter((line) => line.startsWith('curl ') || line.includes(' curl '))
      .map((line) => {
        const method = /-X (\w+)/.exec(line)?.[1] ?? 'GET';
        const address = /(http:\/\/[^\s"'>]+)/.exec(line)![1]!;
        return { line, method, address: new URL(address) };
      });

  it('call the emulator on 127.0.0.1 at operations of the control API bundle only', async () => {
    const found = curls(await codeBlocks(PAGE));
    expect(found.length).toBeGreaterThan(0);
    const operations = controlOperations().map((op) => ({
      method: op.method.toUpperCase(),
      path: new RegExp(`^${op.path.replace(/\{\w+\}/g, '[^/]+')}$`),
      query: op.queryParams.map((q) => q.name),
    }));
    for (const { line, method, address } of found) {
      expect(address.hostname, line).toBe('127.0.0.1');
      const op = operations.find((o) => o.method === method && o.path.test(address.pathname));
      expect(op, `${method} ${address.pathname} is an operation of the control API (${line})`).toBeDefined();
      // A required query parameter is never left out.
      for (const name of op!.query) expect(address.searchParams.has(name), `${line} has ?${name}=`).toBe(true);
    }
  });

  it('use only flags vias-emulator --help lists', async () => {
    const packageJson = require.resolve('@vias-openapi/emulator/package.json');
    const bin = join(dirname(packageJson), JSON.parse(readFileSync(packageJson, 'utf8')).bin['vias-emulator']);
    const { stdout } = await promisify(execFile)(process.execPath, [bin, '--help']);
    const flags = new Set(stdout.match(/--[a-z-]+/g));
    const used = (await codeBlocks(PAGE)).flatMap((b) => b.split('\n').filter((l) => l.startsWith('npx vias-emulator')).flatMap((l) => l.match(/--[a-z-]+/g) ?? []));
    expect(used.length).toBeGreaterThan(0);
    for (const flag of used) expect(flags, flag).toContain(flag);
  });
});

describe('the alerting algorithms the testing page names', () => {
  it('are the running services of the emulator catalogue whose tasks send alerts, and no other', async () => {
    const projectId = '6204a5bd270343b5885144cf9c8c158d';
    const { page, context } = await open(PAGE);
    // The page names them as code in its alerts paragraph; the last one named sends none.
    const named = await page.locator('#alerts p').first().locator('code').allTextContents();
    await context.close();
    // A receiver that takes every message, so each delivery ends at its first attempt.
    const receiver = createServer((request, response) => request.resume().on('end', () => response.writeHead(200).end()));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const webhook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`;
    const emulator = await startEmulator({ port: 0, clock: () => Date.UTC(2026, 0, 5), transitionMs: 1000, alertIntervalMs: 0, log: () => {} });
    try {
      const vias = createViasClient({ endpoint: emulator.url, projectId, auth: { token: 'any-token' }, retry: false });
      const controlClient = createControlClient(emulator.url);
      const { service_list: services = [] } = await vias.listUserServices({ query: {} });
      const running: string[] = [];
      for (const service of services.filter((s) => s.alg_status === 'service_running')) {
        running.push((await vias.showServiceDetail({ path: { service_id: service.service_id! } })).api!);
      }
      const tasks = new Map<string, string>();
      for (const api of running) {
        const { tasks: created } = await vias.createServiceTask({
          path: { service_name: api },
          body: {
            name: `alerts-${api}`.slice(0, 100),
            service_version: '1.0',
            input: { type: 'url', data: [{ url: 'rtsp://127.0.0.1:554/camera' }] },
            output: { webhook: { url: webhook, headers: { 'X-Test': 'alerts' } } },
          },
        });
        tasks.set(api, created![0]!.id!);
      }
      await controlClient.POST('/_emulator/clock', { body: { advance_ms: 2000 } });
      const alerting: string[] = [];
      for (const [api, taskId] of tasks) {
        const { response } = await controlClient.POST('/_emulator/tasks/{task_id}/alerts', {
          params: { path: { task_id: taskId }, query: { project_id: projectId } },
          body: { count: 1 },
        });
        if (response.status === 200) alerting.push(api);
        else expect(response.status, api).toBe(400);
      }
      const algorithms = named.filter((n) => running.includes(n));
      expect(algorithms.slice(0, -1).sort(), 'the algorithms the page says send alerts').toEqual(alerting.sort());
      expect(alerting).not.toContain(algorithms.at(-1));
    } finally {
      await emulator.stop();
      await new Promise((resolve) => (receiver.closeAllConnections(), receiver.close(resolve)));
    }
  });
});
