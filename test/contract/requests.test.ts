// Request validation: the mock rejects what the description forbids, names the field in
// its `sl-violations` header, and the client turns the rejection into a thrown error.
// Each case is sent twice: raw (to see exactly what the mock said) and through the client.
import { ViasApiError } from '@vias-openapi/client';
import { describe, expect, it } from 'vitest';
import { applyMutation, mutations } from '../lib/arbitrary.mjs';
import {
  callOperation, exampleInput, namesField, newCase, parseViolations, PROJECT_ID, prismUrl, rejection, violationsOf, viasClient,
} from '../lib/harness';
import { operations, pathExample, validator } from '../lib/spec.mjs';

const vias = viasClient();
type Op = (typeof operations)[number];

interface Raw {
  path?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  anonymous?: boolean;
}
function rawRequest(op: Op, { path = {}, body, headers = {}, anonymous = false }: Raw) {
  const params = { ...pathExample(op), project_id: PROJECT_ID, ...path };
  const url = prismUrl + op.path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(params[name] ?? ''));
  return fetch(url, {
    method: op.method,
    headers: {
      ...(!anonymous && { 'X-Auth-Token': 't' }),
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

for (const op of operations) describe(`${op.id} rejects`, () => {
  it('a request without X-Auth-Token or Authorization (401)', async () => {
    const response = await rawRequest(op, { ...exampleInput(op), anonymous: true });
    expect(response.status).toBe(401);
    // The client always sends credentials; drop them on the wire to see how it reports a 401.
    const anonymous = viasClient({
      fetch: (input, init) => ((input as Request).headers.delete('X-Auth-Token'), fetch(input, init)),
    });
    const error = await rejection(callOperation(anonymous, op.id, exampleInput(op)));
    expect(error).toBeInstanceOf(ViasApiError);
    expect((error as ViasApiError).status).toBe(401);
  });

  for (const { name } of op.pathParams) it(`an empty path parameter ${name} (400)`, async () => {
    const violations = await expectRejected(await rawRequest(op, { ...exampleInput(op), path: { [name]: '' } }), 400);
    expect(violations.some((v) => v.location.join('.') === 'request.path' && v.message.includes(`'${name}'`))).toBe(true);
    if (name === 'project_id') {
      // The client fills project_id itself, so the client half is: it refuses an empty one.
      expect(() => viasClient({ projectId: '' })).toThrow(/`projectId` must be a non-empty string/);
      return;
    }
    const input = exampleInput(op);
    const caseId = newCase();
    const error = await rejection(callOperation(vias, op.id, { ...input, path: { ...input.path, [name]: '' }, headers: { 'X-Case': caseId } }));
    expect(error).toBeInstanceOf(ViasApiError);
    expect((error as ViasApiError).status).toBe(400);
    expect(violationsOf(caseId).some((v) => v.location.join('.') === 'request.path' && v.message.includes(`'${name}'`))).toBe(true);
  });

  if (op.body?.required) it('a request without a body, or not JSON (400)', async () => {
    const missing = await expectRejected(await rawRequest(op, { path: exampleInput(op).path }), 400);
    expect(missing.map((v) => v.message)).toContain('Body parameter is required');
    const text = await rawRequest(op, { path: exampleInput(op).path, headers: { 'Content-Type': 'text/plain' } });
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);
    const error = await rejection(callOperation(vias, op.id, { path: exampleInput(op).path }));
    expect(error).toBeInstanceOf(ViasApiError);
  });

  // Every single-constraint mutation of every named request example: missing required fields,
  // wrong types, lengths, patterns, enums, array lengths, ranges (see lib/arbitrary.mjs).
  const bodyCases = (op.body?.examples ?? []).flatMap((example) =>
    mutations(op.body!.schema, example.value).map((m) => ({ example, m, title: `${example.name}: ${m.keyword} at ${m.field}` })),
  );
  if (bodyCases.length) it(`each broken constraint of its body examples (${bodyCases.length} cases)`, async () => {
    const check = validator(op.body!.schema);
    for (const { example, m, title } of bodyCases) {
      const body = applyMutation(example.value, m);
      expect(check(body), `${title} should be invalid`).toBe(false);
      const violations = await expectRejected(await rawRequest(op, { path: exampleInput(op).path, body }), 400);
      expect(violations.some((v) => namesField(v, m)), `${title}: ${JSON.stringify(violations)}`).toBe(true);
      const caseId = newCase();
      const error = await rejection(callOperation(vias, op.id, { path: exampleInput(op).path, body, headers: { 'X-Case': caseId } }));
      expect(error, title).toBeInstanceOf(ViasApiError);
      expect((error as ViasApiError).status, title).toBe(400);
      expect(violationsOf(caseId).some((v) => namesField(v, m)), title).toBe(true);
    }
    console.log(`requests: ${op.id} rejected ${bodyCases.length} broken example bodies`);
  });
});
