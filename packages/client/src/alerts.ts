// `@vias-openapi/client/alerts`: the alerts VIAS POSTs to a task's `output.webhook.url`, typed,
// and a parser for receivers. Its own entry point, so the client's bundle does not carry it.
// Which event types belong to which webhook, and what each message must hold, come from the
// description's `webhooks` (generated: src/generated/vias/alerts.ts); nothing here is a copy.
import { alertKinds, alertShapes, envelopeSchema, type AlertMessage, type AlertShape, type AlertsByKind } from './generated/vias/alerts.js';

export type {
  AlertEnvelope,
  AlertMessage,
  AlertsByKind,
  CrowdDensityAlert,
  CrowdPeakCountAlert,
  FaceExtractionAlert,
  IntrusionAlert,
  PeopleFlowLineCrossingAlert,
  VehicleAlert,
} from './generated/vias/alerts.js';

/** A webhook of the description, by name: `intrusionAlert`, `vehicleAlert`, … */
export type AlertKind = keyof AlertsByKind;

/** The `event_type` values each webhook's messages carry (the description's `x-event-types`). */
export const ALERT_EVENT_TYPES: { readonly [K in AlertKind]: readonly (typeof alertKinds)[K]['eventTypes'][number][] } = Object.freeze(
  Object.fromEntries(Object.entries(alertKinds).map(([kind, k]) => [kind, Object.freeze([...k.eventTypes])])),
) as never;

const kindOfEventType = new Map<number, AlertKind>(
  Object.entries(alertKinds).flatMap(([kind, k]) => k.eventTypes.map((t) => [t, kind as AlertKind] as const)),
);
const documented = [...kindOfEventType.keys()].join(', ');

/** Why a body is not an alert: `path` is where (`$` the body, `$.event_type`, `$.data.event_set[0].category`). */
export class AlertParseError extends Error {
  override readonly name = 'AlertParseError';
  /** JSON path of the value that is wrong: `$` for the body itself. */
  readonly path: string;
  /** The webhook the body's `event_type` names, once it names one. */
  readonly kind: AlertKind | undefined;
  /** The body's `event_type`, when it is an integer. */
  readonly eventType: number | undefined;

  constructor(reason: string, details: { path: string; kind?: AlertKind; eventType?: number; cause?: unknown }) {
    const about = details.kind === undefined ? '' : ` (event_type ${details.eventType}: ${details.kind})`;
    super(`Not a VIAS alert: ${reason}${about}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.path = details.path;
    this.kind = details.kind;
    this.eventType = details.eventType;
  }
}

/**
 * Parses the body of a request VIAS sent to a task's webhook into the typed message: JSON text
 * (a `string`, or bytes as a `Uint8Array`, `Buffer` or `ArrayBuffer`, UTF-8), or a value already
 * parsed from JSON (any other argument, returned as it is once checked). The message is checked
 * against its webhook's schema, chosen by `event_type`; fields beyond the documented ones are
 * kept. Narrow the result with `switch (alert.event_type)` or `isAlert(alert, 'vehicleAlert')`.
 *
 * @throws AlertParseError when the body is not JSON, not an object, lacks an envelope field or
 * has one of the wrong type, has an `event_type` no webhook documents, or a `data` that is not
 * its kind's. The message names the field (`$.data.vehicles[0].vehicle_type`) and never repeats
 * a long value (an image).
 */
export function parseAlert(body: string | Uint8Array | ArrayBuffer | unknown): AlertMessage {
  const message = typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer ? parseJson(body) : body;
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    throw new AlertParseError(`the body is ${jsonType(message)}, not a JSON object`, { path: '$' });
  }
  const envelopeProblem = check(message, { ref: envelopeSchema }, '$');
  if (envelopeProblem) throw new AlertParseError(envelopeProblem.reason, { path: envelopeProblem.path });
  const eventType = (message as { event_type: number }).event_type;
  const kind = kindOfEventType.get(eventType);
  if (!kind) {
    throw new AlertParseError(`$.event_type ${eventType} is not the event type of any documented alert (${documented})`, { path: '$.event_type', eventType });
  }
  const problem = check(message, { ref: alertKinds[kind].schema }, '$');
  if (problem) throw new AlertParseError(problem.reason, { path: problem.path, kind, eventType });
  return message as AlertMessage;
}

/** The webhook an alert belongs to, from its `event_type`. */
export function alertKind(alert: AlertMessage): AlertKind {
  const kind = kindOfEventType.get(alert.event_type);
  if (!kind) throw new AlertParseError(`$.event_type ${alert.event_type} is not the event type of any documented alert (${documented})`, { path: '$.event_type', eventType: alert.event_type });
  return kind;
}

/** Whether an alert is of the given webhook; narrows it to that webhook's message. */
export function isAlert<K extends AlertKind>(alert: AlertMessage, kind: K): alert is AlertsByKind[K] {
  return kindOfEventType.get(alert.event_type) === kind;
}

function parseJson(body: string | Uint8Array | ArrayBuffer): unknown {
  let text: string;
  if (typeof body === 'string') text = body;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch (cause) {
      throw new AlertParseError('the body is not UTF-8 text', { path: '$', cause });
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (cause) {
    // The parser's own message quotes the text; the error's says only what is wrong.
    const empty = text.trim() === '' ? ' (it is empty)' : '';
    throw new AlertParseError(`the body is not JSON${empty}`, { path: '$', cause });
  }
}

/** `null`, `an array`, `a string`, `an integer`, `a number`, `a boolean`, `an object`, `undefined`. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'object') return 'an object';
  if (value === undefined) return 'undefined';
  return `a ${typeof value}`;
}

/** A short rendering of a value for a message: never a long string (an image) in full. */
function shown(value: unknown): string {
  if (typeof value === 'string') return value.length > 24 ? `${JSON.stringify(value.slice(0, 24))}… (${value.length} characters)` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return jsonType(value);
}

const TYPE_NAMES: Record<string, string> = { object: 'an object', array: 'an array', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean', null: 'null' };

function hasType(value: unknown, type: NonNullable<AlertShape['type']>): boolean {
  switch (type) {
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

/** The first way `value` breaks `shape` (required and type first, then the rest), or `undefined`. */
function check(value: unknown, shape: AlertShape, path: string): { path: string; reason: string } | undefined {
  if (shape.ref !== undefined) return check(value, alertShapes[shape.ref]!, path);
  for (const part of shape.allOf ?? []) {
    const problem = check(value, part, path);
    if (problem) return problem;
  }
  if (shape.type !== undefined && !hasType(value, shape.type)) {
    return { path, reason: `${path} must be ${TYPE_NAMES[shape.type]}, got ${jsonType(value)}${typeof value === 'object' ? '' : ` (${shown(value)})`}` };
  }
  if (shape.enum && !shape.enum.includes(value)) {
    return { path, reason: `${path} must be ${shape.enum.length === 1 ? shown(shape.enum[0]) : `one of ${shape.enum.map(shown).join(', ')}`}, got ${shown(value)}` };
  }
  if (typeof value === 'number') {
    if (shape.minimum !== undefined && value < shape.minimum) return { path, reason: `${path} must be at least ${shape.minimum}, got ${value}` };
    if (shape.maximum !== undefined && value > shape.maximum) return { path, reason: `${path} must be at most ${shape.maximum}, got ${value}` };
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (shape.minLength !== undefined && length < shape.minLength) return { path, reason: `${path} must have at least ${shape.minLength} characters, has ${length}` };
    if (shape.maxLength !== undefined && length > shape.maxLength) return { path, reason: `${path} must have at most ${shape.maxLength} characters, has ${length}` };
  }
  if (Array.isArray(value)) {
    if (shape.minItems !== undefined && value.length < shape.minItems) return { path, reason: `${path} must have at least ${shape.minItems} items, has ${value.length}` };
    if (shape.maxItems !== undefined && value.length > shape.maxItems) return { path, reason: `${path} must have at most ${shape.maxItems} items, has ${value.length}` };
    if (shape.items) {
      for (let i = 0; i < value.length; i++) {
        const problem = check(value[i], shape.items, `${path}[${i}]`);
        if (problem) return problem;
      }
    }
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const key of shape.required ?? []) {
      if (!Object.hasOwn(object, key)) return { path: `${path}.${key}`, reason: `${path}.${key} is missing` };
    }
    for (const [key, property] of Object.entries(shape.properties ?? {})) {
      if (!Object.hasOwn(object, key)) continue;
      const problem = check(object[key], property, `${path}.${key}`);
      if (problem) return problem;
    }
  }
  return undefined;
}
