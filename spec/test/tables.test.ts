// Every field of every table in the seeds is in the schema that models it, with the
// constraints the table gives. The tables are read from the pages, so nothing can be
// left out silently.
import { describe, expect, it } from 'vitest';
import { bundle, deref, operations, propertiesOf, type Schema } from './helpers/bundle.js';
import { tableFields, type SeedField } from './helpers/seeds.js';

const schema = (name: string): Schema => bundle.components.schemas[name];

// seed → [table heading, schema that models it]
const TABLES: Array<[seed: string, heading: RegExp, schemaName: string]> = [
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
  ['004_aa487b356c74fd0c', /^\s*• Request parameters$/m, 'CreateServiceTaskRequest'],
  ['004_aa487b356c74fd0c', /^\s*• Job ID description$/m, 'TaskId'],
];

/** The enum values a property allows: `enum`, or the `const`s of a `oneOf`. */
function allowedValues(prop: Schema): unknown[] | undefined {
  const s = deref(prop);
  if (s.enum) return s.enum;
  if (s.oneOf) return s.oneOf.map((o: Schema) => o.const);
  return undefined;
}

/** The constraint a table cell states, as the JSON Schema keywords that must carry it. */
function expectConstraints(field: SeedField, prop: Schema) {
  const s = deref(prop);
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
  if (pattern) expect(s.pattern, `${field.name} pattern`).toBe(pattern);
  if (/format is hh:mm:ss/.test(notes)) {
    const re = new RegExp(s.pattern);
    expect(re.test('23:59:59') && !re.test('8am') && !re.test('24:00:00'), `${field.name} hh:mm:ss`).toBe(true);
  }

  // Enumerations: bullets ("• PENDING: …", "• obs (files stored in OBS…)") or a sentence.
  const bullets = [...notes.matchAll(/^•\s*([A-Za-z_]+)(?=:| \(|$)/gm)].map((m) => m[1]);
  const sentence = notes.match(/The value can be ((?:[A-Z_]+, )+(?:or )?[A-Z_]+)\./)?.[1];
  const listed = bullets.length ? bullets : sentence?.replace(/or /, '').split(', ');
  const words = notes.match(/(?:Options:|options are) (\w+) and (\w+)/);
  const values = listed ?? (words ? [words[1], words[2]] : undefined);
  if (values) expect(allowedValues(prop), `${field.name} enum`).toEqual(expect.arrayContaining(values));
  if (values) expect(allowedValues(prop)!.length, `${field.name} enum size`).toBe(values.length);
  // "not recommended and will be discontinued" values are marked deprecated.
  for (const m of notes.matchAll(/^•\s*([a-z_]+) \(not recommended/gm)) {
    const option = s.oneOf?.find((o: Schema) => o.const === m[1]);
    expect(option?.deprecated, `${field.name}=${m[1]} deprecated`).toBe(true);
  }
}

describe('seed field tables', () => {
  it.each(TABLES)('%s %s → %s', (seed, heading, schemaName) => {
    const fields = tableFields(seed, heading);
    expect(fields.length).toBeGreaterThan(0);
    const target = schema(schemaName);
    expect(target, schemaName).toBeDefined();
    const props = propertiesOf(target);
    for (const field of fields) {
      expect(Object.keys(props), `${schemaName} lacks ${field.name} (${seed})`).toContain(field.name);
      expectConstraints(field, props[field.name]!);
      if (field.mandatory !== undefined) {
        expect(deref(target).required?.includes(field.name) ?? false, `${field.name} required`).toBe(field.mandatory);
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

  it('operations, methods and paths are the four the seeds document', () => {
    expect(operations.map((o) => `${o.id} ${o.method} ${o.path}`).sort()).toEqual([
      'createServiceTask POST /v2/{project_id}/services/{service_name}/tasks',
      'showInferTask GET /v1/{project_id}/infer/tasks/{task_id}',
      'showServiceTask GET /v2/{project_id}/services/{service_name}/tasks/{task_id}',
      'showTask GET /v2/{project_id}/tasks/{task_id}',
    ]);
  });

  it('every status code each page lists is a response of its operation', () => {
    const statuses: Record<string, string[]> = {
      createServiceTask: ['200', '201', '400', '401', '403', '404', '500', '503'],
      showServiceTask: ['200', '400', '401', '403', '404', '500', '503'],
      showTask: ['200', '400', '500'],
      showInferTask: ['200', '400', '500'],
    };
    for (const op of operations) {
      expect(op.responses.map((r) => String(r.status)).sort(), op.id).toEqual(statuses[op.id]);
      for (const response of op.responses) expect(response.description, `${op.id} ${response.status}`).toBeTruthy();
    }
  });

  it('the 15 task states', () => {
    expect(schema('TaskState').enum).toHaveLength(15);
    expect(schema('TaskState')['x-terminal-states'].every((s: string) => schema('TaskState').enum.includes(s))).toBe(true);
  });

  it('security: IAM token in X-Auth-Token or an SDK-HMAC-SHA256 signature; regional servers', () => {
    const schemes = bundle.components.securitySchemes;
    expect(schemes.iam_token).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Auth-Token' });
    expect(schemes.aksk_signature).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    expect(schemes.aksk_signature.description).toContain('SDK-HMAC-SHA256');
    expect(bundle.security).toEqual([{ iam_token: [] }, { aksk_signature: [] }]);
    expect(bundle.servers[0].url).toBe('https://vias.{region}.myhuaweicloud.com');
    expect(bundle.servers[0].variables.region.enum).toContain('cn-north-4');
  });
});
