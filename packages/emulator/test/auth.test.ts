// Credentials: tokens (any, or exactly --token) and SDK-HMAC-SHA256 signatures verified with
// the project's signer; every refusal is 401 VIAS.00010005 and never echoes a credential.
import { createHash } from 'node:crypto';
import { signParts, type AkSkCredentials } from '@vias-openapi/signer';
import { describe, expect, it } from 'vitest';
import { call, client, create, emulator, fileTask, PROJECT } from './helpers.js';

const AK = 'EMULATORTESTAK0001';
const SK = 'emulator-test-secret-key-0001';
const path = `/v2/${PROJECT}/tasks/abcd`;

async function signedGet(url: string, credentials: AkSkCredentials, date?: Date) {
  const headers = { 'Content-Type': 'application/json' };
  const signed = await signParts({ method: 'GET', url: url + path, headers }, credentials, date);
  const response = await fetch(url + path, { headers: { ...headers, 'X-Sdk-Date': signed.sdkDate, Authorization: signed.authorization } });
  return { status: response.status, body: await response.json() };
}

const expectRefused = (answer: { status: number; body: any }, secret: string) => {
  expect(answer.status).toBe(401);
  expect(answer.body.error_code).toBe('VIAS.00010005');
  expect(answer.body.params).toEqual([]);
  expect(JSON.stringify(answer.body)).not.toContain(secret);
};

describe('tokens', () => {
  it('takes any non-empty X-Auth-Token by default, and refuses none or an empty one', async () => {
    const { url } = await emulator();
    expect((await call(url, 'GET', path, undefined, { 'X-Auth-Token': 'anything' })).body.error_code).toBe('VIAS.00010007');
    expectRefused(await call(url, 'GET', path, undefined, { 'X-Auth-Token': '' }), 'x');
    const none = await fetch(url + path);
    expect(none.status).toBe(401);
  });

  it('takes exactly --token when given', async () => {
    const { url } = await emulator({ token: 'the-one-token' });
    expect((await call(url, 'GET', path, undefined, { 'X-Auth-Token': 'the-one-token' })).status).toBe(400);
    expectRefused(await call(url, 'GET', path, undefined, { 'X-Auth-Token': 'another-token' }), 'another-token');
  });

  it('authenticates before it validates: an invalid body without credentials is 401', async () => {
    const { url } = await emulator();
    const answer = await fetch(`${url}/v2/${PROJECT}/services/video-analyze/tasks`, { method: 'POST', body: '{bad' });
    expect(answer.status).toBe(401);
  });
});

describe('AK/SK', () => {
  it('runs create and show through the client signing with the key pair', async () => {
    const { url } = await emulator({ accessKey: AK, secretKey: SK });
    const vias = client(url, { accessKey: AK, secretKey: SK });
    const id = await create(vias, fileTask());
    expect((await vias.showTask({ path: { task_id: id } })).id).toBe(id);
  });

  it('refuses a wrong secret key, an unknown access key, and a date more than 15 minutes off', async () => {
    const { url } = await emulator({ accessKey: AK, secretKey: SK });
    expect((await signedGet(url, { accessKey: AK, secretKey: SK })).status).toBe(400); // signature fine: unknown task
    expectRefused(await signedGet(url, { accessKey: AK, secretKey: 'wrong-secret' }), 'wrong-secret');
    expectRefused(await signedGet(url, { accessKey: 'OTHERAK', secretKey: SK }), SK);
    expectRefused(await signedGet(url, { accessKey: AK, secretKey: SK }, new Date(Date.now() - 16 * 60_000)), SK);
    expect((await signedGet(url, { accessKey: AK, secretKey: SK }, new Date(Date.now() - 14 * 60_000))).status).toBe(400);
  });

  it('refuses a body changed after signing', async () => {
    const { url } = await emulator({ accessKey: AK, secretKey: SK });
    const target = `${url}/v2/${PROJECT}/services/video-analyze/tasks`;
    const headers = { 'Content-Type': 'application/json' };
    const signed = await signParts({ method: 'POST', url: target, headers, body: JSON.stringify(fileTask('signed')) }, { accessKey: AK, secretKey: SK });
    const response = await fetch(target, {
      method: 'POST',
      headers: { ...headers, 'X-Sdk-Date': signed.sdkDate, Authorization: signed.authorization },
      body: JSON.stringify(fileTask('tampered')),
    });
    expectRefused({ status: response.status, body: await response.json() }, SK);
  });

  it('refuses a body that is not the one a signed X-Sdk-Content-Sha256 names, and takes the one it names', async () => {
    const { url } = await emulator({ accessKey: AK, secretKey: SK });
    const target = `${url}/v2/${PROJECT}/services/video-analyze/tasks`;
    const signed = JSON.stringify(fileTask('hashed'));
    const headers = { 'Content-Type': 'application/json', 'X-Sdk-Content-Sha256': createHash('sha256').update(signed).digest('hex') };
    const signature = await signParts({ method: 'POST', url: target, headers }, { accessKey: AK, secretKey: SK });
    const send = (body: string) =>
      fetch(target, { method: 'POST', headers: { ...headers, 'X-Sdk-Date': signature.sdkDate, Authorization: signature.authorization }, body });
    const other = await send(JSON.stringify(fileTask('not-the-signed-one')));
    const answer = { status: other.status, body: await other.json() };
    expectRefused(answer, SK);
    expect(answer.body.detail).toMatch(/X-Sdk-Content-Sha256 is not the SHA-256 of the body/);
    expect((await send(signed)).status).toBe(200);
  });

  it('will not start with half a key pair', async () => {
    await expect(emulator({ accessKey: AK })).rejects.toThrow('give accessKey and secretKey together');
  });

  it('refuses a signed request when the emulator has no key pair', async () => {
    const { url } = await emulator();
    const answer = await signedGet(url, { accessKey: AK, secretKey: SK });
    expectRefused(answer, SK);
    expect(answer.body.detail).toMatch(/--access-key/);
  });
});
