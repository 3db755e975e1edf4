// Nothing a request of the control API sends can stop the emulator or earn a 500: a body nested
// too deep, too large or not JSON, a path that is not percent-encoded text. A JSON error says
// where, never the text around it (which may be a password), in either API.
import { describe, expect, it } from 'vitest';
import { call, emulator, PROJECT } from './helpers.js';

const deep = (depth: number) => `{"format":"vias-emulator-state","version":1,"generation":"vias","project_id":"${PROJECT}","collections":{"tasks":[{"id":"a","project_id":"${PROJECT}","x":${'['.repeat(depth)}${']'.repeat(depth)}}]}}`;

describe('the control API', () => {
  it('refuses a body nested deeper than any schema with a 400, before anything walks it', async () => {
    const { url, logs } = await emulator();
    const refused = await call(url, 'PUT', '/_emulator/state', deep(100_000));
    expect(refused).toMatchObject({ status: 400, body: { status: 400, detail: 'The request body nests deeper than 64 levels.' } });
    expect((await call(url, 'GET', '/_emulator/health')).status).toBe(200);
    expect(logs).toEqual([]);
  });

  it('refuses a body larger than 1 MiB with a 400', async () => {
    const { url, logs } = await emulator();
    const refused = await call(url, 'POST', '/_emulator/scenarios', `{"kind":"pending","name_pattern":"${'x'.repeat(1024 * 1024 + 10)}"}`);
    expect(refused).toMatchObject({ status: 400, body: { detail: 'The request body is larger than 1048576 bytes.' } });
    expect((await call(url, 'GET', '/_emulator/health')).status).toBe(200);
    expect(logs).toEqual([]);
  });

  it('refuses a path that is not percent-encoded text with a 400', async () => {
    const { url, logs } = await emulator();
    const refused = await call(url, 'DELETE', '/_emulator/scenarios/%E0%A4%A');
    expect(refused).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/is not valid percent-encoded text/) } });
    expect(logs).toEqual([]);
  });
});

describe('a body that is not JSON', () => {
  const secret = '{"password":"Top-Secret-1" "x":1}';
  it('is refused in the control API saying where, not quoting the body', async () => {
    const { url } = await emulator();
    const refused = await call(url, 'POST', '/_emulator/scenarios', secret);
    expect(refused).toMatchObject({ status: 400, body: { detail: 'The request body is not valid JSON (at position 27).' } });
  });

  it('is refused in the emulated API saying where, not quoting the body', async () => {
    const { url } = await emulator();
    for (const text of [secret, 'Top-Secret-1', '{"password":"Top-Secret-1"']) {
      const refused = await call(url, 'POST', `/v2/${PROJECT}/services/video-analyze/tasks`, text);
      expect(refused.status).toBe(400);
      expect(refused.body.detail).toMatch(/^The request body is not valid JSON( \(at position \d+\)| \(it ends too early\))?\.$/);
      expect(JSON.stringify(refused.body)).not.toContain('Top-Secret');
    }
  });
});
