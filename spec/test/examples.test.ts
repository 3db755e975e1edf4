// Every example in the bundle validates against its schema, and every JSON example of the
// seed pages is embedded, value for value, as a named example of its operation.
import { describe, expect, it } from 'vitest';
import { bundle, operations, propertiesOf, deref, validator, type Schema } from './helpers/bundle.js';
import { jsonBlocks, seedIds, seedText } from './helpers/seeds.js';

/** Named examples of every request body and response, with the schema they illustrate. */
const examples = operations.flatMap((op) =>
  [
    ...(op.body ? [{ where: `${op.id} request`, media: op.body }] : []),
    ...op.responses.map((r) => ({ where: `${op.id} ${r.status}`, media: r })),
  ].flatMap(({ where, media }) => media.examples.map((e) => ({ ...e, where, schema: media.schema as Schema }))),
);
const seedExamples = seedIds.flatMap((seed) => jsonBlocks(seedText(seed)).map((value, i) => ({ seed, i, value })));

describe('examples', () => {
  it.each(examples.map((e) => [`${e.where} ${e.name}`, e] as const))('%s validates against its schema', (_, e) => {
    const validate = validator(e.schema);
    expect(validate(e.value), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(e.summary, 'every named example has a summary').toBeTruthy();
  });

  it('the seeds hold 5 JSON examples and every one is embedded verbatim', () => {
    // A count check: a new seed example that nobody embedded fails here.
    expect(seedExamples.length).toBe(5);
    const embeddedFromSeeds = examples.filter((e) => e.seed);
    expect(embeddedFromSeeds.length).toBe(seedExamples.length);
    for (const { seed, i, value } of seedExamples) {
      const match = embeddedFromSeeds.filter((e) => e.seed === seed && JSON.stringify(e.value) === JSON.stringify(value));
      expect(match, `seed ${seed} example #${i} is not embedded verbatim`).toHaveLength(1);
    }
  });

  it('path parameter examples are the seed request values', () => {
    const params = bundle.components.parameters;
    expect(params.project_id.example).toBe('6204a5bd270343b5885144cf9c8c158d');
    expect(params.service_name.example).toBe('video-analyze');
    expect(params.task_id.example).toBe('f18320e61e4c4dc685aa2dfc22a28dc5');
  });

  it('every field of every seed example is a declared property (responses stay open, but nothing is left undescribed)', () => {
    const undeclared: string[] = [];
    const walk = (value: unknown, schema: Schema, at: string) => {
      const s = deref(schema);
      if (Array.isArray(value)) {
        value.forEach((v, i) => walk(v, s.items ?? {}, `${at}[${i}]`));
        return;
      }
      if (!value || typeof value !== 'object') return;
      const props = propertiesOf(s);
      for (const [key, v] of Object.entries(value)) {
        if (props[key]) walk(v, props[key], `${at}.${key}`);
        else if (s.additionalProperties === undefined || s.additionalProperties === false) undeclared.push(`${at}.${key}`);
      }
    };
    for (const e of examples.filter((x) => x.seed)) walk(e.value, e.schema, `${e.seed}`);
    expect(undeclared).toEqual([]);
  });
});
