// Nothing a request sends can crash the emulator or leave a change half made: a body nested
// deeper than any schema is refused before anything walks it, a malformed Host is a 400, and
// what a deleted task held is reclaimed without anybody reading its project.
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStateFile } from '../src/store/durable.js';
import { call, client, create, emulator, fileTask, manualClock, PROJECT, rejection, streamTask, tempDir } from './helpers.js';

/** `{ config: { common: { a: { a: … } } } }`, `depth` objects deep inside common. */
function nested(depth: number) {
  let inner: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) inner = { a: inner };
  return { ...fileTask(), config: { common: inner } };
}

/** The same as JSON text, written without recursion (JSON.stringify itself overflows at 5,000). */
const nestedText = (depth: number) => {
  const { config: _, ...rest } = fileTask();
  return `${JSON.stringify(rest).slice(0, -1)},"config":{"common":${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}}}`;
};

describe('a body nested deeper than any schema', () => {
  it.each([
    ['in memory', false],
    ['with a state file', true],
  ])('is refused with a 400 and stores nothing (%s); the emulator keeps serving', async (_, persistent) => {
    const { url, logs } = await emulator(persistent ? { stateFile: join(tempDir(), 'state.lmdb') } : {});
    const vias = client(url);
    const body = nestedText(5000); // about 30 KB: valid against the schema (config.common takes any JSON)
    const refused = await call(url, 'POST', `/v2/${PROJECT}/services/video-analyze/tasks`, body);
    expect(refused).toMatchObject({ status: 400, body: { error_code: 'VIAS.00010001', params: ['body'], detail: 'The request body nests deeper than 64 levels.' } });
    expect((await vias.listTasks({ query: { page_size: 5 } })).count).toBe(0);
    // As deep as the limit allows is stored and shown back.
    const id = await create(vias, nested(58));
    expect((await vias.showTask({ path: { task_id: id } })).config).toEqual(nested(58).config);
    expect(logs).toEqual([]);
  });
});

describe('headers', () => {
  it('answers a malformed Host with a 400 in the VIAS body', async () => {
    const { url } = await emulator();
    const { port } = new URL(url);
    const answer = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: `/v2/${PROJECT}/tasks`, headers: { Host: 'a b', 'X-Auth-Token': 't' } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer).toMatchObject({ status: 400, body: { error_code: 'VIAS.00010001', params: ['Host'] } });
  });

  it('answers a body over 1 MiB with a 400 naming the limit, and keeps serving', async () => {
    const { url } = await emulator();
    const big = await call(url, 'POST', `/v2/${PROJECT}/services/video-analyze/tasks`, { ...fileTask(), description: 'x'.repeat(2 * 1024 * 1024) });
    expect(big).toMatchObject({ status: 400, body: { error_code: 'VIAS.00010001', params: ['body'] } });
    expect((await call(url, 'GET', `/v2/${PROJECT}/tasks`)).status).toBe(200);
  });
});

describe('deleted tasks', () => {
  it('are reclaimed from memory and the state file on the next request, whatever it reads', async () => {
    const clock = manualClock();
    const stateFile = join(tempDir(), 'state.lmdb');
    const first = await emulator({ clock, transitionMs: 100, stateFile });
    const vias = client(first.url);
    const ids = [];
    for (let i = 0; i < 50; i++) ids.push(await create(vias, streamTask()));
    for (const task_id of ids) await vias.deleteTask({ path: { task_id } });
    clock.advance(100);
    // A request about another project entirely.
    await rejection(client(first.url, { token: 't' }, 'someotherproject').showTask({ path: { task_id: 'f18320e61e4c4dc685aa2dfc22a28dc5' } }));
    await first.stop();
    const durable = openStateFile(stateFile, { generation: 'vias', collections: ['batches', 'tasks'] });
    expect([...durable.load('tasks')]).toEqual([]);
    await durable.close();
  });
});
