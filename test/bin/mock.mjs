#!/usr/bin/env node
// This workspace's `start` (`npm start` runs it through `turbo run start`): the Prism mock of the
// VIAS bundle on 127.0.0.1:4010 (MOCK_PORT) and of the VAS bundle on 4011 (VAS_MOCK_PORT), with
// one log line per request (method, path, status, and each violation Prism reported), so a
// user sees why a request was refused. A port in use is an error, not a mock of someone else.
import { existsSync } from 'node:fs';
import { generations } from '@vias-openapi/spec/bundle';
import { startPrism } from '../lib/prism.mjs';

const HOST = '127.0.0.1';
const mocks = [
  { name: 'VIAS', generation: generations.vias, variable: 'MOCK_PORT', port: 4010 },
  { name: 'VAS', generation: generations.vas, variable: 'VAS_MOCK_PORT', port: 4011 },
];

function fail(message) {
  console.error(`mock: ${message}`);
  process.exit(1);
}

function portOf({ variable, port }) {
  const value = process.env[variable];
  if (value === undefined || value === '') return port;
  if (!/^\d+$/.test(value) || Number(value) > 65535) fail(`${variable}=${value} is not a port number`);
  return Number(value);
}

/** `GET /v2/p/tasks/x → 400`, then one line per violation, as Prism words them. */
function logExchange(name, { method, path, status, violations }) {
  const lines = [`[${name}] ${method} ${path} → ${status}`];
  for (const v of violations) lines.push(`[${name}]     ${v.location.join('.')}: ${v.message}`);
  console.log(lines.join('\n'));
}

const running = [];
async function stop(code) {
  await Promise.allSettled(running.map((m) => m.stop()));
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

for (const mock of mocks) {
  const port = portOf(mock);
  if (!mock.generation || !existsSync(mock.generation.yamlPath)) {
    console.log(`${mock.name} mock: not served, no bundle (run \`npm run build\`)`);
    continue;
  }
  try {
    const served = await startPrism({ spec: mock.generation.yamlPath, host: HOST, port, onExchange: (e) => logExchange(mock.name, e) });
    running.push(served);
    const show = mock.generation.operations.filter((op) => op.method === 'GET').sort((a, b) => b.pathParams.length - a.pathParams.length)[0];
    const example = show ? show.path.replace(/\{(\w+)\}/g, (_, n) => show.pathParams.find((p) => p.name === n)?.example ?? n) : '/';
    console.log(`${mock.name} mock (Prism): ${served.url}   e.g. curl -H 'X-Auth-Token: t' ${served.url}${example}`);
  } catch (error) {
    console.error(`mock: the ${mock.name} mock cannot start: ${error.message}. Stop that process, or set ${mock.variable} to another port.`);
    await stop(1);
  }
}
if (running.length) console.log('Each request is logged below with the violations Prism found. Ctrl-C stops.');
else fail('nothing to serve');
