import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientFor, PROJECT_ID, TOKEN } from './helpers/client.js';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';
import { verifySignature } from './helpers/verify-signature.js';

let server: FixtureServer;
beforeAll(async () => void (server = await startFixtureServer()));
afterAll(() => server.close());
beforeEach(() => server.reset());

const AK = 'HPUAEXAMPLEACCESSKEY';
const SK = 'example-secret-key-do-not-leak-0123456789';

describe('authentication and headers', () => {
  it('token auth sends X-Auth-Token and no Authorization', async () => {
    await clientFor(server).showTask({ path: { task_id: 't1' } });
    expect(server.requests[0]?.headers['x-auth-token']).toBe(TOKEN);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('AK/SK signs the request as the server receives it', async () => {
    const vias = clientFor(server, { auth: { accessKey: AK, secretKey: SK }, headers: { 'X-Extra': 'one' } });
    await vias.createServiceTask({
      path: { service_name: 'video-analyze' },
      body: {
        name: 'n',
        input: { type: 'url', data: [{ url: 'rtsp://camera/1' }] },
        output: { event_center: true },
        service_version: '1.0',
      },
    });
    await vias.showTask({ path: { task_id: 't2' } });
    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      expect(request.headers.authorization).toMatch(/^SDK-HMAC-SHA256 Access=HPUAEXAMPLEACCESSKEY, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/);
      expect(request.headers['x-sdk-date']).toMatch(/^\d{8}T\d{6}Z$/);
      expect(request.headers['x-auth-token']).toBeUndefined();
      await verifySignature(request, server.url, { accessKey: AK, secretKey: SK });
    }
  });

  it('AK/SK with a security token (temporary credentials) still signs', async () => {
    const credentials = { accessKey: AK, secretKey: SK, securityToken: 'sts-token' };
    await clientFor(server, { auth: credentials }).showTask({ path: { task_id: 't3' } });
    await verifySignature(server.requests[0]!, server.url, credentials);
  });

  it('extra headers go on every request', async () => {
    const vias = clientFor(server, { headers: { 'X-Language': 'en-us', 'X-Project-Note': 'n1' } });
    await vias.showTask({ path: { task_id: 't4' } });
    await vias.showInferTask({ path: { task_id: 't4' } });
    for (const request of server.requests) {
      expect(request.headers['x-language']).toBe('en-us');
      expect(request.headers['x-project-note']).toBe('n1');
    }
  });

  it('per-call headers are added too', async () => {
    await clientFor(server).showTask({ path: { task_id: 't5' }, headers: { 'X-Call': 'yes' } });
    expect(server.requests[0]?.headers['x-call']).toBe('yes');
    expect(server.requests[0]?.url).toBe(`/v2/${PROJECT_ID}/tasks/t5`);
  });
});
