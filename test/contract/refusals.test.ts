// The mock's refusals read like the service's: a request Prism rejects is answered with the
// generation's own error body — six fields and VIAS.00010001 for VIAS, two fields and IVA.0004
// for VAS — whose `detail` (VAS: `error_msg`) says what Prism found and whose `params` names the
// field, and the client's error message carries it. For a task input, only the violations of the
// input type the request chose are reported.
import { describe, expect, it } from 'vitest';
import { exampleInput, GENERATIONS, PROJECT_ID, rejection, TOKEN } from '../lib/harness';

const [VIAS, VAS] = GENERATIONS as [(typeof GENERATIONS)[number], (typeof GENERATIONS)[number]];
const schemaOf = (g: typeof VIAS, name: string) => g.bundle.components.schemas[name];

const obsWithoutPath = {
  name: 'demo-job',
  input: { type: 'obs', data: [{ bucket: 'obs-iva' }] },
  output: { obs: { bucket: 'obs-iva', path: 'output/' } },
  service_version: '1.0',
};

const send = (g: typeof VIAS, method: string, path: string, body?: unknown) =>
  fetch(`${g.mockUrl}${path}`, {
    method,
    headers: { 'X-Auth-Token': TOKEN, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('VIAS mock refusals', () => {
  it('a body Prism rejects: the six fields of VIAS.00010001, detail and params from what Prism found, only for the chosen input type', async () => {
    const response = await send(VIAS, 'POST', `/v2/${PROJECT_ID}/services/video-analyze/tasks`, obsWithoutPath);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(['advice', 'detail', 'error_code', 'error_msg', 'params', 'reason']);
    expect(body).toMatchObject({ error_code: 'VIAS.00010001', error_msg: 'The parameters are invalid.', params: ['input.data[0].path'], reason: 'The parameters are invalid.' });
    expect(body.detail).toBe("Request body property input.data.0 must have required property 'path'");
    expect(VIAS.validate(schemaOf(VIAS, 'ErrorResponse'), body)).toBeNull();
    expect(response.headers.get('sl-violations')).toContain('video_source_id'); // Prism's own list is left as it was
  });

  it('a query parameter Prism rejects', async () => {
    const response = await send(VIAS, 'GET', `/v2/${PROJECT_ID}/tasks?page_size=2`);
    expect(await response.json()).toMatchObject({ error_code: 'VIAS.00010001', detail: 'Request query parameter page_size must be >= 5', params: ['page_size'] });
  });

  it("the client's error message says it", async () => {
    const error = (await rejection(VIAS.client().createServiceTask!({ path: { service_name: 'video-analyze' }, body: obsWithoutPath } as never))) as Error;
    expect(error.message).toMatch(
      /failed with HTTP 400: VIAS\.00010001 The parameters are invalid\. — Request body property input\.data\.0 must have required property 'path' \[input\.data\[0\]\.path\]$/,
    );
  });

  it('a valid request is answered as before', async () => {
    const op = VIAS.operations.find((o) => o.id === 'createServiceTask')!;
    const response = await send(VIAS, 'POST', `/v2/${PROJECT_ID}/services/video-analyze/tasks`, exampleInput(op).body);
    expect(response.status).toBe(200);
  });
});

describe('VAS mock refusals', () => {
  it('two fields: IVA.0004 and what Prism found in error_msg', async () => {
    const response = await send(VAS, 'POST', `/v2/${PROJECT_ID}/services/video-analyze/tasks`, { ...obsWithoutPath, service_version: '1' });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(['error_code', 'error_msg']);
    expect(body.error_code).toBe('IVA.0004');
    expect(body.error_msg).toMatch(/^The request param is invalid\. .*input\.data\.0 must have required property 'path'/);
    expect(body.error_msg).not.toContain('stream_name');
    expect(VAS.validate(schemaOf(VAS, 'VasErrorResponse'), body)).toBeNull();
  });
});
