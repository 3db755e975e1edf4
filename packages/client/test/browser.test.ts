// The built client in a browser, with its defaults (no `fetch` option): esbuild bundles
// `@vias-openapi/client` (dist/) for the browser (helpers/browser-bundle.ts, where any esbuild
// warning fails the bundle), a page on one 127.0.0.1 port loads it, and Chromium calls a
// CORS-enabled fixture API on another. A token call and AK/SK calls succeed, and the
// Authorization computed in the page is the one Huawei's official signer gives for the same
// request and X-Sdk-Date.
import { existsSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { launchChromium, type Browser, type Page } from '@vias-openapi/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser } from './helpers/browser-bundle.js';
import { signOfficially } from './helpers/official-signer.js';

// Not from helpers/client.ts, which imports src/: this test runs only the built dist/.
const PROJECT_ID = '6204a5bd270343b5885144cf9c8c158d';
const TOKEN = 'MIIT-test-token-very-secret-0123456789';
const task = (state: string, id: string) => ({ id, name: 'task', state, created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z' });

const clientDist = join(dirname(createRequire(import.meta.url).resolve('@vias-openapi/client/package.json')), 'dist/index.js');

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

let pageServer: Server | undefined;
let apiServer: Server | undefined;
let pageUrl = '';
let apiUrl = '';
let browser: Browser | undefined;
let page: Page | undefined;
let setupError: Error | undefined;
const received: Received[] = [];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server | undefined) =>
  new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** The fixture API: answers CORS preflights for the page's origin and every GET with a task. */
function apiHandler(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
  const cors = { 'Access-Control-Allow-Origin': req.headers.origin ?? '*', Vary: 'Origin' };
  if (req.method === 'OPTIONS') {
    res
      .writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '',
        'Access-Control-Max-Age': '0',
      })
      .end();
    return;
  }
  received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
  const id = decodeURIComponent(/\/tasks\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '');
  res
    .writeHead(200, {
      ...cors,
      'Content-Type': 'application/json',
      'X-Request-Id': 'req-browser-1',
      'Access-Control-Expose-Headers': 'X-Request-Id',
    })
    .end(JSON.stringify(task('RUNNING', id)));
}

beforeAll(async () => {
  try {
    if (!existsSync(clientDist)) throw new Error(`${clientDist} is missing: build the client (npm run build -w @vias-openapi/client)`);
    // Any esbuild warning fails the set-up, and so every test, with esbuild's text.
    const script = await bundleForBrowser();
    pageServer = createServer((req, res) => {
      if (req.url === '/client.js') return void res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
      if (req.url === '/') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><script src="/client.js"></script>');
      res.writeHead(404).end();
    });
    pageUrl = await listen(pageServer);
    apiServer = createServer(apiHandler);
    apiUrl = await listen(apiServer);
    browser = await launchChromium(); // no launch deadline: the hook's timeout is the backstop
    page = await browser.newPage();
    page.setDefaultTimeout(0); // nor a page deadline (playwright's is 30 s), however busy the machine
    await page.goto(`${pageUrl}/`);
    await page.waitForFunction(() => typeof (window as any).showTask === 'function');
  } catch (error) {
    // Kept for the tests to throw, so each FAILS with the reason (a failing hook would skip them).
    setupError = error as Error;
  }
  // On a fresh machine the first launch unpacks the Chromium npm brought (190 MB), while other
  // suites may be doing the same: far longer than vitest's default 10 s for a hook.
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await close(pageServer);
  await close(apiServer);
});

type Auth = { token: string } | { accessKey: string; secretKey: string; securityToken?: string };

/** Runs showTask in the page; returns its result and what the fixture API received. */
async function showTaskInPage(auth: Auth, taskId: string, extra: { passWindowFetch?: boolean } = {}) {
  if (setupError) throw setupError;
  received.length = 0;
  const result = await page!.evaluate(
    ([options, id]) => (window as any).showTask(options, id),
    [{ endpoint: apiUrl, projectId: PROJECT_ID, auth, ...extra }, taskId] as const,
  );
  return { result, requests: [...received] };
}

/** X-Sdk-Date (20250101T000000Z) as a Date. */
const sdkDate = (value: string) => new Date(value.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));

describe('the built client in Chromium, with its default fetch', () => {
  it('reads a task with an IAM token', async () => {
    const { result, requests } = await showTaskInPage({ token: TOKEN }, 'f18320e61e4c4dc685aa2dfc22a28dc5');
    expect(result).toEqual({ ok: true, task: task('RUNNING', 'f18320e61e4c4dc685aa2dfc22a28dc5') });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'GET', url: `/v2/${PROJECT_ID}/tasks/f18320e61e4c4dc685aa2dfc22a28dc5` });
    expect(requests[0]!.headers['x-auth-token']).toBe(TOKEN);
  });

  it('reads a task with the browser fetch passed as an option, unbound (fetch: window.fetch)', async () => {
    const { result, requests } = await showTaskInPage({ token: TOKEN }, 'f18320e61e4c4dc685aa2dfc22a28dc5', { passWindowFetch: true });
    expect(result).toEqual({ ok: true, task: task('RUNNING', 'f18320e61e4c4dc685aa2dfc22a28dc5') });
    expect(requests[0]!.headers['x-auth-token']).toBe(TOKEN);
  });

  const credentials = [
    { name: 'an access key pair', auth: { accessKey: 'HPUAEXAMPLEAK0000001', secretKey: 'example-secret-key-0123456789abcdef' } },
    {
      name: 'temporary credentials (security token)',
      auth: { accessKey: 'HPUAEXAMPLEAK0000002', secretKey: 'example-secret-key-fedcba9876543210', securityToken: 'sts-example-token' },
    },
  ];
  for (const { name, auth } of credentials) {
    for (const taskId of ['f18320e61e4c4dc685aa2dfc22a28dc5', '视频任务']) {
      it(`signs with ${name} as the official signer does (task_id ${JSON.stringify(taskId)})`, async () => {
        const { result, requests } = await showTaskInPage(auth, taskId);
        expect(result).toEqual({ ok: true, task: task('RUNNING', taskId) });
        expect(requests).toHaveLength(1);
        const { method, url, headers } = requests[0]!;
        expect(method).toBe('GET');
        expect(url).toBe(`/v2/${PROJECT_ID}/tasks/${encodeURIComponent(taskId)}`);

        // The official SDK signs the same request at the same X-Sdk-Date: every header the page
        // signed (but Host and X-Sdk-Date, which the SDK sets itself) is given to it as sent.
        const authorization = String(headers.authorization);
        const signed = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
        expect(signed).toEqual(expect.arrayContaining(['host', 'x-sdk-date']));
        const extra = Object.fromEntries(
          signed.filter((h) => h !== 'host' && h !== 'x-sdk-date').map((h) => [h, String(headers[h])]),
        );
        if ('securityToken' in auth) expect(extra['x-security-token']).toBe(auth.securityToken);
        const official = await signOfficially(
          {
            method: 'GET',
            endpoint: apiUrl,
            url: `/v2/${PROJECT_ID}/tasks/{task_id}`,
            pathParams: { task_id: taskId },
            headers: extra,
          },
          { accessKey: auth.accessKey, secretKey: auth.secretKey },
          sdkDate(String(headers['x-sdk-date'])),
        );
        expect(official.sdkDate).toBe(headers['x-sdk-date']);
        expect(authorization).toBe(official.authorization);
      });
    }
  }
});
