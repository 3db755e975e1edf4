import { describe, expectTypeOf, it } from 'vitest';
import {
  createVasClient,
  createViasClient,
  VasApiError,
  ViasApiError,
  TERMINAL_STATES,
  type InferTaskDetail,
  type ServiceTaskDetail,
  type TaskDetail,
  type TaskState,
  type ViasClient,
} from '../src/index.js';
import { createBody } from './helpers/client.js';

declare const vias: ViasClient;

describe('operation methods', () => {
  it('resolve to the success bodies of the spec', () => {
    expectTypeOf(vias.showTask({ path: { task_id: 't' } })).resolves.toEqualTypeOf<TaskDetail>();
    expectTypeOf(vias.showInferTask({ path: { task_id: 't' } })).resolves.toEqualTypeOf<InferTaskDetail>();
    expectTypeOf(vias.showServiceTask({ path: { service_name: 's', task_id: 't' } })).resolves.toEqualTypeOf<ServiceTaskDetail>();
    expectTypeOf(vias.createServiceTask({ path: { service_name: 's' }, body: createBody })).resolves.toHaveProperty('tasks');
    expectTypeOf(vias.listTasks()).resolves.toHaveProperty('tasks');
    expectTypeOf(vias.withResponse.showTask({ path: { task_id: 't' } })).resolves.toMatchTypeOf<{ data: TaskDetail; status: number; headers: Headers; requestId?: string }>();
  });

  it('accept signal and headers, and never project_id', () => {
    vias.showTask({ path: { task_id: 't' }, signal: AbortSignal.timeout(5), headers: { 'X-A': 'b' } });
    // @ts-expect-error project_id is filled in by the client
    vias.showTask({ path: { task_id: 't', project_id: 'p' } });
  });

  it('reject wrong paths and missing or misspelt parameters', () => {
    // @ts-expect-error task_id is required
    vias.showTask({ path: {} });
    // @ts-expect-error path is required
    vias.showTask({});
    // @ts-expect-error service_name is required
    vias.showServiceTask({ path: { task_id: 't' } });
    // @ts-expect-error taskId is not a parameter
    vias.showInferTask({ path: { taskId: 't' } });
    // @ts-expect-error no such operation on VIAS (VAS has startTask)
    vias.startTask({ path: { task_id: 't' } });
    // @ts-expect-error 'pause' is not a command
    vias.startStopTask({ path: { task_id: 't', command: 'pause' } });
  });

  it('check the request body against the spec', () => {
    // @ts-expect-error body is required
    vias.createServiceTask({ path: { service_name: 's' } });
    const { name: _omit, ...withoutName } = createBody;
    // @ts-expect-error name is required
    vias.createServiceTask({ path: { service_name: 's' }, body: withoutName });
    // @ts-expect-error 'ftp' is not an input type
    vias.createServiceTask({ path: { service_name: 's' }, body: { ...createBody, input: { type: 'ftp', data: [{}] } } });
    // @ts-expect-error GET operations take no body
    vias.showTask({ path: { task_id: 't' }, body: {} });
  });
});

describe('raw openapi-fetch client', () => {
  it('is typed by the spec without project_id, with openapi-fetch semantics', async () => {
    const { data, error } = await vias.raw.GET('/v2/{project_id}/tasks/{task_id}', { params: { path: { task_id: 't' } } });
    expectTypeOf(data).branded.toEqualTypeOf<TaskDetail | undefined>();
    expectTypeOf(error).not.toBeAny();
    await vias.raw.POST('/v2/{project_id}/services/{service_name}/tasks', { params: { path: { service_name: 's' } }, body: createBody });
    await vias.raw.GET('/v2/{project_id}/tasks', { params: { query: { page: 1 } } });
    // @ts-expect-error unknown path
    await vias.raw.GET('/v2/{project_id}/jobs/{task_id}', { params: { path: { task_id: 't' } } });
    // @ts-expect-error task_id is required
    await vias.raw.GET('/v2/{project_id}/tasks/{task_id}', { params: { path: {} } });
    expectTypeOf(vias.raw.use).toBeFunction();
  });
});

describe('pagination', () => {
  it('iterates the items of list operations only', async () => {
    for await (const task of vias.paginate.listTasks({ query: { page_size: 100, task_state: 'RUNNING' } })) expectTypeOf(task.id).toEqualTypeOf<string>();
    // @ts-expect-error the paginator sets page itself
    vias.paginate.listTasks({ query: { page: 2 } });
    // @ts-expect-error showTask is not a list
    vias.paginate.showTask;
  });
});

describe('errors', () => {
  it('code is checked against each catalogue', () => {
    const e = {} as ViasApiError;
    if (e.code === 'VIAS.00010007') void e;
    // @ts-expect-error not a VIAS code
    if (e.code === 'VIAS.0001007') void e;
    const v = {} as VasApiError;
    if (v.code === 'IVA.0005') void v;
    // @ts-expect-error a VIAS code is not a VAS code
    if (v.code === 'VIAS.00010007') void v;
  });
});

describe('createVasClient', () => {
  it('has exactly the VAS operations, with their answers', () => {
    const vas = createVasClient({ region: 'cn-north-1', projectId: 'p', auth: { token: 't' } });
    expectTypeOf(vas.deleteTask({ path: { service_name: 's', task_id: 't' } })).resolves.toEqualTypeOf<undefined>();
    expectTypeOf(vas.createTasks).returns.resolves.toBeArray();
    // @ts-expect-error VAS has no listTasks (it has listTasksDetails)
    vas.listTasks();
  });
});

describe('states and waitForTask', () => {
  it('use the TaskState union', () => {
    expectTypeOf(TERMINAL_STATES).toEqualTypeOf<readonly TaskState[]>();
    vias.waitForTask('t', { until: ['RUNNING', 'SUCCEEDED'], intervalMs: 1000, timeoutMs: 60_000 });
    // @ts-expect-error 'DONE' is not a TaskState
    vias.waitForTask('t', { until: ['DONE'] });
    expectTypeOf(vias.waitForTask('t')).resolves.toEqualTypeOf<TaskDetail>();
    // @ts-expect-error 'DONE' is not a TaskState
    const state: TaskState = 'DONE';
    void state;
  });
});

describe('createViasClient options', () => {
  it('require projectId and auth, accept token or AK/SK', () => {
    createViasClient({ region: 'cn-north-4', projectId: 'p', auth: { token: 't' } });
    createViasClient({ endpoint: 'https://x', projectId: 'p', auth: { accessKey: 'a', secretKey: 's', securityToken: 'x' } });
    createViasClient({ region: 'r', projectId: 'p', auth: { token: 't' }, retry: false, timeoutMs: 5, headers: { a: 'b' } });
    // @ts-expect-error projectId is required
    createViasClient({ region: 'cn-north-4', auth: { token: 't' } });
    // @ts-expect-error secretKey is required with accessKey
    createViasClient({ region: 'cn-north-4', projectId: 'p', auth: { accessKey: 'a' } });
  });
});
