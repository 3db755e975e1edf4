// Query parameters, for both documents: sets of query values drawn from each list operation's
// parameter schemas go through the client and the mock accepts them — array parameters travel as
// repeated keys (`?status=1&status=9`), as their `style: form, explode: true` says — and one broken
// constraint of one parameter (an enum value, a pattern, a bound, a length, an item count) is
// rejected by the mock with a violation naming that parameter, and thrown by the client.
// Seeded like the property layer: VIAS_SEED=<n> replays or explores.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schemaTools } from '../lib/arbitrary.mjs';
import { callOperation, exampleInput, GENERATIONS, newCase, SEED, violationsOf } from '../lib/harness';

const DRAWS = 40;
// Keywords a query string can carry: a wrong JSON type or a missing property means nothing on the
// wire (every value is text there), and an empty value reads as no value.
const QUERY_KEYWORDS = new Set(['enum', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems']);
const seedNote = `(seed ${SEED}; rerun with VIAS_SEED=${SEED})`;

for (const g of GENERATIONS) for (const op of g.operations.filter((o) => o.queryParams.length)) describe(`${g.title} ${op.id} query parameters`, () => {
  const { arbitrary, mutations, applyMutation } = schemaTools(g);
  // The query as one object: a property per parameter (what the client's `query` takes).
  const schema = {
    type: 'object',
    properties: Object.fromEntries(op.queryParams.map((p) => [p.name, p.schema])),
    required: op.queryParams.filter((p) => p.required).map((p) => p.name),
  };
  const arrays = op.queryParams.filter((p) => g.deref(p.schema).type === 'array');
  const { path } = exampleInput(op);
  // Drawn query objects without empty values (`''`, `[]`, `['']`), which a query string cannot tell from no value.
  const clean = (q: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(q)
        .map(([k, v]) => [k, Array.isArray(v) ? v.filter((x) => x !== '') : v] as const)
        .filter(([, v]) => v !== '' && !(Array.isArray(v) && v.length === 0)),
    );
  const drawn = (fc.sample(arbitrary(schema), { seed: SEED, numRuns: DRAWS }) as Record<string, unknown>[]).map(clean);
  const valid = drawn.filter((q) => g.validate(schema, q) === null);

  it(`accepts drawn query values, arrays as repeated keys (${arrays.map((p) => p.name).join(', ') || 'no array parameter'})`, async () => {
    expect(valid.length, `too few valid drawn queries ${seedNote}`).toBeGreaterThan(DRAWS / 2);
    const urls: string[] = [];
    const client = g.client({ fetch: (input: string, init: RequestInit) => (urls.push(input), fetch(input, init)) });
    for (const query of valid) {
      const caseId = newCase();
      const before = urls.length;
      await expect(callOperation(client, op.id, { path, query, headers: { 'X-Case': caseId } }), `${JSON.stringify(query)} ${seedNote}`).resolves.not.toThrow();
      expect(violationsOf(caseId), JSON.stringify(query)).toEqual([]);
      const sent = new URL(urls[before]!).searchParams;
      for (const p of arrays) if (query[p.name] !== undefined) expect(sent.getAll(p.name), p.name).toEqual((query[p.name] as unknown[]).map(String));
    }
    // The drawn values do exercise every array parameter with several values.
    for (const p of arrays) expect(valid.some((q) => Array.isArray(q[p.name]) && (q[p.name] as unknown[]).length > 1), `${p.name} drawn with several values ${seedNote}`).toBe(true);
  });

  it('rejects one broken constraint of one parameter, naming it', async () => {
    const client = g.client();
    const check = g.validator(schema);
    const picked = new Map<string, { query: Record<string, unknown>; m: ReturnType<typeof mutations>[number] }>();
    for (const query of valid)
      for (const m of mutations(schema, query)) {
        const key = `${m.keyword} ${m.field}`;
        if (!QUERY_KEYWORDS.has(m.keyword) || picked.has(key) || ('value' in m && m.value === '')) continue;
        picked.set(key, { query, m });
      }
    const failures: string[] = [];
    for (const [what, { query, m }] of picked) {
      const mutant = applyMutation(query, m) as Record<string, unknown>;
      expect(check(mutant), `${what} left the query valid ${seedNote}`).toBe(false);
      const caseId = newCase();
      const error = await callOperation(client, op.id, { path, query: mutant, headers: { 'X-Case': caseId } }).then(() => undefined, (e: unknown) => e);
      const name = String(m.at[0]);
      if (!(error instanceof g.ApiError) || (error as { status: number }).status !== 400) failures.push(`${what}: ${error ? String(error) : 'accepted'}`);
      else if (!violationsOf(caseId).some((v) => v.location[0] === 'request' && v.location[1] === 'query' && v.location[2] === name))
        failures.push(`${what}: no violation names ${name}: ${JSON.stringify(violationsOf(caseId))}`);
    }
    expect(failures, seedNote).toEqual([]);
    console.log(`queries: ${g.title} ${op.id} rejected ${picked.size} broken query values (${[...picked.keys()].join(', ')})`);
  });
});
