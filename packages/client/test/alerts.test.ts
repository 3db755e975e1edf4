import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { webhooks } from '@vias-openapi/spec/bundle';
import { validatorFor } from '@vias-openapi/spec/validate';
import { describe, expect, it } from 'vitest';
import { ALERT_EVENT_TYPES, AlertParseError, alertKind, isAlert, parseAlert, type AlertKind } from '../src/alerts.js';
import { bundle } from '../scripts/bundle.mjs';

// The parser of `@vias-openapi/client/alerts`: every example of the description's webhooks parses
// to its kind, from text, bytes or a parsed value; every kind of malformed body fails with an
// AlertParseError that names the field; and the parser accepts exactly what the webhooks'
// schemas accept (the spec's own validator decides, over thousands of mutated examples).

const packageDir = resolve(import.meta.dirname, '..');
const examples = webhooks.flatMap((w) => w.body!.examples.map((e) => ({ kind: w.name as AlertKind, name: e.name, value: e.value, schema: w.body!.schema })));
const first = (kind: AlertKind) => structuredClone(examples.find((e) => e.kind === kind)!.value);
const intrusion = () => first('intrusionAlert');
const failure = (body: unknown): AlertParseError => {
  try {
    parseAlert(body);
  } catch (error) {
    expect(error).toBeInstanceOf(AlertParseError);
    return error as AlertParseError;
  }
  throw new Error('parseAlert accepted the body');
};

describe('parseAlert: the examples of every webhook', () => {
  it('covers the six webhooks of the description', () => {
    expect(new Set(examples.map((e) => e.kind))).toEqual(new Set(Object.keys(ALERT_EVENT_TYPES)));
    expect(examples.length).toBeGreaterThanOrEqual(6);
  });

  it.each(examples.map((e) => [`${e.kind} ${e.name}`, e] as const))('%s parses to its kind, from text, bytes and a parsed value', (_, e) => {
    const text = JSON.stringify(e.value);
    const bytes = new TextEncoder().encode(text);
    for (const body of [text, `\uFEFF${text}`, bytes, Buffer.from(text), bytes.buffer, structuredClone(e.value)]) {
      const alert = parseAlert(body);
      expect(alert).toEqual(e.value);
      expect(alertKind(alert)).toBe(e.kind);
      expect(isAlert(alert, e.kind)).toBe(true);
      expect(isAlert(alert, e.kind === 'vehicleAlert' ? 'intrusionAlert' : 'vehicleAlert')).toBe(false);
    }
    // A parsed value is returned as it is, not copied.
    const parsed = structuredClone(e.value);
    expect(parseAlert(parsed)).toBe(parsed);
  });

  it('the event types of each kind are the description’s x-event-types', () => {
    expect(ALERT_EVENT_TYPES).toEqual(Object.fromEntries(webhooks.map((w) => [w.name, w.eventTypes])));
    expect(Object.isFrozen(ALERT_EVENT_TYPES)).toBe(true);
  });

  it('keeps fields beyond the documented ones', () => {
    const message = { ...intrusion(), region: 'cn-north-4', data: { ...intrusion().data, confidence: 0.9 } };
    expect(parseAlert(JSON.stringify(message))).toEqual(message);
  });
});

describe('parseAlert: what is not an alert', () => {
  it('not JSON, empty, not UTF-8', () => {
    expect(failure('<html>502 Bad Gateway</html>')).toMatchObject({ path: '$', message: 'Not a VIAS alert: the body is not JSON' });
    expect(failure('   ')).toMatchObject({ path: '$', message: 'Not a VIAS alert: the body is not JSON (it is empty)' });
    expect(failure(new Uint8Array([0x7b, 0xff, 0x7d]))).toMatchObject({ path: '$', message: 'Not a VIAS alert: the body is not UTF-8 text' });
    expect(failure('{"event_type": 196609,').cause).toBeInstanceOf(SyntaxError);
  });

  it.each([
    ['[]', 'an array'],
    ['null', 'null'],
    ['"alert"', 'a string'],
    ['42', 'an integer'],
  ])('the JSON value %s is not an object', (text, what) => {
    expect(failure(text)).toMatchObject({ path: '$', message: `Not a VIAS alert: the body is ${what}, not a JSON object` });
  });

  it('not an object when handed a parsed value either', () => {
    expect(failure(undefined).message).toBe('Not a VIAS alert: the body is undefined, not a JSON object');
    expect(failure([intrusion()]).message).toBe('Not a VIAS alert: the body is an array, not a JSON object');
  });

  it.each(['event_type', 'task_id', 'stream_id', 'message_id', 'timestamp', 'data'])('a missing envelope field: %s', (field) => {
    const message = intrusion();
    delete message[field];
    expect(failure(JSON.stringify(message))).toMatchObject({ path: `$.${field}`, kind: undefined, message: `Not a VIAS alert: $.${field} is missing` });
  });

  it.each([
    ['event_type', '196609', '$.event_type must be an integer, got a string ("196609")'],
    ['event_type', 196609.5, '$.event_type must be an integer, got a number (196609.5)'],
    ['timestamp', '1581753322', '$.timestamp must be an integer, got a string ("1581753322")'],
    ['timestamp', -1, '$.timestamp must be at least 0, got -1'],
    ['task_id', 7, '$.task_id must be a string, got an integer (7)'],
    ['stream_id', null, '$.stream_id must be a string, got null'],
    ['message_id', ['849D1326'], '$.message_id must be a string, got an array'],
    ['image_base64', { jpeg: true }, '$.image_base64 must be a string, got an object'],
  ])('an ill-typed envelope field: %s = %j', (field, value, reason) => {
    const message = { ...intrusion(), [field]: value };
    expect(failure(JSON.stringify(message))).toMatchObject({ path: `$.${field}`, message: `Not a VIAS alert: ${reason}` });
  });

  it('data that is not an object: its kind says so', () => {
    const error = failure(JSON.stringify({ ...intrusion(), data: [] }));
    expect(error).toMatchObject({ path: '$.data', kind: 'intrusionAlert', message: 'Not a VIAS alert: $.data must be an object, got an array (event_type 196609: intrusionAlert)' });
  });

  it('an event_type no webhook documents', () => {
    const error = failure(JSON.stringify({ ...intrusion(), event_type: 33882113 }));
    expect(error).toMatchObject({ path: '$.event_type', kind: undefined, eventType: 33882113 });
    expect(error.message).toBe(
      'Not a VIAS alert: $.event_type 33882113 is not the event type of any documented alert (196609, 196610, 524288, 1769472, 131073, 75008, 65536)',
    );
  });

  const DATA_CASES: Array<[AlertKind, (m: any) => unknown, string, string]> = [
    ['intrusionAlert', (m: any) => delete m.data.event_set, '$.data.event_set', '$.data.event_set is missing'],
    ['intrusionAlert', (m: any) => (m.data.event_set[0].category = 7), '$.data.event_set[0].category', '$.data.event_set[0].category must be one of 0, 1, 2, got 7'],
    ['intrusionAlert', (m: any) => (m.data.event_set[0].bounding_box.x = '876'), '$.data.event_set[0].bounding_box.x', '$.data.event_set[0].bounding_box.x must be an integer, got a string ("876")'],
    ['crowdDensityAlert', (m: any) => (m.data.scene_type = 2), '$.data.scene_type', '$.data.scene_type must be 1, got 2'],
    ['crowdDensityAlert', (m: any) => m.data.event_set[0].polygon[0].push(3), '$.data.event_set[0].polygon[0]', '$.data.event_set[0].polygon[0] must have at most 2 items, has 3'],
    ['crowdPeakCountAlert', (m: any) => delete m.data.total_crowd_count, '$.data.total_crowd_count', '$.data.total_crowd_count is missing'],
    ['peopleFlowLineCrossingAlert', (m: any) => m.data.event_set[1].line.pop(), '$.data.event_set[1].line', '$.data.event_set[1].line must have at least 2 items, has 1'],
    ['vehicleAlert', (m: any) => (m.data.vehicles[0].license_plate_type = 9), '$.data.vehicles[0].license_plate_type', '$.data.vehicles[0].license_plate_type must be one of 0, 1, 2, 3, 4, 5, got 9'],
    ['faceExtractionAlert', (m: any) => (m.data = first('vehicleAlert').data), '$.data.node_id', '$.data.node_id is missing'],
    ['vehicleAlert', (m: any) => (m.data = first('intrusionAlert').data), '$.data.vehicles', '$.data.vehicles is missing'],
  ];
  it.each(DATA_CASES)('%s: data that is not its kind’s (%#)', (kind, mutate, path, reason) => {
    const message = first(kind);
    mutate(message);
    const error = failure(JSON.stringify(message));
    expect(error).toMatchObject({ path, kind, eventType: message.event_type });
    expect(error.message).toBe(`Not a VIAS alert: ${reason} (event_type ${message.event_type}: ${kind})`);
  });

  it('never repeats an image (or any long value) in its message', () => {
    const image = 'A'.repeat(200_000);
    const cases = [
      { ...intrusion(), image_base64: image, timestamp: image },
      { ...intrusion(), image_base64: image, data: { event_set: [{ ...intrusion().data.event_set[0], category: image }] } },
      { ...intrusion(), image_base64: image, event_type: 1 },
    ];
    for (const message of cases) {
      const error = failure(JSON.stringify(message));
      expect(error.message.length).toBeLessThan(300);
      expect(error.message).not.toContain('A'.repeat(30));
    }
    const broken = failure(`{"image_base64": "${image}", "event_type": 196609,`);
    expect(broken.message).toBe('Not a VIAS alert: the body is not JSON');
  });
});

describe('parseAlert accepts exactly what the webhooks’ schemas accept', () => {
  // Every value of every example replaced by values of other types and edge values, every key
  // removed, and the data of every other kind put in: parseAlert throws iff the spec's validator
  // (ajv, JSON Schema 2020-12) rejects the message.
  const REPLACEMENTS: unknown[] = [null, true, 'x', '', 0, -1, 1.5, 2 ** 31, 99, [], [1, 2], [1, 2, 3], {}, { x: 1 }];

  function* mutations(value: unknown, path: string[] = []): Generator<[string, (root: any) => void]> {
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      const at = [...path, key];
      const set = (replacement: unknown) => (root: any) => {
        const parent = path.reduce((node: any, k: string): any => node[k], root);
        parent[key] = structuredClone(replacement);
      };
      if (!Array.isArray(value)) yield [`delete ${at.join('.')}`, (root) => delete path.reduce((node: any, k: string): any => node[k], root)[key]];
      for (const replacement of REPLACEMENTS) yield [`${at.join('.')} = ${JSON.stringify(replacement)}`, set(replacement)];
      yield* mutations(child, at);
    }
  }

  it.each(webhooks.map((w) => [w.name, w] as const))('%s', (_, w) => {
    const validate = validatorFor('vias').validator(w.body!.schema);
    let accepted = 0;
    let refused = 0;
    const cases: Array<[string, unknown]> = [];
    for (const e of w.body!.examples) {
      for (const [what, mutate] of mutations(e.value)) {
        const message = structuredClone(e.value);
        mutate(message);
        cases.push([`${e.name}: ${what}`, message]);
      }
      for (const other of webhooks) cases.push([`${e.name}: the data of ${other.name}`, { ...structuredClone(e.value), data: structuredClone(other.body!.examples[0]!.value.data) }]);
    }
    for (const [what, message] of cases) {
      // A message whose event_type belongs to another kind is that kind's, for the parser.
      const owner = webhooks.find((x) => x.eventTypes.includes((message as any)?.event_type));
      const schemaOk = owner ? (owner === w ? validate(message) : validatorFor('vias').validator(owner.body!.schema)(message)) : false;
      let parsed = true;
      try {
        parseAlert(message);
      } catch (error) {
        if (!(error instanceof AlertParseError)) throw error;
        parsed = false;
      }
      expect(parsed, `${w.name} ${what}: the schema ${schemaOk ? 'accepts' : 'refuses'} it`).toBe(schemaOk);
      if (parsed) accepted++;
      else refused++;
    }
    expect(refused).toBeGreaterThan(100);
    expect(accepted).toBeGreaterThan(10);
  });
});

describe('the entry points', () => {
  it('the main entry carries none of the parser: it is @vias-openapi/client/alerts only', async () => {
    const pkg = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
    expect(pkg.exports['./alerts']).toEqual({ types: './dist/alerts.d.ts', default: './dist/alerts.js' });
    const main = join(packageDir, 'dist/index.js');
    const { outputFiles } = await bundle({
      stdin: { contents: `export * from ${JSON.stringify(main)};`, resolveDir: packageDir, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
    });
    const code = outputFiles[0]!.text;
    expect(code).not.toContain('Not a VIAS alert');
    expect(code).not.toContain('alertShapes');
  });
});
