// Every example in the bundle validates against its schema, and every JSON example of the
// seed pages is embedded, value for value, as a named example of its operation.
import { describe, expect, it } from 'vitest';
import { bundle, deref, fragment, operations, propertiesOf, validator, type Schema } from './helpers/bundle.js';
import { jsonBlocks, seedIds, seedText } from './helpers/seeds.js';

interface EmbeddedExample {
  where: string;
  name: string;
  seed?: string;
  summary?: string;
  value: unknown;
  schemaFragment: string;
}

/** Named examples of every request body and response, with the schema they illustrate. */
function embeddedExamples(): EmbeddedExample[] {
  const out: EmbeddedExample[] = [];
  for (const { path, method, operationId, operation } of operations()) {
    const bodies: Array<[string, Schema, string[]]> = [];
    if (operation.requestBody) {
      bodies.push(['request', deref(operation.requestBody), ['paths', path, method, 'requestBody']]);
    }
    for (const [code, response] of Object.entries<Schema>(operation.responses)) {
      const at = (response.$ref as string | undefined)?.slice(2).split('/') ?? ['paths', path, method, 'responses', code];
      bodies.push([code, deref(response), at]);
    }
    for (const [label, body, at] of bodies) {
      for (const [mediaType, media] of Object.entries<Schema>(body.content ?? {})) {
        for (const [name, example] of Object.entries<Schema>(media.examples ?? {})) {
          const ex = deref(example);
          out.push({
            where: `${operationId} ${label}`,
            name,
            seed: ex['x-seed'],
            summary: ex.summary,
            value: ex.value,
            schemaFragment: fragment(...at, 'content', mediaType, 'schema'),
          });
        }
      }
    }
  }
  return out;
}

const examples = embeddedExamples();
const seedExamples = seedIds.flatMap((seed) => jsonBlocks(seedText(seed)).map((value, i) => ({ seed, i, value })));

describe('examples', () => {
  it.each(examples.map((e) => [`${e.where} ${e.name}`, e] as const))('%s validates against its schema', (_, e) => {
    const validate = validator(e.schemaFragment);
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
    for (const e of examples.filter((x) => x.seed)) {
      const schema = e.schemaFragment
        .slice(2)
        .split('/')
        .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((node: any, key) => node[key], bundle);
      walk(e.value, schema, `${e.seed}`);
    }
    expect(undeclared).toEqual([]);
  });
});
