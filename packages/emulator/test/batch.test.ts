// Batch configurations and list filters, consistent with the tasks they create (manual clock).
import { ViasApiError } from '@vias-openapi/client';
import { describe, expect, it } from 'vitest';
import { client, create, emulator, fileTask, manualClock, rejection, streamTask, uniqueName, videoGroup, videoSource } from './helpers.js';

const output = { webhook: { url: 'https://example.com/hook', headers: { a: 'a' } } };
const groups = (...lists: [string, string[]][]) => ({
  video_source_group: lists.map(([video_source_group_id, sources]) => ({
    video_source_group_id,
    video_source_list: sources.map((video_source_id) => ({ video_source_id })),
  })),
});

/** Four cameras, the first, second and fourth in one group, the third in another. */
async function cameras(vias: ReturnType<typeof client>) {
  const cam = [await videoSource(vias), await videoSource(vias), await videoSource(vias), await videoSource(vias)] as const;
  return { cam, g1: await videoGroup(vias, [cam[0], cam[1], cam[3]]), g2: await videoGroup(vias, [cam[2]]) };
}
const ids = async (vias: ReturnType<typeof client>, query: Record<string, string>) =>
  (await vias.listTasks({ query: { page_size: 1000, ...query } })).tasks!.map((t) => t.id);

describe('batch configurations', () => {
  it('create a task per video source and start, stop, update and delete them together', async () => {
    const clock = manualClock();
    const { url, logs } = await emulator({ clock, transitionMs: 100 });
    const vias = client(url);
    const { cam, g1, g2 } = await cameras(vias);
    const name = uniqueName('batch');
    const created = await vias.createBatchTask({
      body: { name, service_name: 'video-analyze', service_version: '1.0', batch_input: groups([g1, [cam[0], cam[1]]], [g2, [cam[2]]]), output },
    });
    expect(created).toMatchObject({ total_count: 3, succeed_count: 3, failed_count: 0, error_list: [] });
    const batchId = created.id!;
    const children = await ids(vias, { batch_id: batchId });
    expect(children).toHaveLength(3);
    expect(await ids(vias, { video_group_id: g2 })).toHaveLength(1);

    let [listed] = (await vias.listBatchTasks({ query: {} })).batch_task_list!;
    expect(listed).toMatchObject({ id: batchId, batch_task_name: name, num_task: 3, batch_task_status_info: { pending: 3 } });

    clock.advance(200); // all RUNNING
    expect(await vias.batchStartStopTask({ path: { id: batchId, command: 'stop' } })).toMatchObject({ total_count: 3, succeed_count: 3 });
    expect((await vias.listBatchTasks({ query: { task_state: 'stopping' } })).count).toBe(1);
    expect((await vias.listBatchTasks({ query: { task_state: 'running' } })).count).toBe(0);
    // Stopping a batch whose tasks are stopping: each task is refused, and counted as failed.
    const again = await vias.batchStartStopTask({ path: { id: batchId, command: 'stop' } });
    expect(again).toMatchObject({ total_count: 3, succeed_count: 0, failed_count: 3 });
    // One error_list format: `<code> <task>: <detail>`.
    expect(again.error_list![0]).toMatch(/^VIAS\.00010004 [0-9a-f]{32}: Task [0-9a-f]{32} is STOPPING: stop is allowed only when/);

    // cam-1 leaves the configuration (its task is deleted), cam-4 joins (a new task).
    clock.advance(100);
    await vias.updateBatchTask({ path: { id: batchId }, body: { batch_input: groups([g1, [cam[1], cam[3]]], [g2, [cam[2]]]) } });
    clock.advance(100);
    expect((await ids(vias, { batch_id: batchId })).length).toBe(3);
    [listed] = (await vias.listBatchTasks({ query: {} })).batch_task_list!;
    expect(listed!.batch_task_status_info).toEqual({ stopped: 2, starting: 1 });

    await vias.deleteBatchTask({ path: { id: batchId } });
    clock.advance(100);
    expect(await ids(vias, { batch_id: batchId })).toEqual([]);
    const gone = await rejection(vias.deleteBatchTask({ path: { id: batchId } }));
    expect(gone).toBeInstanceOf(ViasApiError);
    expect(gone).toMatchObject({ error_code: 'VIAS.00010008', params: ['id'] });
    expect(logs).toEqual([]);
  });

  it('refuses a second configuration of the same name with VIAS.00010003', async () => {
    const { url } = await emulator();
    const vias = client(url);
    const { cam, g1 } = await cameras(vias);
    const body = { name: uniqueName('dup'), service_name: 'video-analyze', service_version: '1.0', batch_input: groups([g1, [cam[0]]]), output };
    await vias.createBatchTask({ body });
    const error = await rejection(vias.createBatchTask({ body }));
    expect(error).toMatchObject({ error_code: 'VIAS.00010003', params: ['name'] });
  });
});

describe('listTasks filters', () => {
  it('filters by state and name, and sorts by creation time both ways', async () => {
    const clock = manualClock();
    const { url } = await emulator({ clock, transitionMs: 100, runMs: 100 });
    const vias = client(url);
    const a = await create(vias, fileTask('alpha-1'));
    clock.advance(1);
    const b = await create(vias, streamTask('beta-1'));
    clock.advance(1);
    const c = await create(vias, streamTask('alpha-2'));
    clock.advance(300); // a SUCCEEDED, b and c RUNNING
    expect(await ids(vias, {})).toEqual([c, b, a]);
    expect(await ids(vias, { sort_dir: 'asc' })).toEqual([a, b, c]);
    expect(await ids(vias, { task_state: 'SUCCEEDED' })).toEqual([a]);
    expect(await ids(vias, { task_state: 'RUNNING', sort_dir: 'asc' })).toEqual([b, c]);
    expect(await ids(vias, { task_name: 'alpha', sort_dir: 'asc' })).toEqual([a, c]);
    expect(await ids(vias, { source_data_type: 'sync_task' })).toEqual([]);
    expect(await ids(vias, { camera_name: '127.0.0.1:554/camera-00', sort_dir: 'asc' })).toEqual([b, c]);
    const [item] = (await vias.listTasks({ query: { task_name: 'beta' } })).tasks!;
    expect(await ids(vias, { alg_id: item!.algorithm_publish_id! })).toHaveLength(3);
    expect(item).toMatchObject({ id: b, name: 'beta-1', state: 'RUNNING', title: 'video-analyze', video_source_name: 'rtsp://127.0.0.1:554/camera-0001' });
  });
});
