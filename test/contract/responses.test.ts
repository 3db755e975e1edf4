// Consumer contract: every documented response of every operation, served by the mock and
// read through the real client. 2xx bodies come back as data valid against the response
// schema (and equal to the named example asked for); other statuses throw ViasApiError.
import { createdTaskIds, ViasApiError } from '@vias-openapi/client';
import { describe, expect, it } from 'vitest';
import { callOperation, exampleInput, PROJECT_ID, rejection, viasClient } from '../lib/harness';
import { deref, operations, validate } from '../lib/spec.mjs';

const vias = viasClient();
const PRISM_VIOLATIONS = 'https://stoplight.io/prism/errors#VIOLATIONS';

// One case per (operation, status, named example); statuses without examples get one case.
const cases = operations.flatMap((op) =>
  op.responses.flatMap((response) =>
    (response.examples.length ? response.examples : [undefined]).map((example) => ({
      op,
      response,
      example,
      title: `${op.id} → ${response.status}${example ? ` (example ${example.name})` : ''}`,
    })),
  ),
);

// (That the statuses are the ones the vendor's pages list is spec/test/tables.test.ts's job.)
const statusCount = operations.reduce((n, op) => n + op.responses.length, 0);
console.log(`responses: ${operations.length} operations, ${statusCount} statuses, ${cases.length} cases`);

describe('every documented response through the client', () => {
  for (const { op, response, example, title } of cases) it(title, async () => {
    const prefer = `code=${response.status}${example ? `, example=${example.name}` : ''}`;
    const call = callOperation(vias, op.id, { ...exampleInput(op), headers: { Prefer: prefer } });

    if (response.status < 300) {
      let data: unknown;
      try {
        data = await call;
      } catch (error) {
        // Prism samples a body from the schema when there is no named example, ignoring
        // if/then; a sample that fails its own validation comes back as a 500. Say so, and fail.
        const body = error instanceof ViasApiError ? (error.body as { type?: string; validation?: unknown }) : undefined;
        if (body?.type === PRISM_VIOLATIONS) {
          throw new Error(`the mock cannot serve a valid ${response.status} body for ${op.id}; add a named example to the spec: ${JSON.stringify(body.validation)}`);
        }
        throw error;
      }
      expect(validate(response.schema, data)).toBeNull();
      if (example) expect(data).toEqual(example.value);
      if (op.id === 'createServiceTask') expect(createdTaskIds(data as never).length).toBeGreaterThan(0);
      return;
    }

    const error = await rejection(call);
    expect(error).toBeInstanceOf(ViasApiError);
    const apiError = error as ViasApiError;
    expect(apiError.status).toBe(response.status);
    expect(apiError.url).toContain(PROJECT_ID);
    expect(validate(response.schema, apiError.body)).toBeNull();
    // Each documented field of the error body is also a field of the error.
    for (const field of Object.keys(deref(response.schema).properties ?? {})) {
      expect(apiError[field as keyof ViasApiError], field).toEqual((apiError.body as Record<string, unknown>)[field]);
    }
    if (example) expect(apiError.body).toEqual(example.value);
  });
});

describe('client plumbing the cases above rely on', () => {
  const showTask = operations.find((op) => op.id === 'showTask')!;
  const ok = showTask.responses.find((r) => r.status === 200)!;

  it('raw verbs fill in project_id and throw on non-2xx too', async () => {
    const { data } = await vias.GET(showTask.path as '/v2/{project_id}/tasks/{task_id}', {
      params: { path: exampleInput(showTask).path as { task_id: string } },
    });
    expect(validate(ok.schema, data)).toBeNull();
    const error = await rejection(
      vias.GET(showTask.path as '/v2/{project_id}/tasks/{task_id}', {
        params: { path: exampleInput(showTask).path as { task_id: string } },
        headers: { Prefer: 'code=500' },
      }),
    );
    expect((error as ViasApiError).status).toBe(500);
  });

  it('client-wide headers reach the mock, and per-call headers override them', async () => {
    const failing = viasClient({ headers: { Prefer: 'code=500' } });
    expect(((await rejection(callOperation(failing, 'showTask', exampleInput(showTask)))) as ViasApiError).status).toBe(500);
    const input = { ...exampleInput(showTask), headers: { Prefer: 'code=400' } };
    expect(((await rejection(callOperation(failing, 'showTask', input))) as ViasApiError).status).toBe(400);
  });
});
