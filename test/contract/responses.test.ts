// Consumer contract: every documented response of every operation of both documents (VIAS and
// VAS), served by the mock and read through the real client of that generation. 2xx bodies
// come back as data valid against the response schema (and equal to the named example asked
// for) with the status; other statuses throw the generation's ApiError with the documented fields.
import { describe, expect, it } from 'vitest';
import { callOperation, exampleInput, GENERATIONS, PROJECT_ID, rejection, type AnyClient } from '../lib/harness';

const PRISM_VIOLATIONS = 'https://stoplight.io/prism/errors#VIOLATIONS';

for (const g of GENERATIONS) describe(`${g.title}: every documented response through the client`, () => {
  const client = g.client();
  // One case per (operation, status, named example); statuses without examples get one case.
  const cases = g.operations.flatMap((op) =>
    op.responses.flatMap((response) =>
      (response.examples.length ? response.examples : [undefined]).map((example) => ({
        op,
        response,
        example,
        title: `${op.id} → ${response.status}${example ? ` (example ${example.name})` : ''}`,
      })),
    ),
  );
  const statusCount = g.operations.reduce((n, op) => n + op.responses.length, 0);
  console.log(`responses: ${g.title}: ${g.operations.length} operations, ${statusCount} statuses, ${cases.length} cases`);

  for (const { op, response, example, title } of cases) it(title, async () => {
    const prefer = `code=${response.status}${example ? `, example=${example.name}` : ''}`;
    const input = { ...exampleInput(op), headers: { Prefer: prefer } };

    if (response.status < 300) {
      let answer: { data: unknown; status: number };
      try {
        answer = await callOperation(client.withResponse as AnyClient, op.id, input) as typeof answer;
      } catch (error) {
        // Prism samples a body from the schema when there is no named example, ignoring
        // if/then; a sample that fails its own validation comes back as a 500. Say so, and fail.
        const body = (error as { body?: { type?: string; validation?: unknown } }).body;
        if (body?.type === PRISM_VIOLATIONS) {
          throw new Error(`the mock cannot serve a valid ${response.status} body for ${op.id}; add a named example to the spec: ${JSON.stringify(body.validation)}`);
        }
        throw error;
      }
      expect(answer.status).toBe(response.status);
      if (response.schema) expect(g.validate(response.schema, answer.data)).toBeNull();
      else expect(answer.data).toBeUndefined();
      if (example) expect(answer.data).toEqual(example.value);
      return;
    }

    const error = await rejection(callOperation(client, op.id, input));
    expect(error).toBeInstanceOf(g.ApiError);
    const apiError = error as InstanceType<typeof g.ApiError>;
    expect(apiError.status).toBe(response.status);
    expect(apiError.path).toContain(PROJECT_ID);
    if (!response.schema) return;
    expect(g.validate(response.schema, apiError.body)).toBeNull();
    // Each documented field of the error body is also a field of the error.
    for (const field of Object.keys(g.deref(response.schema).properties ?? {})) {
      expect((apiError as unknown as Record<string, unknown>)[field], field).toEqual((apiError.body as Record<string, unknown>)[field]);
    }
    if (example) expect(apiError.body).toEqual(example.value);
  });
});

describe('client plumbing the cases above rely on', () => {
  const vias = GENERATIONS[0]!;
  const client = vias.client();
  const showTask = vias.operations.find((op) => op.id === 'showTask')!;
  const ok = showTask.responses.find((r) => r.status === 200)!;
  const raw = client.raw as unknown as { GET: (path: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }> };

  it('raw verbs fill in project_id and answer { data, error, response } without throwing', async () => {
    const params = { path: exampleInput(showTask).path };
    const { data, response } = await raw.GET(showTask.path, { params });
    expect(response.status).toBe(200);
    expect(vias.validate(ok.schema, data)).toBeNull();
    const failed = await raw.GET(showTask.path, { params, headers: { Prefer: 'code=500' } });
    expect(failed.response.status).toBe(500);
    expect(failed.data).toBeUndefined();
    expect(failed.error).toMatchObject({ error_code: expect.any(String) });
  });

  it('client-wide headers reach the mock, and per-call headers override them', async () => {
    const failing = vias.client({ headers: { Prefer: 'code=500' } });
    expect(((await rejection(callOperation(failing, 'showTask', exampleInput(showTask)))) as { status: number }).status).toBe(500);
    const input = { ...exampleInput(showTask), headers: { Prefer: 'code=400' } };
    expect(((await rejection(callOperation(failing, 'showTask', input))) as { status: number }).status).toBe(400);
  });
});
