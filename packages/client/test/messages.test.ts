import { describe, expect, it } from 'vitest';
import { VasApiError, ViasApiError, createVasClient } from '../src/index.js';
import { caught, PROJECT_ID, scriptedClient, TOKEN } from './helpers/client.js';
import { scriptedFetch } from './helpers/scripted-fetch.js';

// error.message says what the service said was wrong: its `detail` and `params` after the code
// and message, so a log of the message alone keeps the reason. Redacted like every field.

const invalid = (detail: string, params: string[]) => ({
  status: 400,
  headers: { 'X-Request-Id': 'req-9' },
  body: { error_code: 'VIAS.00010001', error_msg: 'The parameters are invalid.', detail, params, reason: 'The parameters are invalid.', advice: 'Ensure that the parameters are valid.' },
});

describe('error.message carries detail and params', () => {
  it('detail and params after the code and message', async () => {
    const { vias, script } = scriptedClient({ retry: false });
    script.answer(invalid('name must match pattern "^[a-z0-9_-]{1,100}$"', ['name']));
    const error = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
    expect(error).toBeInstanceOf(ViasApiError);
    expect(error.message).toBe(
      `VIAS GET /v2/${PROJECT_ID}/tasks/t1 failed with HTTP 400: VIAS.00010001 The parameters are invalid. — name must match pattern "^[a-z0-9_-]{1,100}$" [name] (request id req-9)`,
    );
  });

  it('a detail that repeats the message is not repeated; empty params are left out; a long detail is cut in the message only', async () => {
    const { vias, script } = scriptedClient({ retry: false });
    script.answer(invalid('The parameters are invalid.', []), invalid('x'.repeat(800), ['a', 'b']));
    const same = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
    expect(same.message).toBe(`VIAS GET /v2/${PROJECT_ID}/tasks/t1 failed with HTTP 400: VIAS.00010001 The parameters are invalid. (request id req-9)`);
    const long = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
    expect(long.message).toContain(` — ${'x'.repeat(500)}… [a, b] (request id`);
    expect(long.detail).toHaveLength(800);
  });

  it('secrets in detail and params are redacted in the message too', async () => {
    const { vias, script } = scriptedClient({ retry: false });
    script.answer(invalid(`token ${TOKEN} is not valid here`, [TOKEN.slice(0, 20)]));
    const error = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
    expect(error.message).toContain('— token [REDACTED] is not valid here [[REDACTED]]');
  });

  it('VAS errors (two fields) read as before', async () => {
    const script = scriptedFetch();
    const vas = createVasClient({ endpoint: 'https://iva.example.test', projectId: PROJECT_ID, auth: { token: TOKEN }, fetch: script.fetch, retry: false });
    script.answer({ status: 404, body: { error_code: 'IVA.0005', error_msg: 'The requested resource is NOT found.' } });
    const error = await caught(() => vas.showTask({ path: { service_name: 's', task_id: 't' } }));
    expect(error).toBeInstanceOf(VasApiError);
    expect(error.message).toBe(`VAS GET /v2/${PROJECT_ID}/services/s/tasks/t failed with HTTP 404: IVA.0005 The requested resource is NOT found.`);
  });
});
