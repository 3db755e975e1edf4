#!/usr/bin/env node
// `npm start`: after `turbo run build`, serve the Prism mock of the bundled spec and the
// docs site on 127.0.0.1, print their URLs, and stop both cleanly on Ctrl-C.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serveSite } from '../apps/docs/scripts/serve.mjs';
import { startPrism } from '../test/lib/prism.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    'mock-port': { type: 'string', default: process.env.MOCK_PORT ?? '4010' },
    'docs-port': { type: 'string', default: process.env.DOCS_PORT ?? '8080' },
  },
});
const host = '127.0.0.1';
const spec = `${root}spec/dist/openapi.yaml`;
const site = `${root}apps/docs/site`;

for (const [what, path] of [['bundled spec', spec], ['docs site', site]]) {
  if (!existsSync(path)) fail(`${what} missing at ${path}: run \`npm run build\` first`);
}

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1); // test/lib/prism.mjs stops Prism on exit
}

// The same launcher as the contract tests: own process group, stopped on exit and signals.
const mock = await startPrism({ spec, flags: [], port: Number(args['mock-port']) }).catch((error) =>
  fail(`cannot start the Prism mock on ${host}:${args['mock-port']} (set MOCK_PORT or --mock-port): ${error.message}`),
);
// Ready means it serves the spec: another server already on the port would answer otherwise.
const probe = await fetch(`${mock.url}/v2/probe/tasks/probe`, { headers: { 'X-Auth-Token': 'npm-start-probe' } })
  .then((r) => r.json())
  .catch(() => ({}));
if (typeof probe.state !== 'string') fail(`${mock.url} does not answer as the VIAS mock: is the port taken?`);

const docs = await serveSite({ root: site, host, port: Number(args['docs-port']) }).catch((error) =>
  fail(`cannot serve the docs on ${host}:${args['docs-port']}: ${error.message} (set DOCS_PORT or --docs-port)`),
);

console.log(`
  Mock API (Prism):  ${mock.url}      e.g. curl -H 'X-Auth-Token: t' ${mock.url}/v2/p/tasks/t
  Docs:              ${docs.url}
  Press Ctrl-C to stop.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.all([mock.stop(), docs.close()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
