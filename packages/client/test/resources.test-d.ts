// Types of the methods createViasClient gains from the video centre, edge pool and algorithm
// service operations of the spec (generated, nothing written by hand): inputs, answers of every
// documented success status, and the paginators of the four lists.
import { describe, expectTypeOf, it } from 'vitest';
import type { ViasClient } from '../src/index.js';
import type { components } from '../src/generated/vias/schema.js';

type S = components['schemas'];
declare const vias: ViasClient;
const source: S['CreateVideoSourceRequest'] = {
  video_source_name: 'url_test',
  access_type: 'cloud',
  type: 'url',
  type_config: '<type_config><url_address>rtsp://192.0.2.1:554</url_address></type_config>',
};

describe('video sources', () => {
  it('answer what each documented success status carries', () => {
    expectTypeOf(vias.createVideoSource({ body: source })).resolves.toEqualTypeOf<S['CreateVideoSourceResponse']>();
    expectTypeOf(vias.createVideoSource({ body: source })).resolves.toHaveProperty('video_source_id').toEqualTypeOf<string>();
    expectTypeOf(vias.showVideoSourceDetail({ path: { video_source_id: 'v' } })).resolves.toEqualTypeOf<S['VideoSourceDetail']>();
    expectTypeOf(vias.updateVideoSource({ path: { video_source_id: 'v' }, body: { video_source_name: 'n' } })).resolves.toEqualTypeOf<S['VideoSourceDetail']>();
    // The bare `true` (typed `string` by the definition): a boolean or a string.
    expectTypeOf(vias.deleteVideoSource({ path: { video_source_id: 'v' } })).resolves.toEqualTypeOf<boolean | string>();
    expectTypeOf(vias.listVideoSources()).resolves.toEqualTypeOf<S['VideoSourceList']>();
  });

  it('check inputs: the new types, array filters, what an update cannot change', () => {
    vias.listVideoSources({ query: { status: ['1', '9'], type: ['ivm', 'vcn_restful'], is_paged: true, page_num: 2 } });
    // @ts-expect-error a Huawei Cloud Stack type is not a public-cloud video source type
    vias.createVideoSource({ body: { ...source, type: 'RTSP_STREAM' } });
    // @ts-expect-error status filters are the levels 1, 2 and 9
    vias.listVideoSources({ query: { status: ['3'] } });
    // @ts-expect-error the video source ID is required
    vias.showVideoSourceDetail({ path: {} });
    // @ts-expect-error type_config alone: the name is required
    vias.updateVideoSource({ path: { video_source_id: 'v' }, body: { type_config: '<type_config/>' } });
  });
});

describe('video source groups', () => {
  it('answer the group, its ID, or the undocumented boolean-or-string of an update or delete', () => {
    expectTypeOf(vias.createVideoGroup({ body: { video_group_name: 'g', access_type: 'edge' } })).resolves.toEqualTypeOf<S['CreateVideoGroupResponse']>();
    expectTypeOf(vias.showVideoGroupDetail({ path: { video_group_id: 'g' } })).resolves.toEqualTypeOf<S['VideoGroup']>();
    expectTypeOf(vias.listVideoGroups({ query: { status: '1', has_task: true } })).resolves.toEqualTypeOf<S['VideoGroupList']>();
    expectTypeOf(vias.updateVideoGroup({ path: { video_group_id: 'g' }, body: { video_source_ids: ['v'] } })).resolves.toEqualTypeOf<boolean | string>();
    expectTypeOf(vias.deleteVideoGroup({ path: { video_group_id: 'g' } })).resolves.toEqualTypeOf<boolean | string>();
  });

  it('the update body is optional, as the definition has it; given, it carries the members', () => {
    vias.updateVideoGroup({ path: { video_group_id: 'g' } });
    // @ts-expect-error video_source_ids is required in the body
    vias.updateVideoGroup({ path: { video_group_id: 'g' }, body: { video_group_name: 'g' } });
  });
});

describe('edge resource pools', () => {
  it('answer 201 with the ID, 204 with nothing', () => {
    expectTypeOf(vias.createEdgePool({ body: { name: 'edge-pool-1', nodes: ['n'] } })).resolves.toEqualTypeOf<S['CreateEdgePoolResponse']>();
    expectTypeOf(vias.withResponse.createEdgePool({ body: { name: 'edge-pool-1', nodes: ['n'] } })).resolves.toHaveProperty('status').toEqualTypeOf<number>();
    expectTypeOf(vias.deleteEdgePool({ path: { id: 'p' } })).resolves.toEqualTypeOf<undefined>();
    expectTypeOf(vias.showEdgePoolInfo({ path: { id: 'p' } })).resolves.toEqualTypeOf<S['EdgePoolDetail']>();
  });

  it('take both paging generations of listEdgePools', () => {
    vias.listEdgePools({ query: { limit: 10, offset: 20, state: 'Abnormal' } });
    vias.listEdgePools({ query: { is_paged: true, page_size: 10, page_num: 2 } });
    // @ts-expect-error Running or Abnormal
    vias.listEdgePools({ query: { state: 'Stopped' } });
  });
});

describe('algorithm services', () => {
  it('answer the list, the detail with its api, and the deploy and stop answers', () => {
    expectTypeOf(vias.listUserServices({ query: { alg_status: ['service_running', 'not_deployed'] } })).resolves.toEqualTypeOf<S['ServiceList']>();
    expectTypeOf(vias.showServiceDetail({ path: { service_id: 's' } })).resolves.toHaveProperty('api').toEqualTypeOf<string | undefined>();
    expectTypeOf(vias.deployAlgorithm({ path: { alg_id: 'a' }, body: { stream_count: 1, pool_id: 'p', envs: { A: 'b' } } })).resolves.toEqualTypeOf<S['DeployAlgorithmResponse']>();
    expectTypeOf(vias.stopDeployAlgorithm({ path: { alg_id: 'a' } })).resolves.toEqualTypeOf<S['StopDeployAlgorithmResponse']>();
    // @ts-expect-error stream_count is required
    vias.deployAlgorithm({ path: { alg_id: 'a' }, body: { pool_id: 'p' } });
    // @ts-expect-error not a deployment state
    vias.listUserServices({ query: { alg_status: ['running'] } });
  });
});

describe('paginate', () => {
  it('iterates the items of the four lists', async () => {
    for await (const s of vias.paginate.listVideoSources({ query: { status: ['1'] } })) expectTypeOf(s).toEqualTypeOf<S['VideoSourceListItem']>();
    for await (const g of vias.paginate.listVideoGroups()) expectTypeOf(g).toEqualTypeOf<S['VideoGroupListItem']>();
    for await (const p of vias.paginate.listEdgePools({ query: { limit: 100 } })) expectTypeOf(p).toEqualTypeOf<S['EdgePoolListItem']>();
    for await (const s of vias.paginate.listUserServices()) expectTypeOf(s).toEqualTypeOf<S['ServiceListItem']>();
  });

  it('moves the position itself, and has no paginator for a non-list', () => {
    // @ts-expect-error the paginator sets page_num
    vias.paginate.listVideoSources({ query: { page_num: 2 } });
    // @ts-expect-error the paginator sets offset
    vias.paginate.listEdgePools({ query: { offset: 10 } });
    // @ts-expect-error showVideoSourceDetail is not a list
    vias.paginate.showVideoSourceDetail;
  });
});
