// Request validation, for both documents: the mock rejects what the description forbids, names
// the field in its `sl-violations` header, and the client turns the rejection into a thrown error.
// Each case is sent twice: raw (to see exactly what the mock said) and through the client.
import { describe, expect, it } from 'vitest';
import { schemaTools } from '../lib/arbitrary.mjs';
import {
  callOperation, exampleInput, GENERATIONS, namesField, newCase, parseViolations, PROJECT_ID, rejection, TOKEN, violationsOf, type Generation,
} from '../lib/harness';
import { pathExample } from '../lib/spec.mjs';

type Op = Generation['operations'][number];

interface Raw {
  path?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  anonymous?: boolean;
}
function rawRequest(g: Generation, op: Op, { path = {}, body, headers = {}, anonymous = false }: Raw) {
  const params = { ...pathExample(op), project_id: PROJECT_ID, ...path };
  const query = new URLSearchParams(Object.entries(exampleInput(op).query ?? {}).map(([k, v]) => [k, String(v)])).toString();
  const url = g.mockUrl + op.path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(params[name] ?? '')) + (query && `?${query}`);
  return fetch(url, {
    method: op.method,
    headers: {
      ...(!anonymous && { 'X-Auth-Token': TOKEN }),
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function expectRejected(response: Response, status: number) {
  expect(response.status).toBe(status);
  return parseViolations(response.headers.get('sl-violations'));
}

for (const g of GENERATIONS) for (const op of g.operations) describe(`${g.title} ${op.id} rejects`, () => {
  const client = g.client();
  const { mutations, applyMutation } = schemaTools(g);
  const raw = (r: Raw) => rawRequest(g, op, r);
  it('a request without X-Auth-Token or Authorization (401)', async () => {
    const response = await raw({ ...exampleInput(op), anonymous: true });
    expect(response.status).toBe(401);
    // The client always sends credentials; drop them on the wire to see how it reports a 401.
    const anonymous = g.client({
      fetch: (input: string, init: RequestInit) => {
        const headers = new Headers(init.headers);
        headers.delete('X-Auth-Token');
        return fetch(input, { ...init, headers });
      },
    });
    const error = await rejection(callOperation(anonymous, op.id, exampleInput(op)));
    expect(error).toBeInstanceOf(g.ApiError);
    expect((error as { status: number }).status).toBe(401);
  });

  for (const { name } of op.pathParams) it(`an empty path parameter ${name} (400)`, async () => {
    const violations = await expectRejected(await raw({ ...exampleInput(op), path: { [name]: '' } }), 400);
    expect(violations.some((v) => v.location.join('.') === 'request.path' && v.message.includes(`'${name}'`))).toBe(true);
    if (name === 'project_id') {
      // The client fills project_id itself, so the client half is: it refuses an empty one.
      expect(() => g.client({ projectId: '' })).toThrow(TypeError);
      return;
    }
    // The client refuses an empty path parameter before sending anything (it would leave its segment).
    const input = exampleInput(op);
    const caseId = newCase();
    const error = await rejection(Promise.resolve().then(() => callOperation(client, op.id, { ...input, path: { ...input.path, [name]: '' }, headers: { 'X-Case': caseId } })));
    expect(error).toBeInstanceOf(TypeError);
    expect(violationsOf(caseId)).toEqual([]);
  });

  if (op.body?.required) it('a request without a body, or not JSON (400)', async () => {
    const missing = await expectRejected(await raw({ path: exampleInput(op).path }), 400);
    expect(missing.map((v) => v.message)).toContain('Body parameter is required');
    const text = await raw({ path: exampleInput(op).path, headers: { 'Content-Type': 'text/plain' } });
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);
    const error = await rejection(callOperation(client, op.id, { path: exampleInput(op).path }));
    expect(error).toBeInstanceOf(g.ApiError);
  });

  // Every single-constraint mutation of every named request example: missing required fields,
  // wrong types, lengths, patterns, enums, array lengths, ranges (see lib/arbitrary.mjs).
  const bodyCases = (op.body?.examples ?? []).flatMap((example) =>
    mutations(op.body!.schema, example.value).map((m) => ({ example, m, title: `${example.name}: ${m.keyword} at ${m.field}` })),
  );
  if (bodyCases.length) it(`each broken constraint of its body examples (${bodyCases.length} cases)`, async () => {
    const check = g.validator(op.body!.schema);
    for (const { example, m, title } of bodyCases) {
      const body = applyMutation(example.value, m);
      expect(check(body), `${title} should be invalid`).toBe(false);
      const violations = await expectRejected(await raw({ path: exampleInput(op).path, body }), 400);
      expect(violations.some((v) => namesField(v, m)), `${title}: ${JSON.stringify(violations)}`).toBe(true);
      const caseId = newCase();
      const error = await rejection(callOperation(client, op.id, { path: exampleInput(op).path, body, headers: { 'X-Case': caseId } }));
      expect(error, title).toBeInstanceOf(g.ApiError);
      expect((error as { status: number }).status, title).toBe(400);
      expect(violationsOf(caseId).some((v) => namesField(v, m)), title).toBe(true);
    }
    console.log(`requests: ${g.title} ${op.id} rejected ${bodyCases.length} broken example bodies`);
  });
});
