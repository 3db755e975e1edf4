// A state import (PUT /_emulator/state, --seed) takes only records the emulator can
// read: a record of another shape is refused with a 400 naming it, and the emulator keeps serving.
import { describe, expect, it } from 'vitest';
import { createControlClient } from '../src/control/client.js';
import { startEmulator } from '../src/index.js';
import { client, create, emulator, PROJECT, rejection, sourceTask, streamTask, videoGroup, videoSource } from './helpers.js';

const state = (collections: Record<string, unknown[]>) => ({ format: 'vias-emulator-state', version: 1, generation: 'vias', project_id: PROJECT, collections }) as const;
const project = { params: { query: { project_id: PROJECT } } };

describe('an imported record', () => {
  it.each([
    ['a task without a phase to read', 'tasks', { id: 'a', project_id: PROJECT, phase: {} }],
    ['a task in a state the generation has not', 'tasks', { id: 'a', project_id: PROJECT, service_name: 's', name: 'n', input: {}, output: {}, created: 0, updated: 0, phase: { command: 'create', at: 0, steps: [], rest: 'DANCING' } }],
    ['a video source of an unknown level', 'video_sources', { id: 'v', project_id: PROJECT, video_source_name: 'n', access_type: 'cloud', type: 'url', type_config: '', level: '5', created: 0, modified: 0 }],
    ['a group whose members are not a list', 'video_groups', { id: 'g', project_id: PROJECT, video_group_name: 'g', access_type: 'cloud', video_source_ids: 'x', created: 0, modified: 0 }],
    ['a record created beyond what a date can write', 'edge_pools', { id: 'p', project_id: PROJECT, name: 'p', nodes: [], state: 'Running', created: 1e300, updated: 0 }],
  ])('%s is refused with a 400 naming it; nothing changes and every endpoint still answers', async (_, collection, record) => {
    const { url, logs } = await emulator();
    const control = createControlClient(url);
    const kept = await create(client(url), streamTask());
    const refused = await control.PUT('/_emulator/state', { body: state({ [collection]: [record] }) as never });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toMatchObject({ status: 400, detail: expect.stringContaining(`The record ${record.id} of ${collection} is not one the emulator keeps`) });
    expect((await client(url).listTasks({})).tasks?.map((t) => t.id)).toEqual([kept]);
    expect((await control.GET('/_emulator/state', project)).response.status).toBe(200);
    expect((await control.POST('/_emulator/reset', {})).response.status).toBe(200);
    expect(logs).toEqual([]);
  });

  it('is taken back as exported, for every collection', async () => {
    const { url } = await emulator();
    const vias = client(url);
    const camera = await videoSource(vias);
    await videoGroup(vias, [camera]);
    await create(vias, { ...sourceTask([camera]), schedule: { type: 'weekly', timezone: '+08:00', days_of_week: [1, 2], periods: [[{ begin_at: '08:00:00', end_at: '18:00:00' }]] } } as never);
    await vias.createEdgePool({ body: { name: 'pool', nodes: ['node-1'] } as never });
    const { data: exported } = await createControlClient(url).GET('/_emulator/state', project);
    const other = await emulator();
    const imported = await createControlClient(other.url).PUT('/_emulator/state', { body: exported! });
    expect(imported.error).toBeUndefined();
    expect(imported.data!.records).toBe(Object.values(exported!.collections).flat().length);
  });

  it('in a --seed stops the start, naming the record', async () => {
    const error = await rejection(startEmulator({ host: '127.0.0.1', port: 0, log: () => {}, seed: [state({ tasks: [{ id: 'a', project_id: PROJECT, phase: {} }] })] }));
    expect(error.message).toMatch(/a seed of project \w+ cannot be loaded: The state cannot be imported: The record a of tasks is not one the emulator keeps/);
  });
});
