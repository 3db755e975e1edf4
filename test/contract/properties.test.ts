// Property-based layer (in the spirit of Schemathesis), for every operation with a body in both
// documents: bodies generated from the request schema must all be accepted, and single-constraint
// mutations of them must all be rejected, by the mock and through the client.
// Seeded: VIAS_SEED=<n> replays or explores.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schemaTools } from '../lib/arbitrary.mjs';
import { callOperation, exampleInput, GENERATIONS, namesField, newCase, pool, SEED, violationsOf } from '../lib/harness';

const VALID = 250; // drawn per operation; only those ajv accepts count, and at least 200 must
const MIN_INVALID = 200;
const CONCURRENCY = 8;
const seedNote = `(seed ${SEED}; rerun with VIAS_SEED=${SEED})`;

/** The items in a seeded order (fast-check), so the mutants picked depend on the seed only. */
const shuffle = <T,>(items: T[], seed: number): T[] =>
  fc.sample(fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }), { seed, numRuns: 1 })[0]!;

for (const g of GENERATIONS) for (const op of g.operations.filter((o) => o.body)) describe(`${g.title} ${op.id} with generated bodies`, () => {
  const { arbitrary, mutations, applyMutation } = schemaTools(g);
  const { validate, validator } = g;
  const vias = g.client();
  const schema = op.body!.schema;
  const { path, query } = exampleInput(op);
  const drawn = fc.sample(arbitrary(schema), { seed: SEED, numRuns: VALID });
  const valid = drawn.filter((body) => validate(schema, body) === null);

  it(`accepts every generated body ajv accepts (at least 200 of ${VALID})`, async () => {
    expect(valid.length, `ajv rejected generated bodies ${seedNote}`).toBeGreaterThanOrEqual(200);
    const failures = (
      await pool(valid, CONCURRENCY, async (body) => {
        const caseId = newCase();
        try {
          await callOperation(vias, op.id, { path, query, body, headers: { 'X-Case': caseId } });
          return undefined;
        } catch (error) {
          return { body, error: String(error), violations: violationsOf(caseId) };
        }
      })
    ).filter(Boolean);
    expect(failures, `valid bodies the mock rejected ${seedNote}`).toEqual([]);
    console.log(`properties: ${g.title} ${op.id} accepted ${valid.length} valid generated bodies ${seedNote}`);
  });

  it(`rejects at least ${MIN_INVALID} single-constraint mutations`, async () => {
    // The catalogue: every (keyword, field) the generated bodies offer; then whole rounds over
    // it, one seeded pick per entry per round, until there are enough mutants.
    type Candidate = { body: unknown; m: ReturnType<typeof mutations>[number] };
    const byConstraint = new Map<string, Candidate[]>();
    for (const body of valid)
      for (const m of mutations(schema, body)) {
        const key = `${m.keyword} ${m.field}`;
        if (!byConstraint.has(key)) byConstraint.set(key, []);
        byConstraint.get(key)!.push({ body, m });
      }
    const groups = [...byConstraint.values()].map((g, i) => shuffle(g, SEED + i));
    const picked: Candidate[] = [];
    for (let round = 0; picked.length < MIN_INVALID && round < 100; round++)
      for (const g of groups) if (g[round]) picked.push(g[round]!);

    const check = validator(schema);
    const mutants = picked.map(({ body, m }) => {
      const mutant = applyMutation(body, m);
      // Only a mutant ajv rejects for the intended keyword tests the mock.
      expect(check(mutant), `${m.keyword} at ${m.field} left the body valid ${seedNote}`).toBe(false);
      expect(check.errors!.map((e) => e.keyword), `${m.field} ${seedNote}`).toContain(m.keyword);
      return { mutant, m };
    });
    expect(mutants.length).toBeGreaterThanOrEqual(MIN_INVALID);

    const failures = (
      await pool(mutants, CONCURRENCY, async ({ mutant, m }) => {
        const caseId = newCase();
        const what = `${m.keyword} at ${m.field}`;
        try {
          await callOperation(vias, op.id, { path, query, body: mutant, headers: { 'X-Case': caseId } });
          return { what, mutant, problem: 'accepted (the client returned data)' };
        } catch (error) {
          const status = (error as { status?: number }).status ?? 0;
          if (!(error instanceof g.ApiError) || status < 400 || status >= 500)
            return { what, mutant, problem: `unexpected error ${String(error)}` };
          if (!violationsOf(caseId).some((v) => namesField(v, m)))
            return { what, mutant, problem: `no violation names the field: ${JSON.stringify(violationsOf(caseId))}` };
          return undefined;
        }
      })
    ).filter(Boolean);
    expect(failures, `mutants the mock did not reject as expected ${seedNote}`).toEqual([]);
    console.log(
      `properties: ${g.title} ${op.id} rejected ${mutants.length} invalid bodies covering ${byConstraint.size} constraints ${seedNote}`,
    );
  });
});
