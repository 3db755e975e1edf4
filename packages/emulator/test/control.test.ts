// The control API, each endpoint through its generated client (createControlClient): health,
// reset, state export/import and --seed, the clock, the request journal, video source and edge
// pool states; its errors are problem details; it needs no credentials.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createControlClient } from '../src/control/client.js';
import { cli, client, create, emulator, fileTask, manualClock, PROJECT, sourceTask, streamTask, tempDir, videoGroup, videoSource } from './helpers.js';

const project = { params: { query: { project_id: PROJECT } } };

describe('the control API', () => {
  it('says the emulator is up, its version and generation, without credentials', async () => {
    for (const generation of ['vias', 'vas'] as const) {
      const { url } = await emulator({ generation, token: 'only-this-token' });
      const { data, response } = await createControlClient(url).GET('/_emulator/health');
      expect(response.status).toBe(200);
      expect(data).toMatchObject({ ready: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/), generation, state_file: false });
    }
  });

  it('resets one project, or everything', async () => {
    const { url } = await emulator();
    const control = createControlClient(url);
    await create(client(url), streamTask());
    await create(client(url, { token: 't' }, 'aaaabbbbccccddddeeeeffff00001111'), streamTask());
    expect((await control.POST('/_emulator/reset', { params: { query: { project_id: 'aaaabbbbccccddddeeeeffff00001111' } } })).data).toEqual({ records: 1, projects: ['aaaabbbbccccddddeeeeffff00001111'] });
    expect((await client(url).listTasks({})).count).toBe(1);
    expect((await control.POST('/_emulator/reset', {})).data).toEqual({ records: 1, projects: [PROJECT] });
    expect((await client(url).listTasks({})).count).toBe(0);
  });

  it('exports a project without its secrets, imports it into another emulator, and refuses a state that does not hold together', async () => {
    const { url } = await emulator();
    const vias = client(url);
    const camera = await videoSource(vias, { type: 'vcn', type_config: '<type_config><user_name>admin</user_name><password>Top-Secret-1</password></type_config>' });
    await videoGroup(vias, [camera]);
    const task = await create(vias, { ...sourceTask([camera]), output: { webhook: { url: 'http://127.0.0.1:9/hook', headers: { appKey: 'app-key-secret' } } } });
    const { data: state } = await createControlClient(url).GET('/_emulator/state', project);
    expect(state).toMatchObject({ format: 'vias-emulator-state', version: 1, generation: 'vias', project_id: PROJECT });
    expect(Object.fromEntries(Object.entries(state!.collections).map(([k, v]) => [k, v.length]))).toMatchObject({ tasks: 1, video_sources: 1, video_groups: 1 });
    expect(JSON.stringify(state)).not.toMatch(/Top-Secret-1|>admin<|app-key-secret/);

    const other = await emulator();
    const imported = await createControlClient(other.url).PUT('/_emulator/state', { body: state! });
    expect(imported.data).toEqual({ records: 3 });
    expect((await client(other.url).showTask({ path: { task_id: task } })).id).toBe(task);

    // A task naming a video source the state does not hold: refused, and nothing changed.
    const broken = { ...state!, collections: { tasks: state!.collections.tasks! } };
    const refused = await createControlClient(other.url).PUT('/_emulator/state', { body: broken });
    expect(refused.response.status).toBe(400);
    expect(refused.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.error).toMatchObject({ status: 400, detail: expect.stringMatching(/^The state cannot be imported: No video source with ID/) });
    expect((await client(other.url).listVideoSources({ query: {} })).total_number).toBe(1);
    const vas = await createControlClient(other.url).PUT('/_emulator/state', { body: { ...state!, generation: 'vas' } });
    expect(vas.error).toMatchObject({ status: 400, detail: expect.stringMatching(/VAS emulator's; this one serves VIAS/) });
  });

  it('loads --seed files at start', async () => {
    const { url } = await emulator();
    const vias = client(url);
    await create(vias, fileTask('seeded-task'));
    const { data: state } = await createControlClient(url).GET('/_emulator/state', project);
    const file = join(tempDir(), 'seed.json');
    writeFileSync(file, JSON.stringify([state]));
    const run = cli(['--port', '0', '--seed', file]);
    const seeded = client(await run.ready);
    expect((await seeded.listTasks({ query: { task_name: 'seeded-task' } })).count).toBe(1);
    writeFileSync(file, JSON.stringify({ format: 'something-else' }));
    const bad = cli(['--port', '0', '--seed', file]);
    expect((await bad.exit).code).toBe(1);
    expect(bad.output().stderr).toMatch(/a seed is a state of format vias-emulator-state/);
  });

  it('moves time forward only, and every lifecycle follows it; the offset survives a restart with a state file', async () => {
    const clock = manualClock();
    const stateFile = join(tempDir(), 'state.lmdb');
    const first = await emulator({ clock, transitionMs: 1000, stateFile });
    const control = createControlClient(first.url);
    const id = await create(client(first.url), streamTask());
    expect((await control.POST('/_emulator/clock', { body: { advance_ms: 1000 } })).data).toMatchObject({ offset_ms: 1000 });
    expect((await client(first.url).showTask({ path: { task_id: id } })).state).toBe('STARTING');
    const later = new Date(clock() + 1000 + 5000).toISOString();
    expect((await control.POST('/_emulator/clock', { body: { now: later } })).data).toEqual({ now: later, offset_ms: 6000 });
    expect((await client(first.url).showTask({ path: { task_id: id } })).state).toBe('RUNNING');
    const back = await control.POST('/_emulator/clock', { body: { now: new Date(clock()).toISOString() } });
    expect(back.error).toMatchObject({ status: 400, detail: expect.stringMatching(/time only moves forward/) });
    await first.stop();
    const second = await emulator({ clock, transitionMs: 1000, stateFile });
    expect((await createControlClient(second.url).GET('/_emulator/clock')).data).toMatchObject({ offset_ms: 6000 });
  });

  it('keeps a journal of the requests answered, without their credentials, and empties it', async () => {
    const { url } = await emulator();
    const vias = client(url, { token: 'journal-token-SECRET' });
    await create(vias, streamTask());
    await vias.listTasks({}).catch(() => {});
    await fetch(`${url}/v2/${PROJECT}/nowhere`, { headers: { 'X-Auth-Token': 't' } });
    const control = createControlClient(url);
    const { data } = await control.GET('/_emulator/requests', {});
    expect(data!.requests.map((r) => [r.method, r.operation_id, r.status])).toEqual([
      ['POST', 'createServiceTask', 200],
      ['GET', 'listTasks', 200],
      ['GET', null, 404],
    ]);
    expect(JSON.stringify(data)).not.toContain('journal-token-SECRET');
    expect((await control.GET('/_emulator/requests', { params: { query: { limit: 1 } } })).data!.requests).toHaveLength(1);
    expect((await control.DELETE('/_emulator/requests')).response.status).toBe(204);
    expect((await control.GET('/_emulator/requests', {})).data!.requests).toEqual([]);
  });

  it('sets a video source offline or abnormal and an edge pool abnormal; the API shows it', async () => {
    const { url } = await emulator();
    const vias = client(url);
    const control = createControlClient(url);
    const camera = await videoSource(vias);
    const group = await videoGroup(vias, [camera]);
    const set = await control.PUT('/_emulator/video-sources/{video_source_id}/status', { params: { path: { video_source_id: camera }, query: { project_id: PROJECT } }, body: { level: '9' } });
    expect(set.data).toEqual({ status: 'Exception', name: '异常', level: '9' });
    expect((await vias.showVideoSourceDetail({ path: { video_source_id: camera } })).status).toEqual({ status: 'Exception', name: '异常', level: '9' });
    expect((await vias.showVideoGroupDetail({ path: { video_group_id: group } })).group_status).toEqual({ num_online: 0, num_offline: 0, num_exception: 1 });
    expect((await vias.listVideoSources({ query: { status: ['9'] } })).total_number).toBe(1);
    const pool = (await vias.createEdgePool({ body: { name: 'pool-two', nodes: ['n1'] } })).id!;
    await control.PUT('/_emulator/edge-pools/{id}/state', { params: { path: { id: pool }, query: { project_id: PROJECT } }, body: { state: 'Abnormal' } });
    expect((await vias.listEdgePools({ query: { state: 'Abnormal' } })).count).toBe(1);
    const missing = await control.PUT('/_emulator/video-sources/{video_source_id}/status', { params: { path: { video_source_id: 'nosuchcamera' }, query: { project_id: PROJECT } }, body: { level: '2' } });
    expect(missing.error).toMatchObject({ status: 404, detail: 'No video source with ID nosuchcamera in this project.' });
    const vas = await emulator({ generation: 'vas' });
    const notHere = await createControlClient(vas.url).PUT('/_emulator/edge-pools/{id}/state', { params: { path: { id: pool }, query: { project_id: PROJECT } }, body: { state: 'Abnormal' } });
    expect(notHere.error).toMatchObject({ status: 404, detail: expect.stringMatching(/served by a VIAS emulator/) });
  });

  it('answers bad control requests with problem details naming what is wrong', async () => {
    const { url } = await emulator();
    const control = createControlClient(url);
    const wrong = await control.POST('/_emulator/faults', { body: { action: 'explode' as 'error' } });
    expect(wrong.error).toMatchObject({ status: 400, detail: expect.stringMatching(/^action must be one of/) });
    const noTask = await control.POST('/_emulator/scenarios', { body: { kind: 'failed', project_id: PROJECT, task_id: 'f18320e61e4c4dc685aa2dfc22a28dc5' } });
    expect(noTask.error).toMatchObject({ status: 404, detail: 'No task with ID f18320e61e4c4dc685aa2dfc22a28dc5 in this project.' });
    const noProject = await control.POST('/_emulator/scenarios', { body: { kind: 'failed', task_id: 'f18320e61e4c4dc685aa2dfc22a28dc5' } });
    expect(noProject.error).toMatchObject({ status: 400, detail: "task_id needs project_id, the task's project." });
    const unknown = await fetch(`${url}/_emulator/nothing`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ title: 'Not Found', detail: expect.stringContaining('/_emulator/nothing') });
  });
});
