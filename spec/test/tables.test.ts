// Every field of every table in the seeds is in the schema that models it, with the
// constraints the table gives. The tables are read from the pages, so nothing can be
// left out silently.
import { describe, expect, it } from 'vitest';
import { bundle, deref, generations, propertiesOf, requiredOf, validator, type Generation, type Schema } from './helpers/bundle.js';
import { pageStatuses, tableFields, type SeedField } from './helpers/seeds.js';
import { vendorOperation } from './helpers/vendor.js';

const schema = (name: string, g: Generation = 'vias'): Schema => generations[g].bundle.components.schemas[name];

// seed → [table heading, schema that models it, document]
const TABLES: Array<[seed: string, heading: RegExp, schemaName: string, generation?: Generation]> = [
  ['002_c6254b6928158c1f', /^Table 3 Response body parameters$/, 'TaskDetail'],
  ['002_c6254b6928158c1f', /^Table 4 error$/, 'TaskError'],
  ['002_c6254b6928158c1f', /^Table 5 TaskSchedule$/, 'TaskSchedule'],
  ['002_c6254b6928158c1f', /^Table 6 TaskInput$/, 'TaskInput'],
  ['002_c6254b6928158c1f', /^Table 7 TaskInputData$/, 'TaskInputData'],
  ['002_c6254b6928158c1f', /^Table 8 TaskInputVcn$/, 'TaskInputVcn'],
  ['002_c6254b6928158c1f', /^Table 9 TaskOutputForDisplay$/, 'TaskOutput'],
  ['002_c6254b6928158c1f', /^Table 10 TaskOutputObs$/, 'TaskOutputObs'],
  ['002_c6254b6928158c1f', /^Table 11 TaskOutputDis$/, 'TaskOutputDis'],
  ['002_c6254b6928158c1f', /^Table 12 TaskOutputWebhook$/, 'TaskOutputWebhook'],
  ['002_c6254b6928158c1f', /^Table 13 TaskServiceConfig$/, 'TaskServiceConfig'],
  ['002_c6254b6928158c1f', /^Table 14 Response body parameters$/, 'ErrorResponse'],
  ['002_c6254b6928158c1f', /^Table 15 Response body parameters$/, 'ErrorResponse'],
  ['003_6a551679bf258509', /^Table 3 Response body parameters$/, 'InferTaskDetail'],
  ['003_6a551679bf258509', /^Table 4 error$/, 'TaskError'],
  ['003_6a551679bf258509', /^Table 5 TaskSchedule$/, 'TaskSchedule'],
  ['003_6a551679bf258509', /^Table 6 PeriodsData$/, 'PeriodsData'],
  ['003_6a551679bf258509', /^Table 7 TaskInput$/, 'InferTaskInput'],
  ['003_6a551679bf258509', /^Table 8 TaskInputData$/, 'TaskInputData'],
  ['003_6a551679bf258509', /^Table 9 TaskInputVcn$/, 'TaskInputVcn'],
  ['003_6a551679bf258509', /^Table 10 TaskOutputForDisplay$/, 'InferTaskOutput'],
  ['003_6a551679bf258509', /^Table 11 TaskOutputDis$/, 'TaskOutputDis'],
  ['003_6a551679bf258509', /^Table 12 TaskOutputWebhook$/, 'TaskOutputWebhook'],
  ['003_6a551679bf258509', /^Table 13 TaskServiceConfig$/, 'TaskServiceConfig'],
  ['004_aa487b356c74fd0c', /^\s*• Request parameters$/m, 'VasCreateTasksRequest', 'vas'],
  ['004_aa487b356c74fd0c', /^\s*• Job ID description$/m, 'VasCreatedTask', 'vas'],
];

/** The enum values a property allows: `enum`, or the `const`s of a `oneOf`. */
function allowedValues(prop: Schema, g: Generation): unknown[] | undefined {
  const s = generations[g].deref(prop);
  if (s.enum) return s.enum;
  if (s.oneOf) return s.oneOf.map((o: Schema) => o.const);
  return undefined;
}

/** The constraint a table cell states, as the JSON Schema keywords that must carry it. */
function expectConstraints(field: SeedField, prop: Schema, g: Generation) {
  const s = generations[g].deref(prop);
  const notes = field.notes.join('\n');
  const num = (re: RegExp) => (notes.match(re) ? Number(notes.match(re)![1]) : undefined);
  const min = num(/^Minimum: (\d+)$/m);
  const max = num(/^Maximum: (\d+)$/m);
  if (field.type === 'String') {
    if (min !== undefined) expect(s.minLength, `${field.name} minLength`).toBe(min);
    if (max !== undefined) expect(s.maxLength, `${field.name} maxLength`).toBe(max);
  } else if (field.type === 'Integer') {
    if (min !== undefined) expect(s.minimum, `${field.name} minimum`).toBe(min);
    if (max !== undefined) expect(s.maximum, `${field.name} maximum`).toBe(max);
  } else if (field.type === 'Array of integers') {
    if (min !== undefined) expect(s.items.minimum, `${field.name} items minimum`).toBe(min);
    if (max !== undefined) expect(s.items.maximum, `${field.name} items maximum`).toBe(max);
  }
  const length = notes.match(/^Array Length: (\d+) - (\d+)$/m);
  if (length) {
    expect(s.minItems ?? 0, `${field.name} minItems`).toBe(Number(length[1]));
    expect(s.maxItems, `${field.name} maxItems`).toBe(Number(length[2]));
  }
  const chars = notes.match(/consists of (\d+) to (\d+) characters/);
  if (chars) {
    expect(s.minLength, `${field.name} minLength`).toBe(Number(chars[1]));
    expect(s.maxLength, `${field.name} maxLength`).toBe(Number(chars[2]));
  }
  const maxChars = num(/maximum of (\d+) characters/);
  if (maxChars !== undefined) expect(s.maxLength, `${field.name} maxLength`).toBe(maxChars);
  const maxPairs = num(/maximum of (\d+) key-value pairs/);
  if (maxPairs !== undefined) expect(s.maxProperties, `${field.name} maxProperties`).toBe(maxPairs);
  const minPairs = num(/minimum of (\d+) key-value pair/);
  if (minPairs !== undefined) expect(s.minProperties, `${field.name} minProperties`).toBe(minPairs);
  const def = notes.match(/^Default: (\w+)$/m);
  if (def) expect(String(s.default), `${field.name} default`).toBe(def[1]);
  const pattern =
    notes.match(/regular expression (\^.*\$)\./)?.[1] ??
    notes.match(/\(pattern: " (.*) "\)/)?.[1] ??
    notes.match(/verification rule is (\^.*\$)\./)?.[1];
  // The rendered pages lose `*` and `\\` from patterns; the definitions have them (compare without).
  const rendered = (p: string) => p.replace(/[*\\]/g, '');
  if (pattern) expect(rendered(s.pattern), `${field.name} pattern`).toBe(rendered(pattern));
  if (/format is hh:mm:ss/.test(notes)) {
    // The definition's pattern (`[0-9]{2}:[0-9]{2}:[0-9]{2}`, optionally after a date) also admits 24:00:00.
    const re = new RegExp(s.pattern, 'u');
    expect(re.test('23:59:59') && re.test('00:00:00') && !re.test('8am') && !re.test('8:00'), `${field.name} hh:mm:ss`).toBe(true);
  }

  // Enumerations: bullets ("• PENDING: …", "• obs (files stored in OBS…)") or a sentence.
  const bullets = [...notes.matchAll(/^•\s*([A-Za-z_]+)(?=:| \(|$)/gm)].map((m) => m[1]);
  const sentence = notes.match(/The value can be ((?:[A-Z_]+, )+(?:or )?[A-Z_]+)\./)?.[1];
  const listed = bullets.length ? bullets : sentence?.replace(/or /, '').split(', ');
  const words = notes.match(/(?:Options:|options are) (\w+) and (\w+)/);
  const values = listed ?? (words ? [words[1], words[2]] : undefined);
  // Values the spec adds to a page's list are declared, with their source, in `x-inferred-values`.
  const inferred = Object.keys(s['x-inferred-values'] ?? {});
  if (values) expect(allowedValues(prop, g), `${field.name} enum`).toEqual(expect.arrayContaining(values));
  if (values) expect(allowedValues(prop, g)!.filter((v) => !inferred.includes(v as string)), `${field.name} enum size`).toHaveLength(values.length);
  for (const v of inferred) expect(values ?? [], `${field.name}: inferred ${v} is not on the page`).not.toContain(v);
  // "not recommended and will be discontinued" values are marked deprecated.
  for (const m of notes.matchAll(/^•\s*([a-z_]+) \(not recommended/gm)) {
    const option = s.oneOf?.find((o: Schema) => o.const === m[1]);
    expect(option?.deprecated, `${field.name}=${m[1]} deprecated`).toBe(true);
  }
}

describe('seed field tables', () => {
  it.each(TABLES)('%s %s → %s', (seed, heading, schemaName, g = 'vias') => {
    const fields = tableFields(seed, heading);
    expect(fields.length).toBeGreaterThan(0);
    const target = schema(schemaName, g);
    expect(target, schemaName).toBeDefined();
    const props = propertiesOf(target, g);
    for (const field of fields) {
      expect(Object.keys(props), `${schemaName} lacks ${field.name} (${seed})`).toContain(field.name);
      expectConstraints(field, props[field.name]!, g);
      if (field.mandatory !== undefined) {
        expect(requiredOf(target, g).includes(field.name), `${field.name} required`).toBe(field.mandatory);
      }
    }
  });

  it('path parameters of the current pages are the operations’ parameters', () => {
    for (const [seed, path] of [
      ['002_c6254b6928158c1f', '/v2/{project_id}/tasks/{task_id}'],
      ['003_6a551679bf258509', '/v1/{project_id}/infer/tasks/{task_id}'],
    ] as const) {
      const names = tableFields(seed, /^Table 1 Path Parameters$/).map((f) => f.name);
      const params = (bundle.paths[path].parameters as Schema[]).map((p) => deref(p));
      expect(params.map((p) => p.name).sort()).toEqual([...names].sort());
      for (const p of params) expect(p.required && p.in === 'path').toBe(true);
    }
  });

  it('operations, methods and paths: the seed pages and the vendor definitions, one document per generation', () => {
    const list = (g: Generation) => generations[g].operations.map((o) => `${o.id} ${o.method} ${o.path}`).sort();
    expect(list('vias')).toEqual([
      'batchStartStopTask PUT /v2/{project_id}/batch-tasks/{id}/action/{command}',
      'createBatchTask POST /v2/{project_id}/batch-tasks',
      'createEdgePool POST /v2/{project_id}/edge-pools',
      'createServiceTask POST /v2/{project_id}/services/{service_name}/tasks',
      'createVideoGroup POST /v2/{project_id}/video-group',
      'createVideoSource POST /v2/{project_id}/source',
      'deleteBatchTask DELETE /v2/{project_id}/batch-tasks/{id}',
      'deleteEdgePool DELETE /v2/{project_id}/edge-pools/{id}',
      'deleteTask DELETE /v2/{project_id}/tasks/{task_id}',
      'deleteVideoGroup DELETE /v2/{project_id}/video-group/{video_group_id}',
      'deleteVideoSource DELETE /v2/{project_id}/source/{video_source_id}',
      'deployAlgorithm POST /v2/{project_id}/algorithm/{alg_id}/deploy',
      'listBatchTasks GET /v2/{project_id}/batch-tasks',
      'listEdgePools GET /v2/{project_id}/edge-pools',
      'listInferTasks GET /v1/{project_id}/infer/tasks',
      'listTasks GET /v2/{project_id}/tasks',
      'listUserServices GET /v2/{project_id}/algorithm/services/user',
      'listVideoGroups GET /v2/{project_id}/video-group/groups',
      'listVideoSources GET /v2/{project_id}/source/sources',
      'showEdgePoolInfo GET /v2/{project_id}/edge-pools/{id}',
      'showInferTask GET /v1/{project_id}/infer/tasks/{task_id}',
      'showServiceDetail GET /v2/{project_id}/algorithm/services/{service_id}',
      'showServiceTask GET /v2/{project_id}/services/{service_name}/tasks/{task_id}',
      'showTask GET /v2/{project_id}/tasks/{task_id}',
      'showVideoGroupDetail GET /v2/{project_id}/video-group/{video_group_id}',
      'showVideoSourceDetail GET /v2/{project_id}/source/sources/{video_source_id}',
      'startStopTask PUT /v2/{project_id}/tasks/{task_id}/action/{command}',
      'stopDeployAlgorithm PUT /v2/{project_id}/algorithm/{alg_id}/deploy/stop',
      'updateBatchTask PUT /v2/{project_id}/batch-tasks/{id}',
      'updateTask PUT /v2/{project_id}/tasks/{task_id}',
      'updateVideoGroup PUT /v2/{project_id}/video-group/{video_group_id}',
      'updateVideoSource PUT /v2/{project_id}/source/{video_source_id}',
    ]);
    expect(list('vas')).toEqual([
      'createTasks POST /v2/{project_id}/services/{service_name}/tasks',
      'deleteTask DELETE /v2/{project_id}/services/{service_name}/tasks/{task_id}',
      'listTasksDetails GET /v2/{project_id}/services/{service_name}/tasks',
      'showTask GET /v2/{project_id}/services/{service_name}/tasks/{task_id}',
      'startTask POST /v2/{project_id}/services/{service_name}/tasks/{task_id}/start',
      'stopTask POST /v2/{project_id}/services/{service_name}/tasks/{task_id}/stop',
      'updateTask PUT /v2/{project_id}/services/{service_name}/tasks/{task_id}',
    ]);
  });

  // Which operations each page documents (a page of the older service generation documents both
  // the VIAS path it shares and the VAS operation).
  const PAGE_OPERATIONS: Array<[seed: string, ops: Array<[Generation, string]>]> = [
    ['000_644dbbc2d40b1674', [['vias', 'showServiceTask'], ['vas', 'showTask']]],
    ['001_7d6bdcaf02bde311', [['vias', 'showServiceTask'], ['vas', 'showTask']]],
    ['002_c6254b6928158c1f', [['vias', 'showTask']]],
    ['003_6a551679bf258509', [['vias', 'showInferTask']]],
    ['004_aa487b356c74fd0c', [['vas', 'createTasks']]],
  ];

  it.each(PAGE_OPERATIONS)('every status code page %s lists is a response of its operations', (seed, ops) => {
    const listed = pageStatuses(seed);
    expect(listed.length, `${seed} lists statuses`).toBeGreaterThan(0);
    for (const [g, id] of ops) {
      const op = generations[g].operations.find((o) => o.id === id)!;
      expect(op.responses.map((r) => r.status), `${g} ${id}`).toEqual(expect.arrayContaining(listed));
    }
  });

  it('every response status comes from a page, a definition or the catalogue', () => {
    const pagesOf = (g: Generation, id: string) =>
      PAGE_OPERATIONS.filter(([, ops]) => ops.some(([og, oid]) => og === g && oid === id)).flatMap(([seed]) => pageStatuses(seed));
    for (const g of ['vias', 'vas'] as const) {
      for (const op of generations[g].operations) {
        const fromDefinition = op.vendorOperation ? Object.keys(vendorOperation(op.vendorOperation).op.responses).map(Number) : [];
        for (const r of op.responses) {
          const sourced =
            pagesOf(g, op.id).includes(r.status) || fromDefinition.includes(r.status) || r.source === 'catalogue' || r.source === 'page';
          expect(sourced, `${g} ${op.id} ${r.status} has no source`).toBe(true);
          expect(r.description, `${g} ${op.id} ${r.status}`).toBeTruthy();
        }
      }
    }
  });

  it('the task states: 15 documented, SCHEDULING inferred, and a terminal set that is declared the client\'s model', () => {
    const state = schema('TaskState');
    expect(state.enum.filter((s: string) => !(s in state['x-inferred-values']))).toHaveLength(15);
    expect(Object.keys(state['x-inferred-values'])).toEqual(['SCHEDULING']);
    for (const s of [state, schema('VasTaskState', 'vas')]) {
      expect(s['x-terminal-states'].every((v: string) => s.enum.includes(v))).toBe(true);
      expect(s['x-terminal-states-basis']).toMatch(/client's model/);
    }
    expect(schema('TaskStateFilter').enum).toEqual([...state.enum, 'LACK_OF_RESOURCES']);
  });

  it('x-pagination names the list operations\' real parameters and fields', () => {
    const lists = (['vias', 'vas'] as const).flatMap((g) =>
      generations[g].operations.filter((o) => o.method === 'GET' && o.id.startsWith('list')).map((o) => ({ g, o })),
    );
    expect(lists.map(({ o }) => o.id).sort()).toEqual([
      'listBatchTasks', 'listEdgePools', 'listInferTasks', 'listTasks', 'listTasksDetails', 'listUserServices', 'listVideoGroups', 'listVideoSources',
    ]);
    for (const { g, o } of lists) {
      const raw = generations[g].bundle.paths[o.path].get['x-pagination'];
      expect(raw, o.id).toBeDefined();
      const query = o.queryParams.map((p) => p.name);
      for (const k of raw.style === 'page' ? ['page', 'size'] : ['offset', 'limit']) expect(query, `${o.id} ${k}`).toContain(raw[k]);
      const ok = o.responses.find((r) => r.status === 200)!;
      const props = propertiesOf(ok.schema, g);
      expect(generations[g].deref(props[raw.items]!).type, `${o.id} items`).toBe('array');
      expect(['page', 'total']).toContain(raw.count);
      // `total` names the integer property holding the total (default `count`); only a list whose count is the total has one.
      if (raw.count === 'total') expect(generations[g].deref(props[raw.total ?? 'count']!)?.type, `${o.id} total`).toBe('integer');
      else expect(raw.total, `${o.id} total`).toBeUndefined();
      // `query`: values sent with every page request, each a query parameter of the operation that its schema admits.
      for (const [name, value] of Object.entries(raw.query ?? {})) {
        const param = o.queryParams.find((p) => p.name === name);
        expect(param, `${o.id} query ${name}`).toBeDefined();
        expect(validator(param!.schema)(value), `${o.id} query ${name}=${JSON.stringify(value)}`).toBe(true);
      }
    }
  });

  it('security: IAM token in X-Auth-Token or an SDK-HMAC-SHA256 signature; regional servers', () => {
    const schemes = bundle.components.securitySchemes;
    expect(schemes.iam_token).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Auth-Token' });
    expect(schemes.aksk_signature).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    expect(schemes.aksk_signature.description).toContain('SDK-HMAC-SHA256');
    expect(bundle.security).toEqual([{ iam_token: [] }, { aksk_signature: [] }]);
    const VIAS_REGIONS = ['cn-north-4', 'cn-east-3', 'cn-south-1', 'cn-southwest-2', 'ap-southeast-1', 'ap-southeast-3', 'ap-southeast-4'];
    expect(bundle.servers.map((s: Schema) => s.url)).toEqual(['https://vias.{region}.myhuaweicloud.com', 'https://vias.{region}.myhuaweicloud.cn']);
    for (const s of bundle.servers) expect([...s.variables.region.enum].sort()).toEqual([...VIAS_REGIONS].sort());
    const vas = generations.vas.bundle;
    expect(vas.servers.map((s: Schema) => s.url)).toEqual(['https://iva.{region}.myhuaweicloud.com']);
    expect(vas.servers[0].variables.region.enum).toHaveLength(8);
    expect(vas.security).toEqual(bundle.security);
  });
});
