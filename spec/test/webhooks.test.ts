// The alerts VIAS sends to a task's webhook (OpenAPI 3.1 `webhooks`): the six kinds the vendor's
// pages document, each a POST whose `x-event-types` are its schema's `event_type` values, built
// on the one envelope, with a complete example from a vendor page first (the emulator sends
// alerts shaped like it), every example valid and every field of it declared; and mutations
// that show each schema refuses what is not its kind's.
import { describe, expect, it } from 'vitest';
import { generations, requiredOf, undeclaredFields, validatorFor, type Schema } from './helpers/bundle.js';

const { bundle, webhooks, deref } = generations.vias;

/** The documented kinds and their event types (issue 19; shared/reference/vias-outputs.md). */
const EXPECTED: Record<string, number[]> = {
  intrusionAlert: [196609, 196610],
  crowdDensityAlert: [524288],
  crowdPeakCountAlert: [1769472],
  peopleFlowLineCrossingAlert: [131073],
  vehicleAlert: [75008],
  faceExtractionAlert: [65536],
};
const KINDS = Object.keys(EXPECTED);
const upper = (name: string) => name[0]!.toUpperCase() + name.slice(1);
const webhook = (name: string) => {
  const w = webhooks.find((x) => x.name === name);
  if (!w) throw new Error(`no webhook ${name}`);
  return w;
};
const check = (schema: Schema, value: unknown) => {
  const validate = validatorFor('vias').validator(schema);
  return { ok: validate(value) as boolean, keywords: (validate.errors ?? []).map((e: any) => e.keyword) };
};

/** The part of a kind's `allOf` that narrows the envelope: its `event_type` values and its `data`. */
function kindPart(schema: Schema) {
  const parts = (deref(schema).allOf ?? []).map((p: Schema) => deref(p));
  const part = parts.find((p: Schema) => p.properties?.event_type && (p.properties.event_type.enum || p.properties.event_type.const !== undefined));
  if (!part) throw new Error('no part of the allOf narrows event_type');
  const et = part.properties.event_type;
  return { eventTypes: (et.enum ?? [et.const]) as number[], data: part.properties.data as Schema, parts };
}

const firstExample = (name: string) => structuredClone(webhook(name).body!.examples[0]!.value);

describe('webhooks (alerts a task POSTs to output.webhook)', () => {
  it('the VIAS document has the six documented kinds, VAS none', () => {
    expect(webhooks.map((w) => w.name)).toEqual(KINDS);
    expect(generations.vas.webhooks).toEqual([]);
    expect(bundle.openapi).toMatch(/^3\.1\./);
  });

  it.each(KINDS)('%s: a POST of JSON, receive… operationId, the Alerts tag, no IAM security, 200 and 4XX answers', (name) => {
    const w = webhook(name);
    expect(Object.keys(bundle.webhooks[name])).toEqual(['post']);
    expect(w.id).toBe(`receive${upper(name)}`);
    expect(w.tags).toEqual(['Alerts']);
    expect(bundle.tags.find((t: { name: string }) => t.name === 'Alerts')?.description).toBeTruthy();
    const op = bundle.webhooks[name].post;
    // VIAS calls the receiver with the task's own headers, never with an IAM token.
    expect(op.security).toEqual([]);
    expect(op.description).toMatch(/output\.webhook\.url/);
    expect(op.description).toMatch(/output\.webhook\.headers/);
    expect(op.description).toMatch(/[Rr]etries[^.]*not documented/);
    expect(w.body?.required).toBe(true);
    expect(Object.keys(deref(op.requestBody).content)).toEqual(['application/json']);
    expect(w.body!.schema.$ref).toBe(`#/components/schemas/${upper(name)}`);
    expect(w.responses.map((r) => r.status)).toEqual(expect.arrayContaining(['200', '4XX']));
  });

  it.each(KINDS)('%s: x-event-types are the documented values and exactly its schema’s event_type values', (name) => {
    const w = webhook(name);
    expect(w.eventTypes).toEqual(EXPECTED[name]);
    expect(kindPart(w.body!.schema).eventTypes).toEqual(w.eventTypes);
  });

  it('no event type belongs to two webhooks', () => {
    const all = webhooks.flatMap((w) => w.eventTypes);
    expect(new Set(all).size).toBe(all.length);
  });

  it('every kind is the one envelope narrowed: event_type, task_id, stream_id, message_id, timestamp and data required, image_base64 not', () => {
    const envelope = bundle.components.schemas.AlertEnvelope;
    expect(requiredOf(envelope)).toEqual(['event_type', 'task_id', 'stream_id', 'message_id', 'timestamp', 'data']);
    expect(Object.keys(envelope.properties)).toEqual(['event_type', 'task_id', 'stream_id', 'message_id', 'timestamp', 'image_base64', 'data']);
    for (const w of webhooks) {
      const { parts, data } = kindPart(w.body!.schema);
      expect(deref(w.body!.schema).allOf[0].$ref, w.name).toBe('#/components/schemas/AlertEnvelope');
      expect(parts).toHaveLength(2);
      expect(data.$ref, w.name).toMatch(/^#\/components\/schemas\/\w+AlertData$/);
    }
  });

  it.each(KINDS)('%s: its first example is a complete message from a vendor page (the template the emulator sends), every example is sourced and small', (name) => {
    const w = webhook(name);
    const [first, ...rest] = w.body!.examples;
    expect(first, 'at least one named example').toBeDefined();
    expect(first!.vendor, 'the first example is a vendor page’s').toMatch(/\(https:\/\/\S+, [^)]*\d{4}-\d{2}-\d{2}\)$/);
    const envelopeFields = Object.keys(bundle.components.schemas.AlertEnvelope.properties);
    // The line-crossing count carries no image (its page's example has none).
    const expected = name === 'peopleFlowLineCrossingAlert' ? envelopeFields.filter((f) => f !== 'image_base64') : envelopeFields;
    expect(Object.keys(first!.value).sort()).toEqual(expected.sort());
    expect(check(w.body!.schema, first!.value).ok).toBe(true);
    for (const e of [first!, ...rest]) {
      expect(e.summary, `${name} ${e.name}`).toBeTruthy();
      expect(Boolean(e.vendor) !== Boolean(e.illustrative), `${name} ${e.name}: from a page (x-vendor-example) or built (x-illustrative)`).toBe(true);
      if (e.vendor) expect(e.vendor).toMatch(/\(https:\/\/\S+, [^)]*\d{4}-\d{2}-\d{2}\)$/);
      expect(w.eventTypes, `${name} ${e.name}`).toContain(e.value.event_type);
      // A few bytes of Base64: the emulator sends these, and the pages cut the image short anyway.
      if ('image_base64' in e.value) expect(e.value.image_base64.length, `${name} ${e.name}`).toBeLessThanOrEqual(64);
    }
  });

  it('intrusion has examples of both its event types', () => {
    expect(webhook('intrusionAlert').body!.examples.map((e) => e.value.event_type)).toEqual(expect.arrayContaining([196609, 196610]));
  });

  it('every field of every example is declared by its kind’s schema (the messages stay open, nothing is left undescribed)', () => {
    const undeclared = webhooks.flatMap((w) => w.body!.examples.flatMap((e) => undeclaredFields(e.value, w.body!.schema, `${w.name} ${e.name}`)));
    expect(undeclared).toEqual([]);
    // And the walk sees into a kind's own data: a field no schema declares is reported.
    const message = firstExample('vehicleAlert');
    message.data.colour_name = 'red';
    expect(undeclaredFields(message, webhook('vehicleAlert').body!.schema, 'vehicleAlert')).toEqual(['vehicleAlert.data.colour_name']);
  });
});

describe('the alert schemas refuse what is not their kind’s', () => {
  const ENVELOPE_REQUIRED = ['event_type', 'task_id', 'stream_id', 'message_id', 'timestamp', 'data'];

  it.each(KINDS)('%s: without any envelope field, with an ill-typed one, or with data that is not an object', (name) => {
    const { schema } = webhook(name).body!;
    for (const field of ENVELOPE_REQUIRED) {
      const message = firstExample(name);
      delete message[field];
      expect(check(schema, message), `without ${field}`).toMatchObject({ ok: false, keywords: expect.arrayContaining(['required']) });
    }
    const mutations: Array<[string, (m: any) => void, string]> = [
      ['timestamp as text', (m) => (m.timestamp = String(m.timestamp)), 'type'],
      ['timestamp in fractional seconds', (m) => (m.timestamp += 0.5), 'type'],
      ['negative timestamp', (m) => (m.timestamp = -1), 'minimum'],
      ['task_id as a number', (m) => (m.task_id = 1), 'type'],
      ['image_base64 as a number', (m) => (m.image_base64 = 1), 'type'],
      ['event_type as text', (m) => (m.event_type = String(m.event_type)), 'type'],
      ['data as an array', (m) => (m.data = []), 'type'],
      ['empty data', (m) => (m.data = {}), 'required'],
    ];
    for (const [what, mutate, keyword] of mutations) {
      const message = firstExample(name);
      mutate(message);
      expect(check(schema, message), what).toMatchObject({ ok: false, keywords: expect.arrayContaining([keyword]) });
    }
  });

  it.each(KINDS)('%s: with the event_type of every other kind', (name) => {
    const { schema } = webhook(name).body!;
    for (const other of webhooks.filter((w) => w.name !== name)) {
      for (const eventType of other.eventTypes) {
        const message = { ...firstExample(name), event_type: eventType };
        expect(check(schema, message).ok, `${name} with ${eventType}`).toBe(false);
      }
    }
  });

  it('with another kind’s data: refused, except the one pair whose shapes overlap (exact list)', () => {
    // Open schemas: a peak crowd count's data has everything a crowd density's needs.
    const accepted: string[] = [];
    for (const w of webhooks) {
      for (const other of webhooks.filter((x) => x.name !== w.name)) {
        const message = { ...firstExample(w.name), data: firstExample(other.name).data };
        if (check(w.body!.schema, message).ok) accepted.push(`${w.name} ← ${other.name}`);
      }
    }
    expect(accepted).toEqual(['crowdDensityAlert ← crowdPeakCountAlert']);
  });

  const NESTED: Array<[kind: string, what: string, mutate: (m: any) => void, keyword: string]> = [
    ['intrusionAlert', 'no event_set', (m) => delete m.data.event_set, 'required'],
    ['intrusionAlert', 'bounding_box.x as text', (m) => (m.data.event_set[0].bounding_box.x = '876'), 'type'],
    ['intrusionAlert', 'no bounding_box.h', (m) => delete m.data.event_set[0].bounding_box.h, 'required'],
    ['intrusionAlert', 'category 3', (m) => (m.data.event_set[0].category = 3), 'enum'],
    ['intrusionAlert', 'start_position as a number', (m) => (m.data.event_set[0].start_position = 1), 'type'],
    ['crowdDensityAlert', 'alarm_type 3', (m) => (m.data.alarm_type = 3), 'enum'],
    ['crowdDensityAlert', 'scene_type 2', (m) => (m.data.scene_type = 2), 'const'],
    ['crowdDensityAlert', 'a polygon corner of three numbers', (m) => m.data.event_set[0].polygon[0].push(1), 'maxItems'],
    ['crowdDensityAlert', 'negative crowd_count', (m) => (m.data.event_set[0].crowd_count = -1), 'minimum'],
    ['crowdPeakCountAlert', 'no total_crowd_count', (m) => delete m.data.total_crowd_count, 'required'],
    ['crowdPeakCountAlert', 'alarm_type 2', (m) => (m.data.alarm_type = 2), 'enum'],
    ['peopleFlowLineCrossingAlert', 'a line of one point', (m) => m.data.event_set[0].line.pop(), 'minItems'],
    ['peopleFlowLineCrossingAlert', 'side1_count as text', (m) => (m.data.event_set[0].side1_count = '1'), 'type'],
    ['peopleFlowLineCrossingAlert', 'no interval', (m) => delete m.data.interval, 'required'],
    ['vehicleAlert', 'vehicle_type 10', (m) => (m.data.vehicles[0].vehicle_type = 10), 'enum'],
    ['vehicleAlert', 'tarpaulin_type -2', (m) => (m.data.vehicles[0].tarpaulin_type = -2), 'enum'],
    ['vehicleAlert', 'license_plate_type 6', (m) => (m.data.vehicles[0].license_plate_type = 6), 'enum'],
    ['vehicleAlert', 'direction 2', (m) => (m.data.vehicles[0].direction = 2), 'enum'],
    ['vehicleAlert', 'vehicles as an object', (m) => (m.data.vehicles = m.data.vehicles[0]), 'type'],
    ['faceExtractionAlert', 'no face_id', (m) => delete m.data.face_id, 'required'],
    ['faceExtractionAlert', 'origin_image_path as a number', (m) => (m.data.origin_image_path = 2), 'type'],
  ];
  it.each(NESTED)('%s: %s', (kind, _what, mutate, keyword) => {
    const message = firstExample(kind);
    mutate(message);
    expect(check(webhook(kind).body!.schema, message)).toMatchObject({ ok: false, keywords: expect.arrayContaining([keyword]) });
  });

  it('a field beyond the documented ones is accepted (messages stay open)', () => {
    for (const w of webhooks) {
      const message = { ...firstExample(w.name), region: 'cn-north-4' };
      message.data = { ...message.data, confidence: 0.9 };
      expect(check(w.body!.schema, message).ok, w.name).toBe(true);
    }
  });
});
