// Answers as the vendor writes them: each operation's times in the form its own examples use
// (ListTasks: milliseconds as text, "1686034773024"; ShowTaskInfo: ISO 8601 UTC,
// "2023-06-06T06:59:33.024Z"; ListBatchTasks: milliseconds as a number), and each answer
// conforming to its schema (checkResponses turns any other into a 500, which fails here).
import { describe, expect, it } from 'vitest';
import { client, create, emulator, manualClock, streamTask, uniqueName, videoGroup, videoSource } from './helpers.js';

const MS_TEXT = /^\d{13}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('times', () => {
  it('are written the way each operation writes them', async () => {
    const clock = manualClock(Date.UTC(2023, 5, 6, 6, 59, 33, 24));
    const { url, logs } = await emulator({ clock });
    const vias = client(url);
    const id = await create(vias, streamTask());
    const camera = await videoSource(vias);
    const group = await videoGroup(vias, [camera]);
    await vias.createBatchTask({
      body: {
        name: uniqueName('batch'),
        service_name: 'video-analyze',
        service_version: '1.0',
        batch_input: { video_source_group: [{ video_source_group_id: group, video_source_list: [{ video_source_id: camera }] }] },
        output: { webhook: { url: 'https://example.com/hook', headers: { a: 'a' } } },
      },
    });

    const shown = await vias.showTask({ path: { task_id: id } });
    expect(shown.created_at).toBe('2023-06-06T06:59:33.024Z');
    expect(shown.updated_at).toMatch(ISO);
    const [listed] = (await vias.listTasks({ query: { task_name: streamTask().name.slice(0, 6) } })).tasks!;
    expect(listed!.created_at).toBe('1686034773024');
    expect(listed!.created_at).toMatch(MS_TEXT);
    const [batch] = (await vias.listBatchTasks({ query: {} })).batch_task_list!;
    expect(batch!.created_at).toBe(1686034773024);
    const service = await vias.showServiceTask({ path: { service_name: 'video-analyze', task_id: id } });
    const infer = await vias.showInferTask({ path: { task_id: id } });
    // The service-job and v1 pages print ISO times in their examples too.
    expect([service.created_at, infer.created_at]).toEqual(['2023-06-06T06:59:33.024Z', '2023-06-06T06:59:33.024Z']);
    expect(logs).toEqual([]);
  });
});
