// The resources beyond tasks, through the client: video sources, groups, edge pools, algorithm
// services, and how they hold together with tasks. Every answer is checked against the
// description (checkResponses).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, client, create, emulator, manualClock, PROJECT, rejection, sourceTask, streamTask, tempDir, uniqueName, videoGroup, videoSource } from './helpers.js';

const output = { webhook: { url: 'https://example.com/hook', headers: { a: 'a' } } };

describe('the way the vendor recommends', () => {
  it('creates a video source and a group, a task on the source, lists tasks by group; the source cannot go while the task reads it', async () => {
    const { url, logs } = await emulator({ transitionMs: 0 });
    const vias = client(url);
    const camera = await videoSource(vias, { video_source_name: 'gate-camera' });
    const group = await videoGroup(vias, [camera], { video_group_name: 'gates' });
    const other = await videoGroup(vias, [await videoSource(vias)]);
    const task = await create(vias, sourceTask([camera]));
    await create(vias, streamTask());

    expect((await vias.listTasks({ query: { video_group_id: group } })).tasks!.map((t) => t.id)).toEqual([task]);
    expect((await vias.listTasks({ query: { video_group_id: other } })).tasks).toEqual([]);
    expect((await vias.listTasks({ query: { camera_name: 'gate-cam' } })).tasks!.map((t) => t.id)).toEqual([task]);
    expect(await vias.showTask({ path: { task_id: task } })).toMatchObject({ video_source_name: 'gate-camera', group_name: 'gates' });
    const [service] = (await vias.listUserServices({ query: { name_like: 'video-analyze' } })).service_list!;
    expect((await vias.listTasks({ query: { alg_id: service!.alg_id! } })).tasks!.map((t) => t.id)).toContain(task);

    const refused = await rejection(vias.deleteVideoSource({ path: { video_source_id: camera } }));
    expect(refused).toMatchObject({ status: 500, error_code: 'VIAS.00010012', params: ['video_source_id'] });
    expect(refused.detail).toContain(task);
    await vias.deleteTask({ path: { task_id: task } });
    expect(await vias.deleteVideoSource({ path: { video_source_id: camera } })).toBe(true);
    // The group lost it.
    expect(await vias.showVideoGroupDetail({ path: { video_group_id: group } })).toMatchObject({ num_video_source: 0 });
    expect(logs).toEqual([]);
  });

  it('refuses a task on a video source that does not exist in the project', async () => {
    const { url } = await emulator();
    const vias = client(url);
    const elsewhere = await videoSource(client(url, { token: 't' }, 'anotherproject'));
    for (const id of ['no-such-camera', elsewhere]) {
      expect(await rejection(create(vias, sourceTask([id])))).toMatchObject({ status: 400, error_code: 'VIAS.00010002', params: ['input.data[0].video_source_id'] });
    }
  });
});

describe('video sources', () => {
  it('keep names unique, mask the VCN password and URL credentials in every answer, and show their groups', async () => {
    const { url, logs } = await emulator();
    const vias = client(url);
    const typeConfig = '<type_config><data_source_id>1</data_source_id><ip>10.0.0.1</ip><port>9900</port><user_name>admin</user_name><password>Sup3r-Secret!</password></type_config>';
    const vcn = await videoSource(vias, { type: 'vcn', type_config: typeConfig, video_source_name: 'vcn-camera' });
    const rtsp = await videoSource(vias, { type_config: '<type_config><url_address>rtsp://viewer:hunter22@10.0.0.2:554/live</url_address></type_config>' });
    const group = await videoGroup(vias, [vcn]);
    expect(await rejection(videoSource(vias, { video_source_name: 'vcn-camera' }))).toMatchObject({ error_code: 'VIAS.00010010', params: ['video_source_name'] });

    const shown = await vias.showVideoSourceDetail({ path: { video_source_id: vcn } });
    expect(shown).toMatchObject({ video_source_name: 'vcn-camera', type: 'vcn', status: { status: 'Online', name: '在线', level: '1' } });
    expect(shown.type_config).toBe(typeConfig.replace('admin', '******').replace('Sup3r-Secret!', '******'));
    expect(shown.video_packages!.map((g) => g.video_group_id)).toEqual([group]);
    const updated = await vias.updateVideoSource({ path: { video_source_id: vcn }, body: { video_source_name: 'vcn-camera-2', type_config: typeConfig, tag: ['gate'] } });
    const listed = await vias.listVideoSources({ query: {} });
    const rtspShown = await vias.showVideoSourceDetail({ path: { video_source_id: rtsp } });
    expect(rtspShown.stream_path).toBe('rtsp://******@10.0.0.2:554/live');
    for (const answer of [shown, updated, listed, rtspShown]) {
      expect(JSON.stringify(answer)).not.toMatch(/Sup3r-Secret!|>admin<|hunter22/);
    }
    expect(listed).toMatchObject({ total_number: 2, video_source_number: 2, quota_number: 5000 });
    expect(JSON.stringify(logs)).not.toMatch(/Sup3r-Secret!|hunter22/);
  });

  it('list with their filters, order and pages (is_paged, page_num, page_size)', async () => {
    const clock = manualClock();
    const { url } = await emulator({ clock });
    const vias = client(url);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(await videoSource(vias, { video_source_name: `cam-${i}`, tag: i % 2 ? ['odd'] : ['even'] }));
      clock.advance(1);
    }
    const group = await videoGroup(vias, ids.slice(0, 3), { video_group_name: 'first3' });
    const names = async (query: object) => (await vias.listVideoSources({ query })).video_source_list!.map((s) => s.video_source_name);
    expect(await names({})).toEqual(['cam-6', 'cam-5', 'cam-4', 'cam-3', 'cam-2', 'cam-1', 'cam-0']); // not paged by default
    expect(await names({ is_paged: true, page_size: 5, page_num: 2 })).toEqual(['cam-1', 'cam-0']);
    expect(await names({ order_by: 'asc', tag: 'odd' })).toEqual(['cam-1', 'cam-3', 'cam-5']);
    expect(await names({ video_group_id: [group], order_by: 'asc' })).toEqual(['cam-0', 'cam-1', 'cam-2']);
    expect(await names({ scope: 'first', scope_name: 'group_name', order_by: 'asc' })).toEqual(['cam-0', 'cam-1', 'cam-2']);
    expect(await names({ scope: 'cam-6', scope_name: 'source_name' })).toEqual(['cam-6']);
    expect(await names({ status: ['2'] })).toEqual([]);
    const paged = [];
    for await (const source of vias.paginate.listVideoSources({ query: { page_size: 5 } })) paged.push(source.video_source_name);
    expect(paged).toHaveLength(7);
  });

  it('stop at the quota of 5,000 with VIAS.0010047', { timeout: 300_000 }, async () => {
    const { url } = await emulator({ checkResponses: false });
    const vias = client(url);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = next++; i < 5000; i = next++) await videoSource(vias, { video_source_name: `q${i}` });
      }),
    );
    expect(await rejection(videoSource(vias, { video_source_name: 'one-too-many' }))).toMatchObject({ status: 400, error_code: 'VIAS.0010047' });
  });
});

describe('video source groups', () => {
  it('count their sources by state, refuse unknown sources and the other access type, and keep names unique', async () => {
    const { url } = await emulator();
    const vias = client(url);
    const [a, b] = [await videoSource(vias), await videoSource(vias)];
    const edge = await videoSource(vias, { access_type: 'edge', type: 'camera', type_config: '<type_config><device_id>d1</device_id><name>n</name></type_config>' });
    const group = await videoGroup(vias, [a], { video_group_name: 'lobby', description: 'ground floor' });
    expect(await vias.showVideoGroupDetail({ path: { video_group_id: group } })).toMatchObject({
      video_group_name: 'lobby',
      description: 'ground floor',
      access_type: 'cloud',
      num_video_source: 1,
      group_status: { num_online: 1, num_offline: 0, num_exception: 0 },
      num_batch_task: 0,
    });
    expect(await rejection(videoGroup(vias, ['nosuchsource']))).toMatchObject({ error_code: 'VIAS.00010002', params: ['video_source_ids'] });
    expect(await rejection(videoGroup(vias, [edge]))).toMatchObject({ error_code: 'VIAS.00010004', params: ['video_source_ids'] });
    expect(await rejection(videoGroup(vias, [b], { video_group_name: 'lobby' }))).toMatchObject({ error_code: 'VIAS.00010003', params: ['video_group_name'] });

    expect(await vias.updateVideoGroup({ path: { video_group_id: group }, body: { video_source_ids: [a, b] } })).toBe(true);
    expect((await vias.showVideoGroupDetail({ path: { video_group_id: group } })).num_video_source).toBe(2);
    const listed = await vias.listVideoGroups({ query: { name: 'lob' } });
    expect(listed).toMatchObject({ total_number: 1, video_group_number: 1, quota_number: 200 });
    expect(listed.video_group_list![0]).toMatchObject({ video_group_id: group, type: 'url', num_video_source: 2 });
    // The group is in each source's video_packages.
    expect((await vias.showVideoSourceDetail({ path: { video_source_id: b } })).video_packages!.map((g) => g.video_group_id)).toEqual([group]);
    expect(await vias.deleteVideoGroup({ path: { video_group_id: group } })).toBe(true);
    expect(await rejection(vias.showVideoGroupDetail({ path: { video_group_id: group } }))).toMatchObject({ error_code: 'VIAS.00010002', params: ['video_group_id'] });
  });

  it('cannot go while a batch configuration names it, unless --in-use cascade deletes the configuration with it', async () => {
    for (const inUse of ['refuse', 'cascade'] as const) {
      const { url } = await emulator({ inUse, transitionMs: 0 });
      const vias = client(url);
      const camera = await videoSource(vias);
      const group = await videoGroup(vias, [camera]);
      const batch = await vias.createBatchTask({
        body: { name: uniqueName('batch'), service_name: 'video-analyze', service_version: '1.0', batch_input: { video_source_group: [{ video_source_group_id: group, video_source_list: [{ video_source_id: camera }] }] }, output },
      });
      expect(batch.succeed_count).toBe(1);
      if (inUse === 'refuse') {
        expect(await rejection(vias.deleteVideoGroup({ path: { video_group_id: group } }))).toMatchObject({ error_code: 'VIAS.00010012', params: ['video_group_id'] });
      } else {
        expect(await vias.deleteVideoGroup({ path: { video_group_id: group } })).toBe(true);
        expect(await rejection(vias.deleteBatchTask({ path: { id: batch.id! } }))).toMatchObject({ error_code: 'VIAS.00010008' });
        expect((await vias.listTasks({ query: { batch_id: batch.id! } })).tasks).toEqual([]);
      }
    }
  });

  it('and a batch configuration must name groups and sources that exist', async () => {
    const { url } = await emulator();
    const vias = client(url);
    const camera = await videoSource(vias);
    const body = (group: string, source: string) => ({
      name: uniqueName('batch'),
      service_name: 'video-analyze',
      service_version: '1.0',
      batch_input: { video_source_group: [{ video_source_group_id: group, video_source_list: [{ video_source_id: source }] }] },
      output,
    });
    expect(await rejection(vias.createBatchTask({ body: body('nosuchgroup', camera) }))).toMatchObject({ error_code: 'VIAS.00010002' });
    const group = await videoGroup(vias, [camera]);
    expect(await rejection(vias.createBatchTask({ body: body(group, 'nosuchcamera') }))).toMatchObject({ error_code: 'VIAS.00010002' });
  });
});

describe('edge pools and algorithm services', () => {
  it('deploy an edge algorithm on a pool, create tasks only while it runs, and stop the tasks when the deployment stops', async () => {
    const clock = manualClock();
    const { url, logs } = await emulator({ clock, transitionMs: 100 });
    const vias = client(url);
    const [smoke] = (await vias.listUserServices({ query: { name_like: '烟火' } })).service_list!;
    expect(smoke).toMatchObject({ alg_status: 'not_deployed', deploy_type: 'edge' });
    const detail = await vias.showServiceDetail({ path: { service_id: smoke!.service_id! } });
    expect(detail.api).toBe('c-smoke-fire-detect-edge');
    const api = detail.api!;
    const body = { ...streamTask(), name: uniqueName('smoke') };
    expect(await rejection(create(vias, body, api))).toMatchObject({ status: 500, error_code: 'VIAS.00010012', params: ['service_name'] });
    expect(await rejection(create(vias, body, 'no-such-service'))).toMatchObject({ status: 400, error_code: 'VIAS.00010002', params: ['service_name'] });

    const created = await vias.withResponse.createEdgePool({ body: { name: 'pool-one', nodes: ['node-1', 'node-2'] } });
    expect(created.status).toBe(201);
    const pool = created.data.id!;
    expect(await vias.showEdgePoolInfo({ path: { id: pool } })).toMatchObject({ name: 'pool-one', state: 'Running', nodes: [{ id: 'node-1' }, { id: 'node-2' }] });
    expect(await rejection(vias.deployAlgorithm({ path: { alg_id: smoke!.alg_id! }, body: { stream_count: 2 } }))).toMatchObject({ status: 400, params: ['pool_id'] });
    expect(await vias.deployAlgorithm({ path: { alg_id: smoke!.alg_id! }, body: { pool_id: pool, stream_count: 2 } })).toEqual({ alg_name: '烟火检测' });
    expect((await vias.showServiceDetail({ path: { service_id: smoke!.service_id! } })).alg_status).toBe('service_deploying');
    clock.advance(100);
    expect(await vias.showServiceDetail({ path: { service_id: smoke!.service_id! } })).toMatchObject({ alg_status: 'service_running', pool_id: pool });
    const task = await create(vias, body, api);
    clock.advance(200);
    expect((await vias.showTask({ path: { task_id: task } })).state).toBe('RUNNING');

    // The pool runs the deployment: it cannot go.
    expect(await rejection(vias.deleteEdgePool({ path: { id: pool } }))).toMatchObject({ error_code: 'VIAS.00010012', params: ['id'] });
    expect(await vias.stopDeployAlgorithm({ path: { alg_id: smoke!.alg_id! } })).toEqual({ alg_id: smoke!.alg_id });
    clock.advance(100);
    expect((await vias.showServiceDetail({ path: { service_id: smoke!.service_id! } })).alg_status).toBe('service_stopped');
    expect((await vias.showTask({ path: { task_id: task } })).state).toBe('STOPPED');
    expect(await rejection(vias.stopDeployAlgorithm({ path: { alg_id: smoke!.alg_id! } }))).toMatchObject({ error_code: 'VIAS.00010012', params: ['alg_id'] });
    expect((await vias.withResponse.deleteEdgePool({ path: { id: pool } })).status).toBe(204);
    expect((await vias.listEdgePools({ query: {} })).count).toBe(0);
    expect(logs).toEqual([]);
  });

  it('list the catalogue with its counts, filters and pages; the seed pages’ and vendor examples’ services are in it', async () => {
    const { url } = await emulator();
    const vias = client(url);
    const all = await vias.listUserServices({ query: {} });
    expect(all.count).toBe(all.total);
    const apis = await Promise.all(all.service_list!.map(async (s) => (await vias.showServiceDetail({ path: { service_id: s.service_id! } })).api));
    expect(apis).toEqual(expect.arrayContaining(['video-analyze', 'c-queue-status-analysis-edge', 'c-intrusion-detection-edge', 'test-event-01', 'test-cloud-alg']));
    const stopped = await vias.listUserServices({ query: { alg_status: ['service_stopped', 'service_failed'] } });
    expect(stopped).toMatchObject({ count: 2, total: all.total });
    expect(stopped.service_list!.find((s) => s.alg_status === 'service_failed')!.error_msg).toBeTruthy();
    const paged = [];
    for await (const service of vias.paginate.listUserServices({ query: { page_size: 5 } })) paged.push(service.service_id);
    expect(paged).toHaveLength(all.total!);
  });

  it('take more services from --services, and refuse a bad services file with exit 2', async () => {
    const dir = tempDir();
    const file = join(dir, 'services.json');
    const extra = {
      api: 'c-my-own-algorithm',
      alg_id: '11111111-2222-4333-8444-555555555555',
      service_id: '66666666-7777-4888-9999-aaaaaaaaaaaa',
      service_name: 'my own algorithm',
      deploy_type: 'cloud',
      function_version: '2.0',
      alg_status: 'service_running',
      created_at: 1700000000000,
    };
    writeFileSync(file, JSON.stringify([extra]));
    const run = cli(['--port', '0', '--services', file]);
    const vias = client(await run.ready);
    expect(await create(vias, streamTask(), 'c-my-own-algorithm')).toMatch(/^[0-9a-f]{32}$/);
    writeFileSync(file, JSON.stringify([{ ...extra, alg_id: 'not-a-uuid' }]));
    const bad = cli(['--port', '0', '--services', file]);
    expect((await bad.exit).code).toBe(2);
    expect(bad.output().stderr).toContain(`--services ${file}: entry 0 needs alg_id, a UUID v4 in lower case`);
  });
});

describe('the paths the description cannot tell apart by pattern', () => {
  it('routes /video-group/groups to the list and /source/sources/{id} to the show', async () => {
    const { url } = await emulator();
    const vias = client(url);
    const camera = await videoSource(vias);
    const listed = await fetch(`${url}/v2/${PROJECT}/video-group/groups`, { headers: { 'X-Auth-Token': 't' } });
    expect(await listed.json()).toMatchObject({ video_group_list: [] });
    const shown = await fetch(`${url}/v2/${PROJECT}/source/sources/${camera}`, { headers: { 'X-Auth-Token': 't' } });
    expect(shown.status).toBe(200);
  });
});
