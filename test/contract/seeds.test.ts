// The example requests of the vendor pages (seeds/*.txt, VIAS pages), and the named request
// examples of both documents, sent through the client: the mock must accept every one of them.
import { jsonBlocks, seedIds, seedText } from '@vias-openapi/spec/seeds';
import { describe, expect, it } from 'vitest';
import { callOperation, exampleInput, GENERATIONS, viasClient } from '../lib/harness';
import { matchPath, validate } from '../lib/spec.mjs';

// Concrete request lines ("POST /v2/6204…/services/video-analyze/tasks"), not URI templates;
// a body is the first JSON block after its line.
const seedRequests = seedIds.flatMap((id) => {
  const text = seedText(id);
  return [...text.matchAll(/^\s*(GET|POST|PUT|PATCH|DELETE) (\/v\d+\/[^\s{}]+)\s*$/gm)].map((m) => {
    const match = matchPath(m[1]!, m[2]!);
    if (!match) throw new Error(`${id}: ${m[1]} ${m[2]} matches no operation of the bundle`);
    const body = match.op.body ? jsonBlocks(text.slice(m.index! + m[0].length))[0] : undefined;
    return { file: `${id}.txt`, line: `${m[1]} ${m[2]}`, ...match, body };
  });
});

describe('seed example requests through the client', () => {
  it('finds the example requests of the seed pages', () => {
    expect(seedRequests.length).toBeGreaterThan(0);
  });

  for (const { file, line, op, path: { project_id, ...path }, body } of seedRequests) it(`${file}: ${line}`, async () => {
    if (op.body) expect(validate(op.body.schema, body)).toBeNull();
    const data = await callOperation(viasClient({ projectId: project_id! }), op.id, { path, ...(body !== undefined && { body }) });
    const ok = op.responses.filter((r) => r.status < 300);
    expect(ok.some((r) => validate(r.schema, data) === null)).toBe(true);
  });
});

for (const g of GENERATIONS) describe(`${g.title}: named request examples through the client`, () => {
  const examples = g.operations.flatMap((op) => (op.body?.examples ?? []).map((example) => ({ op, example, name: `${op.id}: ${example.name}` })));

  for (const { op, example, name } of examples) it(name, async () => {
    const answer = (await callOperation(g.client().withResponse as never, op.id, { ...exampleInput(op), body: example.value })) as { status: number };
    expect(answer.status).toBeLessThan(300);
  });

  it('AK/SK-signed requests pass the security check too', async () => {
    const signed = g.client({ auth: { accessKey: 'AK', secretKey: 'SK' } });
    for (const op of g.operations) {
      // Whatever the mock answers (see responses.test.ts): data, or an API error other than 401.
      const outcome = await callOperation(signed, op.id, exampleInput(op)).then(
        () => 'data',
        (error: unknown) => error,
      );
      if (outcome === 'data') continue;
      expect(outcome, op.id).toBeInstanceOf(g.ApiError);
      expect((outcome as { status: number }).status, op.id).not.toBe(401);
    }
  });
});
