// paginate over the lists of the video centre, edge pools and algorithm services, through a
// scripted fetch: what each sends (the `is_paged=true` their description requires, the position,
// the page size, array filters as repeated keys) and where each stops (the total the description
// names: `total_number`, or `count`).
import { describe, expect, it } from 'vitest';
import { routes } from '../src/generated/vias/operations.js';
import { scriptedClient } from './helpers/client.js';

const params = (url: string) => new URL(url).searchParams;
const source = (i: number) => ({ video_source_id: `vs-${i}`, video_source_name: `cam ${i}`, access_type: 'cloud', type: 'url', status: { status: 'Online', name: '在线', level: '1' }, create_at: i });
const group = (i: number) => ({ video_group_id: `grp-${i}`, video_group_name: `g${i}` });
const service = (i: number) => ({ alg_id: `alg-${i}`, service_id: `svc-${i}`, alg_status: 'service_running' });
const pool = (i: number) => ({ id: `pool-${i}`, name: `pool-${i}`, state: 'Running' });
const range = <T,>(from: number, n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(from + i));

describe('the generated paging of the four lists', () => {
  it('is what their x-pagination says', () => {
    expect(routes.listVideoSources.paging).toEqual({ style: 'page', position: 'page_num', size: 'page_size', items: 'video_source_list', count: 'total', total: 'total_number', query: { is_paged: true }, maxPageSize: 200 });
    expect(routes.listVideoGroups.paging).toEqual({ style: 'page', position: 'page_num', size: 'page_size', items: 'video_group_list', count: 'total', total: 'total_number', query: { is_paged: true }, maxPageSize: 200 });
    expect(routes.listUserServices.paging).toEqual({ style: 'page', position: 'page_num', size: 'page_size', items: 'service_list', count: 'total', total: 'count', query: { is_paged: true }, maxPageSize: 200 });
    expect(routes.listEdgePools.paging).toEqual({ style: 'offset', position: 'offset', size: 'limit', items: 'edge_pools', count: 'total', total: 'count', query: {}, maxPageSize: 10000 });
    // The task lists keep their paging; the new fields say they have no total property and fix no query value.
    expect(routes.listTasks.paging).toMatchObject({ count: 'page', total: null, query: {} });
    expect(routes.listBatchTasks.paging).toMatchObject({ count: 'total', total: 'count', query: {} });
  });
});

describe('paginate.listVideoSources', () => {
  it.each([
    [25, 10, 3],
    [20, 10, 2], // the total is known: a full last page costs no extra request
    [0, 10, 1],
  ])('%i video sources by %i → %i requests, each with is_paged=true, every source once', async (total, size, requests) => {
    const { vias, script } = scriptedClient();
    for (let n = 0; n === 0 || n < total; n += size) {
      script.answer({ body: { total_number: total, video_source_number: total, quota_number: 5000, video_source_list: range(n, Math.min(size, total - n), source) } });
    }
    const ids: string[] = [];
    for await (const s of vias.paginate.listVideoSources({ query: { page_size: size, status: ['1', '9'], scope_name: 'source_name', scope: 'cam' } })) ids.push(s.video_source_id);
    expect(ids).toEqual(range(0, total, (i) => `vs-${i}`));
    expect(script.sent).toHaveLength(requests);
    expect(script.sent.map((s) => params(s.url).get('page_num'))).toEqual(range(1, requests, String));
    for (const s of script.sent) {
      expect(params(s.url).get('is_paged')).toBe('true');
      expect(params(s.url).get('page_size')).toBe(String(size));
      expect(params(s.url).getAll('status')).toEqual(['1', '9']); // an array filter: the key repeated
      expect(params(s.url).get('scope')).toBe('cam');
    }
    expect(new URL(script.sent[0]!.url).pathname).toMatch(/\/source\/sources$/);
  });

  it('sends is_paged=true even when the caller asks for no paging (without it the list would answer everything, every time)', async () => {
    const { vias, script } = scriptedClient();
    script.answer({ body: { total_number: 1, video_source_list: [source(0)] } });
    const query = { is_paged: false } as unknown as Record<string, never>;
    for await (const _ of vias.paginate.listVideoSources({ query })) void _;
    expect(params(script.sent[0]!.url).get('is_paged')).toBe('true');
  });

  it('defaults to the largest page the description allows (200)', async () => {
    const { vias, script } = scriptedClient();
    script.answer({ body: { total_number: 0, video_source_list: [] } });
    for await (const _ of vias.paginate.listVideoSources()) void _;
    expect(params(script.sent[0]!.url).get('page_size')).toBe('200');
    expect(params(script.sent[0]!.url).get('page_num')).toBe('1');
  });
});

describe('paginate.listVideoGroups', () => {
  it('pages by page_num with is_paged=true and stops at total_number', async () => {
    const { vias, script } = scriptedClient();
    script.answer(
      { body: { total_number: 12, video_group_number: 12, quota_number: 200, video_group_list: range(0, 5, group) } },
      { body: { total_number: 12, video_group_list: range(5, 5, group) } },
      { body: { total_number: 12, video_group_list: range(10, 2, group) } },
    );
    const ids: string[] = [];
    for await (const g of vias.paginate.listVideoGroups({ query: { page_size: 5, access_type: ['cloud', 'edge'], status: '1' } })) ids.push(g.video_group_id!);
    expect(ids).toEqual(range(0, 12, (i) => `grp-${i}`));
    expect(script.sent.map((s) => [params(s.url).get('page_num'), params(s.url).get('is_paged')])).toEqual([['1', 'true'], ['2', 'true'], ['3', 'true']]);
    expect(params(script.sent[0]!.url).getAll('access_type')).toEqual(['cloud', 'edge']);
    expect(new URL(script.sent[0]!.url).pathname).toMatch(/\/video-group\/groups$/);
  });
});

describe('paginate.listUserServices', () => {
  it('stops at count (the services that match), not at total (all of the account\'s)', async () => {
    const { vias, script } = scriptedClient();
    script.answer({ body: { count: 7, total: 40, service_list: range(0, 5, service) } }, { body: { count: 7, total: 40, service_list: range(5, 2, service) } });
    const ids: string[] = [];
    for await (const s of vias.paginate.listUserServices({ query: { page_size: 5, alg_status: ['service_running', 'service_stopped'] } })) ids.push(s.alg_id!);
    expect(ids).toEqual(range(0, 7, (i) => `alg-${i}`));
    expect(script.sent).toHaveLength(2);
    expect(params(script.sent[1]!.url).get('page_num')).toBe('2');
    expect(params(script.sent[0]!.url).getAll('alg_status')).toEqual(['service_running', 'service_stopped']);
    expect(params(script.sent[0]!.url).get('is_paged')).toBe('true');
  });
});

describe('paginate.listEdgePools', () => {
  it('pages by offset and limit (the newest pages), stops at count, and sends no is_paged', async () => {
    const { vias, script } = scriptedClient();
    script.answer({ body: { count: 5, edge_pools: range(0, 2, pool) } }, { body: { count: 5, edge_pools: range(2, 2, pool) } }, { body: { count: 5, edge_pools: range(4, 1, pool) } });
    const ids: string[] = [];
    for await (const p of vias.paginate.listEdgePools({ query: { limit: 2, state: 'Running' } })) ids.push(p.id!);
    expect(ids).toEqual(range(0, 5, (i) => `pool-${i}`));
    expect(script.sent.map((s) => params(s.url).get('offset'))).toEqual(['0', '2', '4']);
    for (const s of script.sent) {
      expect(params(s.url).get('limit')).toBe('2');
      expect(params(s.url).has('is_paged')).toBe(false);
      expect(params(s.url).get('state')).toBe('Running');
    }
  });

  it('asks for the largest page the newest pages allow (limit 10000): one request for any ordinary account', async () => {
    const { vias, script } = scriptedClient();
    script.answer({ body: { count: 3, edge_pools: range(0, 3, pool) } });
    const ids: string[] = [];
    for await (const p of vias.paginate.listEdgePools()) ids.push(p.id!);
    expect(ids).toHaveLength(3);
    expect(script.sent).toHaveLength(1);
    expect(params(script.sent[0]!.url).get('limit')).toBe('10000');
    expect(params(script.sent[0]!.url).get('offset')).toBe('0');
  });
});
