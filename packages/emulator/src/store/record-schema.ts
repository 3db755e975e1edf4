// JSON Schemas of records as the store keeps them, one per collection (its module declares it):
// a record that comes from outside a handler (a state import, a --seed) is checked
// against its collection's before anything reads it, so a record the code cannot read never
// enters the store. They check what the code relies on (types, states, times the clock can
// write); fields a schema does not name are kept as they are.

export type Schema = Record<string, unknown>;

/** The times a record keeps: milliseconds, within what a Date can write with room for a lifecycle after it. */
export const TIME_LIMIT = 4e15;
export const time: Schema = { type: 'number', minimum: 0, maximum: TIME_LIMIT };
export const text: Schema = { type: 'string' };
export const texts: Schema = { type: 'array', items: text };
export const object: Schema = { type: 'object' };

/** A record of the collection: its ID and project, the `required` fields and the `properties`. */
export function recordSchema(required: readonly string[], properties: Record<string, Schema>): Schema {
  return { type: 'object', required: ['id', 'project_id', ...required], properties: { id: { type: 'string', minLength: 1 }, project_id: text, ...properties } };
}

const detail: Record<string, Schema> = {
  status: text,
  error: { type: 'object', required: ['code', 'message'], properties: { code: text, message: text } },
};

/** A lifecycle's phase (lifecycle.ts) whose states are `states` (or GONE). */
export function phaseSchema(states: readonly string[]): Schema {
  const state = { enum: [...new Set([...states, 'GONE'])] };
  return {
    type: 'object',
    required: ['command', 'at', 'steps', 'rest'],
    properties: {
      command: text,
      at: time,
      // At most 1,000 steps of at most ~31 years each: the phase's end stays a time a Date can write.
      steps: { type: 'array', maxItems: 1000, items: { type: 'object', required: ['state', 'ms'], properties: { state, ms: { type: 'number', minimum: 0, maximum: 1e12 }, ...detail } } },
      rest: state,
      restDetail: { type: 'object', properties: detail },
    },
  };
}
