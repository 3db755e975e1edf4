import { describe, expectTypeOf, it } from 'vitest';
import type {
  CreateServiceTaskBody,
  CreateServiceTaskPath,
  CreateServiceTaskResult,
  ListTasksQuery,
  ListTasksResult,
  ShowTaskPath,
  ShowTaskResult,
  TaskDetail,
  TaskInput,
  UpdateTaskBody,
  VasCreateTasksBody,
  VasShowTaskResult,
  ViasClient,
} from '../src/index.js';

// Named types for every operation's path parameters, query, body and answer, and task inputs
// that narrow on `type`: a wrong input shape fails to compile.

declare const vias: ViasClient;

describe('named operation types', () => {
  it('are the methods’ own input and result types', () => {
    expectTypeOf<ShowTaskResult>().toEqualTypeOf<TaskDetail>();
    expectTypeOf<ShowTaskPath>().toEqualTypeOf<{ task_id: string }>();
    expectTypeOf<CreateServiceTaskPath>().toEqualTypeOf<{ service_name: string }>();
    type MethodBody = Parameters<ViasClient['createServiceTask']>[0]['body'];
    expectTypeOf<MethodBody>().toExtend<CreateServiceTaskBody>();
    expectTypeOf<CreateServiceTaskBody>().toExtend<MethodBody>();
    expectTypeOf(vias.createServiceTask).returns.resolves.toEqualTypeOf<CreateServiceTaskResult>();
    expectTypeOf(vias.listTasks).returns.resolves.toEqualTypeOf<ListTasksResult>();
    expectTypeOf<ListTasksQuery>().toHaveProperty('page_size');
    expectTypeOf<VasShowTaskResult>().toHaveProperty('state');
    const query: ListTasksQuery = { task_state: 'RUNNING', page: 1, page_size: 100 };
    void query;
  });

  it('a wrong query or body fails to compile', () => {
    // @ts-expect-error task_state is a TaskStateFilter value
    const badQuery: ListTasksQuery = { task_state: 'DONE' };
    // @ts-expect-error name is required
    const noName: CreateServiceTaskBody = { input: { type: 'video_source', data: [{ video_source_id: 'vs-1' }] }, output: { event_center: true }, service_version: '1.0' };
    void badQuery;
    void noName;
  });
});

describe('task inputs narrow on type', () => {
  it('each type needs its own fields', () => {
    const videoSource: TaskInput = { type: 'video_source', data: [{ video_source_id: 'vs-cam-7' }] };
    const obs: TaskInput = { type: 'obs', data: [{ bucket: 'obs-iva', path: 'input/demo.mp4' }] };
    const vcn: TaskInput = {
      type: 'vcn',
      vcn: { ip: '192.0.2.10', port: 4675, username: 'u', password: 'p' },
      data: [{ device_id: '46459876132169871364#abb6541c6d546c65ffee16ebaf5ce9ca' }],
    };
    void [videoSource, obs, vcn];
    // @ts-expect-error a video_source input needs video_source_id, not bucket and path
    const wrong: TaskInput = { type: 'video_source', data: [{ bucket: 'obs-iva', path: 'input/demo.mp4' }] };
    // @ts-expect-error an obs input needs bucket and path
    const noPath: TaskInput = { type: 'obs', data: [{ bucket: 'obs-iva' }] };
    // @ts-expect-error a vcn input needs the VCN server beside data
    const noServer: TaskInput = { type: 'vcn', data: [{ device_id: 'd' }] };
    // @ts-expect-error a restful input needs certificate_check and rtsp_path_in_response
    const restful: TaskInput = { type: 'restful', data: [{ url: 'https://streams.example/cam' }] };
    void [wrong, noPath, noServer, restful];
  });

  it('the request bodies use them, and a read task narrows', () => {
    vias.createServiceTask({
      path: { service_name: 'video-analyze' },
      body: {
        name: 'cam-7',
        // @ts-expect-error a video_source input needs video_source_id
        input: { type: 'video_source', data: [{ bucket: 'obs-iva', path: 'in.mp4' }] },
        output: { event_center: true },
        service_version: '1.0',
      },
    });
    const update: UpdateTaskBody = { name: 'cam-7', input: { type: 'url', data: [{ url: 'rtsp://192.0.2.1/stream' }] }, output: { event_center: true } };
    void update;
    // @ts-expect-error VAS jobs take edgerestful, which needs certificate_check and rtsp_path_in_response
    const vasBody: VasCreateTasksBody['input'] = { type: 'edgerestful', data: [{ url: 'https://s.example/x' }] };
    void vasBody;
    const read = {} as TaskDetail;
    if (read.input?.type === 'obs') expectTypeOf(read.input.data[0]!.bucket).toEqualTypeOf<string>();
    if (read.input?.type === 'video_source') expectTypeOf(read.input.data[0]!.video_source_id).toEqualTypeOf<string>();
  });
});
