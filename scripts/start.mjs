#!/usr/bin/env node
// `npm start`: after `turbo run build`, serve the Prism mock of the bundled spec and the
// docs site on 127.0.0.1, print their URLs, and stop both cleanly on Ctrl-C.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    'mock-port': { type: 'string', default: process.env.MOCK_PORT ?? '4010' },
    'docs-port': { type: 'string', default: process.env.DOCS_PORT ?? '8080' },
  },
});
const host = '127.0.0.1';
let stopping = false;
let prism; // the Prism child process, once started
const spec = `${root}spec/dist/openapi.yaml`;
const site = `${root}apps/docs/site`;

for (const [what, path] of [['bundled spec', spec], ['docs site', site]]) {
  if (!existsSync(path)) fail(`${what} missing at ${path}: run \`npm run build\` first`);
}

function fail(message) {
  console.error(`npm start: ${message}`);
  prism?.kill('SIGTERM'); // never leave the mock holding its port
  process.exit(1);
}

const mockUrl = `http://${host}:${args['mock-port']}`;
prism = spawn(`${root}node_modules/.bin/prism`, ['mock', '-h', host, '-p', args['mock-port'], spec], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
let prismLog = '';
prism.stdout.on('data', (d) => (prismLog += d));
prism.stderr.on('data', (d) => (prismLog += d));
prism.on('exit', (code) => {
  if (!stopping) fail(`the Prism mock exited (${code}):\n${prismLog.slice(-2000)}`);
});

const { serveSite } = await import(`${root}apps/docs/scripts/serve.mjs`);
const docs = await serveSite({ root: site, host, port: Number(args['docs-port']) }).catch((err) =>
  fail(`cannot serve the docs on ${host}:${args['docs-port']}: ${err.message} (set DOCS_PORT or --docs-port)`),
);

await waitUntilAnswering(mockUrl, 30_000);
console.log(`
  Mock API (Prism):  ${mockUrl}      e.g. curl -H 'X-Auth-Token: t' ${mockUrl}/v2/p/tasks/t
  Docs:              ${docs.url}
  Press Ctrl-C to stop.
`);

async function stop() {
  if (stopping) return;
  stopping = true;
  prism.kill('SIGTERM');
  await docs.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

async function waitUntilAnswering(url, timeoutMs) {
  // Ready when it answers a documented operation the way the spec says: a task with a state.
  // (Another server already on the port would answer something else, or nothing.)
  const probe = `${url}/v2/probe/tasks/probe`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(probe, { headers: { 'X-Auth-Token': 'npm-start-probe' } });
      const body = await response.json().catch(() => ({}));
      if (response.ok && typeof body.state === 'string') return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`the Prism mock did not answer on ${url} within ${timeoutMs / 1000} s (is the port taken?):\n${prismLog.slice(-2000)}`);
}
