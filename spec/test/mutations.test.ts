// Mutated seed and vendor examples are rejected: at least one mutation per kind of documented
// constraint (required, type, pattern, length, enum, range, array length, map size,
// format, and the "mandatory when …" rules). And mutated vendor definitions are caught by the
// comparison with the description (the last block).
import { describe, expect, it } from 'vitest';
import { generations, validatorFor, type Generation } from './helpers/bundle.js';
import { compareComponent, compareOperation, MAPPED, OPS } from './helpers/compare.js';
import { vendorFiles, type Json } from './helpers/vendor.js';

const schemaRef = (name: string, g: Generation = 'vias') => {
  const s = generations[g].bundle.components.schemas[name];
  if (!s) throw new Error(`${g} has no schema ${name}`);
  return s;
};
const validatorOf = (name: string, g: Generation = 'vias') => validatorFor(g).validator(schemaRef(name, g));

// JSON Schema 2020-12 keywords that can reject a value (draft-2020-12 validation and applicator).
const ASSERTIONS = new Set([
  'type', 'enum', 'const', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'format', 'maxItems', 'minItems', 'uniqueItems', 'maxContains',
  'minContains', 'maxProperties', 'minProperties', 'required', 'dependentRequired', 'oneOf', 'anyOf', 'not',
  'additionalProperties', 'unevaluatedProperties',
]);

const ex = (name: string, g: Generation = 'vias') => structuredClone(generations[g].bundle.components.examples[name].value);
const createBody = () => ex('CreateServiceTaskRequest_obs');
const task = () => ex('TaskDetail_video_source');
const edgeJob = () => ex('ServiceTaskDetail_queue_status_edge');
const vasJob = () => ex('Vas_ShowTask_200', 'vas');
const vasCreate = () => ex('Vas_CreateTasks_request_2', 'vas');
const videoSource = () => ex('Vias_CreateVideoSource_request_1');
const videoGroupUpdate = () => ex('Vias_UpdateVideoGroup_request_1');
const edgePool = () => ex('CreateEdgePoolRequest_two_nodes');
const deploy = () => ex('Vias_DeployAlgorithm_request_1');

const vcnInput = () => ({
  type: 'vcn',
  vcn: { ip: '192.0.2.10', port: 4675, username: 'user', password: 'secret' },
  data: [{ index: 0, device_id: '46459876132169871364#abb6541c6d546c65ffee16ebaf5ce9ca', stream_type: 1 }],
});
const weekly = () => ({ type: 'weekly', timezone: '+08:00', days_of_week: [1, 5], periods: [[{ begin_at: '08:00:00', end_at: '18:00:00' }]] });

type Case = [what: string, schema: string, build: () => unknown, keyword: string, generation?: Generation];

const CASES: Case[] = [
  // required
  ['create without name', 'CreateServiceTaskRequest', () => { const b = createBody(); delete b.name; return b; }, 'required'],
  ['create without input', 'CreateServiceTaskRequest', () => { const b = createBody(); delete b.input; return b; }, 'required'],
  ['create without output', 'CreateServiceTaskRequest', () => { const b = createBody(); delete b.output; return b; }, 'required'],
  ['create without service_version', 'CreateServiceTaskRequest', () => { const b = createBody(); delete b.service_version; return b; }, 'required'],
  ['error body without error_code', 'ErrorResponse', () => ({ error_msg: 'x' }), 'required'],
  ['period without end_at', 'PeriodsData', () => ({ begin_at: '08:00:00' }), 'required'],
  // type
  ['name is a number', 'CreateServiceTaskRequest', () => ({ ...createBody(), name: 123 }), 'type'],
  ['event_center is a string', 'TaskOutput', () => ({ event_center: 'yes' }), 'type'],
  ['certificate_check is a string', 'TaskInputData', () => ({ certificate_check: 'true' }), 'type'],
  // pattern
  ['name with a space', 'CreateServiceTaskRequest', () => ({ ...createBody(), name: 'my task' }), 'pattern'],
  ['name with a dot', 'CreateServiceTaskRequest', () => ({ ...createBody(), name: 'task.1' }), 'pattern'],
  ['OBS output bucket with capitals', 'TaskOutputObs', () => ({ bucket: 'Obs_Iva', path: 'output/' }), 'pattern'],
  ['OBS output path starting with /', 'TaskOutputObs', () => ({ bucket: 'obs-iva', path: '/output/' }), 'pattern'],
  ['OBS output path with a colon', 'TaskOutputObs', () => ({ bucket: 'obs-iva', path: 'out:put/' }), 'pattern'],
  ['VCN username empty', 'TaskInputVcn', () => ({ ...vcnInput().vcn, username: '' }), 'pattern'],
  ['period begin_at 8am', 'PeriodsData', () => ({ begin_at: '8am', end_at: '18:00:00' }), 'pattern'],
  // string length
  ['name of 101 characters', 'CreateServiceTaskRequest', () => ({ ...createBody(), name: 'a'.repeat(101) }), 'pattern'],
  ['empty name', 'CreateServiceTaskRequest', () => ({ ...createBody(), name: '' }), 'pattern'],
  ['VAS job name of 101 characters', 'VasCreateTasksRequest', () => ({ ...vasCreate(), name: 'a'.repeat(101) }), 'maxLength', 'vas'],
  ['empty VAS job name', 'VasCreateTasksRequest', () => ({ ...vasCreate(), name: '' }), 'minLength', 'vas'],
  ['service_version too short', 'CreateServiceTaskRequest', () => ({ ...createBody(), service_version: '1' }), 'minLength'],
  ['timezone GMT+08:00', 'TaskSchedule', () => ({ ...weekly(), timezone: 'GMT+08:00' }), 'pattern'],
  ['VAS service_version 1', 'VasCreateTasksRequest', () => ({ ...vasCreate(), service_version: '1' }), 'pattern', 'vas'],
  ['VAS error code VIAS.00010001', 'VasErrorResponse', () => ({ error_code: 'VIAS.00010001', error_msg: 'x' }), 'pattern', 'vas'],
  ['update description with a space', 'UpdateTaskRequest', () => ({ ...ex('Vias_UpdateTask_request_1'), description: 'hello world' }), 'pattern'],
  ['batch video source id with capitals', 'BatchTaskVideoSource', () => ({ video_source_id: 'ABCD' }), 'pattern'],
  ['localpath that is not absolute', 'TaskOutputLocalpath', () => ({ mount_source_path: 'usr/local' }), 'pattern', 'vas'],
  ['description of 501 characters', 'CreateServiceTaskRequest', () => ({ ...createBody(), description: 'd'.repeat(501) }), 'maxLength'],
  ['task description of 501 characters', 'TaskDetail', () => ({ ...task(), description: 'd'.repeat(501) }), 'maxLength'],
  ['input bucket of 64 characters', 'TaskInputData', () => ({ bucket: 'b'.repeat(64) }), 'maxLength'],
  ['url of 1001 characters', 'TaskInputData', () => ({ url: 'u'.repeat(1001) }), 'maxLength'],
  ['DIS stream name of 65 characters', 'TaskOutputDis', () => ({ stream_name: 's'.repeat(65) }), 'maxLength'],
  ['error code of 7 characters', 'TaskError', () => ({ code: 'VIAS.01', message: 'failed' }), 'minLength'],
  ['status of 4097 characters', 'TaskDetail', () => ({ ...task(), status: 's'.repeat(4097) }), 'maxLength'],
  // enum / const
  ['unknown state', 'TaskDetail', () => ({ ...task(), state: 'DONE' }), 'enum'],
  ['unknown input type', 'TaskInput', () => ({ ...createBody().input, type: 'ftp' }), 'oneOf'],
  ['vis input on the current generation', 'TaskInput', () => ({ type: 'vis', data: [{ stream_name: 's' }] }), 'oneOf'],
  ['unknown v1 input type', 'InferTaskInput', () => ({ type: 'video_source', data: [{ video_source_id: 'x' }] }), 'enum'],
  ['unknown schedule status', 'TaskDetail', () => ({ ...task(), schedule_status: 'ON' }), 'enum'],
  ['daily schedule', 'TaskSchedule', () => ({ ...weekly(), type: 'daily' }), 'enum'],
  ['v1 type hybrid', 'InferTaskDetail', () => ({ ...task(), input: { type: 'obs', data: [{ bucket: 'b', path: 'p' }] }, type: 'hybrid' }), 'enum'],
  // integer range
  ['stream_type 4', 'TaskInputData', () => ({ stream_type: 4 }), 'maximum'],
  ['stream_type 0', 'TaskInputData', () => ({ stream_type: 0 }), 'minimum'],
  ['port 70000', 'TaskInputVcn', () => ({ ...vcnInput().vcn, port: 70000 }), 'maximum'],
  ['port -1', 'TaskInputVcn', () => ({ ...vcnInput().vcn, port: -1 }), 'minimum'],
  ['days_of_week 8', 'TaskSchedule', () => ({ ...weekly(), days_of_week: [8] }), 'maximum'],
  ['days_of_month 32', 'TaskSchedule', () => ({ ...weekly(), type: 'monthly', days_of_month: [32] }), 'maximum'],
  ['index -1', 'TaskInputData', () => ({ index: -1 }), 'minimum'],
  // array length
  ['no input data', 'TaskInput', () => ({ ...createBody().input, data: [] }), 'minItems'],
  ['51 inputs', 'TaskInput', () => ({ type: 'video_source', data: Array.from({ length: 51 }, (_, i) => ({ video_source_id: `v${i}` })) }), 'maxItems'],
  ['8 days of week', 'TaskSchedule', () => ({ ...weekly(), days_of_week: [1, 2, 3, 4, 5, 6, 7, 1] }), 'maxItems'],
  ['no days of week', 'TaskSchedule', () => ({ ...weekly(), days_of_week: [] }), 'minItems'],
  ['11 periods in a day', 'TaskSchedule', () => ({ ...weekly(), periods: [Array(11).fill({ begin_at: '08:00:00', end_at: '09:00:00' })] }), 'maxItems'],
  ['a day of week twice', 'TaskSchedule', () => ({ ...weekly(), days_of_week: [1, 1] }), 'uniqueItems'],
  ['VAS schedule without periods entries', 'VasTaskTiming', () => ({ ...vasCreate().timing, periods: [] }), 'minItems', 'vas'],
  ['101 video source groups', 'BatchTaskInput', () => ({ video_source_group: Array.from({ length: 101 }, () => ({ video_source_group_id: 'abcd', video_source_list: [] })) }), 'maxItems'],
  ['11 data categories', 'TaskOutputDis', () => ({ stream_name: 's', data_category: Array(11).fill('alarm') }), 'maxItems'],
  ['two error params', 'ErrorResponse', () => ({ error_code: 'VIAS.0001', error_msg: 'x', params: ['a', 'b'] }), 'maxItems'],
  // map size
  ['webhook without headers entries', 'TaskOutputWebhook', () => ({ url: 'https://example.invalid/cb', headers: {} }), 'minProperties'],
  ['webhook with 11 headers', 'TaskOutputWebhook', () => ({ url: 'https://example.invalid/cb', headers: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`h${i}`, 'v'])) }), 'maxProperties'],
  ['RESTful input with 11 headers', 'TaskInputData', () => ({ headers: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`h${i}`, 'v'])) }), 'maxProperties'],
  ['empty output', 'TaskOutput', () => ({}), 'minProperties'],
  // format
  ['VAS created_at is not a date-time', 'VasTaskDetails', () => ({ ...vasJob(), created_at: 'yesterday' }), 'format', 'vas'],
  ['VCN ip is not IPv4', 'TaskInputVcn', () => ({ ...vcnInput().vcn, ip: 'vcn.example' }), 'format'],
  ['webhook url is not a URI', 'TaskOutputWebhook', () => ({ url: 'not a url', headers: { a: 'a' } }), 'format'],
  ['list count is a string', 'TaskList', () => ({ ...ex('Vias_ListTasks_200'), count: '2' }), 'type'],
  ['VAS list limit beyond 1000 items', 'VasTaskList', () => ({ count: 1001, tasks: Array(1001).fill(vasJob()) }), 'maxItems', 'vas'],
  ['VAS timing interval 4 minutes', 'VasTaskTiming', () => ({ type: 'daily', timezone: '+08:00', frequency: { interval: 4, duration: 5 } }), 'minimum', 'vas'],
  ['unknown VAS state', 'VasTaskDetails', () => ({ ...vasJob(), state: 'SCHEDULING' }), 'enum', 'vas'],
  ['hosting result file size in kB', 'VasTaskHostingResult', () => ({ hosting_result: { file_size: '1 kB' } }), 'pattern', 'vas'],
  // "mandatory when …"
  ['obs input without bucket', 'TaskInput', () => ({ type: 'obs', data: [{ path: 'input/demo.mp4' }] }), 'required'],
  ['url input without url', 'TaskInput', () => ({ type: 'url', data: [{ index: 0 }] }), 'required'],
  ['restful input without certificate_check', 'TaskInput', () => ({ type: 'restful', data: [{ url: 'https://s.invalid', rtsp_path_in_response: 'data/url' }] }), 'required'],
  ['vcn input without vcn server', 'TaskInput', () => { const i: any = vcnInput(); delete i.vcn; return i; }, 'required'],
  ['edgecamera input without id', 'TaskInput', () => ({ type: 'edgecamera', data: [{ index: 0 }] }), 'required'],
  ['video_source input without video_source_id', 'TaskInput', () => ({ type: 'video_source', data: [{}] }), 'required'],
  ['vis input without stream_name', 'InferTaskInput', () => ({ type: 'vis', data: [{}] }), 'required'],
  ['weekly schedule without days_of_week', 'TaskSchedule', () => { const s: any = weekly(); delete s.days_of_week; return s; }, 'required'],
  ['webhook output without headers', 'TaskOutputWebhook', () => ({ url: 'https://example.invalid/cb' }), 'required'],
  ['task without state', 'TaskDetail', () => { const j = task(); delete j.state; return j; }, 'required'],
  ['VAS job without service_title', 'VasTaskDetails', () => { const j = vasJob(); delete j.service_title; return j; }, 'required', 'vas'],
  ['edgerestful service job input without rtsp_path_in_response', 'ServiceTaskInput', () => ({ type: 'edgerestful', data: [{ url: 'https://s.invalid/x', certificate_check: true }] }), 'required', 'vas'],
  ['vis service job input without stream_name', 'ServiceTaskInput', () => ({ type: 'vis', data: [{ index: 0 }] }), 'required', 'vas'],
  ['error body without advice', 'ErrorResponse', () => { const e = ex('VIAS.00010007'); delete e.advice; return e; }, 'required'],
  // video sources, groups, edge pools, algorithm services
  ['video source without type_config', 'CreateVideoSourceRequest', () => { const b = videoSource(); delete b.type_config; return b; }, 'required'],
  ['video source name starting with a space', 'CreateVideoSourceRequest', () => ({ ...videoSource(), video_source_name: ' cam' }), 'pattern'],
  ['video source name of 101 characters', 'CreateVideoSourceRequest', () => ({ ...videoSource(), video_source_name: 'a'.repeat(101) }), 'maxLength'],
  ['video source of a Huawei Cloud Stack type', 'CreateVideoSourceRequest', () => ({ ...videoSource(), type: 'RTSP_STREAM' }), 'enum'],
  ['access type "xcloudy" (the vendor pattern cloud|edge would admit it)', 'CreateVideoSourceRequest', () => ({ ...videoSource(), access_type: 'xcloudy' }), 'enum'],
  ['type_config of 1025 characters', 'CreateVideoSourceRequest', () => ({ ...videoSource(), type_config: 'x'.repeat(1025) }), 'maxLength'],
  ['five labels', 'CreateVideoSourceRequest', () => ({ ...videoSource(), tag: ['a', 'b', 'c', 'd', 'e'] }), 'maxItems'],
  ['latitude 91', 'CreateVideoSourceRequest', () => ({ ...videoSource(), latitude: '91' }), 'pattern'],
  ['update with an empty name', 'UpdateVideoSourceRequest', () => ({ ...ex('Vias_UpdateVideoSource_request_1'), video_source_name: '' }), 'minLength'],
  ['group name with a space', 'CreateVideoGroupRequest', () => ({ ...ex('Vias_CreateVideoGroup_request_1'), video_group_name: 'test 000' }), 'pattern'],
  ['group created with no video sources listed', 'CreateVideoGroupRequest', () => ({ ...ex('Vias_CreateVideoGroup_request_1'), video_source_ids: [] }), 'minItems'],
  ['group updated without video_source_ids', 'UpdateVideoGroupRequest', () => { const b = videoGroupUpdate(); delete b.video_source_ids; return b; }, 'required'],
  ['group updated with 51 video sources', 'UpdateVideoGroupRequest', () => ({ ...videoGroupUpdate(), video_source_ids: Array(51).fill('abcd') }), 'maxItems'],
  ['pool name starting with a digit', 'CreateEdgePoolRequest', () => ({ ...edgePool(), name: '1pool' }), 'pattern'],
  ['pool of 11 nodes', 'CreateEdgePoolRequest', () => ({ ...edgePool(), nodes: Array(11).fill('n') }), 'maxItems'],
  ['pool of no nodes', 'CreateEdgePoolRequest', () => ({ ...edgePool(), nodes: [] }), 'minItems'],
  ['pool description of 256 characters', 'CreateEdgePoolRequest', () => ({ ...edgePool(), description: 'd'.repeat(256) }), 'maxLength'],
  ['deploy for no stream', 'DeployAlgorithmRequest', () => ({ ...deploy(), stream_count: 0 }), 'minimum'],
  ['deploy for 10001 streams', 'DeployAlgorithmRequest', () => ({ ...deploy(), stream_count: 10001 }), 'maximum'],
  ['deploy without stream_count', 'DeployAlgorithmRequest', () => { const b = deploy(); delete b.stream_count; return b; }, 'required'],
  ['environment variable that is a number', 'DeployAlgorithmRequest', () => ({ ...deploy(), envs: { THREADS: 4 } }), 'type'],
  ['pool_id with a masking asterisk', 'DeployAlgorithmRequest', () => ({ ...deploy(), pool_id: 'ed9f128bf7d04f5683f0ef******a255' }), 'pattern'],
  ['unknown algorithm state', 'ServiceListItem', () => ({ ...ex('Vias_ListUserServices_200').service_list[0], alg_status: 'running' }), 'enum'],
  ['accelerator without a type', 'Accelerator', () => ({ name: 'Tnt004' }), 'required'],
  ['accelerator with an empty name', 'Accelerator', () => ({ name: '', type: 'gp' }), 'minLength'],
  ['video source status without its level', 'VideoSourceStatus', () => ({ status: 'Online', name: '在线' }), 'required'],
];

describe('mutated examples are rejected', () => {
  it('the unmutated bases are valid', () => {
    for (const [schema, value, g] of [
      ['CreateServiceTaskRequest', createBody(), 'vias'],
      ['TaskDetail', task(), 'vias'],
      ['ServiceTaskDetail', edgeJob(), 'vias'],
      ['TaskInput', vcnInput(), 'vias'],
      ['TaskSchedule', weekly(), 'vias'],
      ['VasTaskDetails', vasJob(), 'vas'],
      ['VasCreateTasksRequest', vasCreate(), 'vas'],
      ['CreateVideoSourceRequest', videoSource(), 'vias'],
      ['UpdateVideoGroupRequest', videoGroupUpdate(), 'vias'],
      ['CreateEdgePoolRequest', edgePool(), 'vias'],
      ['DeployAlgorithmRequest', deploy(), 'vias'],
    ] as const) {
      const validate = validatorOf(schema, g);
      expect(validate(value), `${schema}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it.each(CASES)('%s (%s)', (_, schema, build, keyword, g) => {
    const validate = validatorOf(schema, g);
    expect(validate(build())).toBe(false);
    expect(validate.errors!.map((e: any) => e.keyword)).toContain(keyword);
  });

  it('covers every kind of constraint the description uses', () => {
    // Every keyword ajv reports for some case (a oneOf of consts also reports `const`)…
    const covered = new Set<string>();
    for (const [, schema, build, , g] of CASES) {
      const validate = validatorOf(schema, g);
      validate(build());
      for (const e of validate.errors ?? []) covered.add(e.keyword);
    }
    // …against every assertion keyword written in the component schemas.
    const used = new Set<string>();
    (function walk(s: any): void {
      if (!s || typeof s !== 'object') return;
      for (const k of Object.keys(s)) if (ASSERTIONS.has(k) && !(k === 'additionalProperties' && s[k] !== false)) used.add(k);
      for (const k of ['items', 'not', 'if', 'then', 'else', 'contains', 'additionalProperties']) walk(s[k]);
      for (const k of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) s[k]?.forEach(walk);
      for (const k of ['properties', 'patternProperties']) Object.values(s[k] ?? {}).forEach(walk);
    })({ properties: { ...generations.vias.bundle.components.schemas, ...generations.vas.bundle.components.schemas } });
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((k) => !covered.has(k)), 'keywords no mutation case breaks').toEqual([]);
  });
});

// The comparison with the vendor's definitions fails on drift: each case changes a definition in
// memory (as a newer export of the vendor's API Explorer could), shows the comparison reporting
// exactly that difference, and restores it.
describe('the vendor comparison catches a changed definition', () => {
  const component = (name: string) => MAPPED.find((c) => c.g === 'vias' && c.name === name)!;
  const operation = (id: string) => OPS.find(({ g, o }) => g === 'vias' && o.id === id)!;
  function withChange(file: string, change: (doc: Json) => void, check: () => void) {
    const saved = structuredClone(vendorFiles[file]);
    try {
      change(vendorFiles[file]);
      check();
    } finally {
      vendorFiles[file] = saved;
    }
  }

  it('is clean before any change', () => {
    for (const name of ['CreateVideoSourceRequest', 'UpdateVideoSourceRequest', 'ServiceListItem']) expect(compareComponent(component(name))).toEqual({ unexplained: [], stale: [] });
    for (const id of ['listEdgePools', 'deleteEdgePool', 'deleteVideoSource']) expect(compareOperation('vias', operation(id).o)).toEqual({ unexplained: [], stale: [] });
  });

  it('a longer type_config allowed (CreateVideoSourceDto maxLength 1024 → 2048)', () =>
    withChange('VIAS/CreateVideoSource.json', (d) => void (d.definitions.CreateVideoSourceDto.properties.type_config.maxLength = 2048), () => {
      expect(compareComponent(component('CreateVideoSourceRequest')).unexplained).toEqual([
        'CreateVideoSourceRequest type_config.maxLength (VIAS/CreateVideoSource.json#CreateVideoSourceDto): definition 2048, spec 1024',
      ]);
    }));

  it('a field made required (ServicesListInfoDto requires service_id)', () =>
    withChange('VIAS/ListUserServices.json', (d) => void (d.definitions.ServicesListInfoDto.required = ['service_id']), () => {
      expect(compareComponent(component('ServiceListItem')).unexplained).toEqual([
        'ServiceListItem required (VIAS/ListUserServices.json#ServicesListInfoDto): definition ["service_id"], spec []',
      ]);
    }));

  it('a new algorithm state in an item pattern (ListUserServices alg_status)', () =>
    withChange('VIAS/ListUserServices.json', (d) => {
      const p = d.paths['/v2/{project_id}/algorithm/services/user'].get.parameters.find((x: Json) => x.name === 'alg_status');
      p.items.pattern = p.items.pattern.replace('not_deployed$', 'not_deployed|service_paused$');
    }, () => {
      expect(compareOperation('vias', operation('listUserServices').o).unexplained).toEqual([
        expect.stringMatching(/^alg_status items\.enum: definition .*service_paused\$, spec \[/),
      ]);
    }));

  it('a query parameter with a new bound (ListEdgePools page_size maximum 1000 → 500)', () =>
    withChange('VIAS/ListEdgePools.json', (d) => {
      d.paths['/v2/{project_id}/edge-pools'].get.parameters.find((x: Json) => x.name === 'page_size').maximum = 500;
    }, () => {
      expect(compareOperation('vias', operation('listEdgePools').o).unexplained).toEqual(['page_size maximum: definition 500, spec 1000']);
    }));

  it('a new status (DeleteEdgePool 404)', () =>
    withChange('VIAS/DeleteEdgePool.json', (d) => {
      d.paths['/v2/{project_id}/edge-pools/{id}'].delete.responses['404'] = { description: 'not found', schema: { $ref: '#/definitions/ErrorResponse' } };
    }, () => {
      expect(compareOperation('vias', operation('deleteEdgePool').o).unexplained).toEqual(['status 404: missing from the spec']);
    }));

  it('a declared deviation that no longer differs is stale (DeleteEdgePool 204 without a body; UpdateVideoSource with type_config optional)', () => {
    withChange('VIAS/DeleteEdgePool.json', (d) => void delete d.paths['/v2/{project_id}/edge-pools/{id}'].delete.responses['204'].schema, () => {
      expect(compareOperation('vias', operation('deleteEdgePool').o)).toEqual({ unexplained: [], stale: ['204.body'] });
    });
    withChange('VIAS/UpdateVideoSource.json', (d) => void (d.definitions.UpdateVideoSourceDto.required = ['video_source_name']), () => {
      expect(compareComponent(component('UpdateVideoSourceRequest')).stale).toEqual(['required']);
    });
  });

  it('a stale deviation of an inline parameter is reported (ListVideoSources page_num maximum 100000 → 10000)', () => {
    expect(compareOperation('vias', operation('listVideoSources').o)).toEqual({ unexplained: [], stale: [] });
    withChange('VIAS/ListVideoSources.json', (d) => {
      d.paths['/v2/{project_id}/source/sources'].get.parameters.find((x: Json) => x.name === 'page_num').maximum = 10000;
    }, () => {
      expect(compareOperation('vias', operation('listVideoSources').o)).toEqual({ unexplained: [], stale: ['page_num maximum'] });
    });
  });
});
