import { describe, it, expect } from 'vitest';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import { signParts, signRequest, type AkSkCredentials } from '../src/sign.js';
const PROJECT_ID = '6204a5bd270343b5885144cf9c8c158d';
import { signOfficially, type OfficialCredentials, type OfficialRequest } from './helpers/official-signer.js';


/**
 * The request our client would send for what the official SDK is asked to sign: path parameters
 * and query encoded as openapi-fetch does (`encodeURIComponent`) or as URLSearchParams does
 * (`+` for a space), header values as the caller wrote them (fetch trims them), plus the headers
 * the SDK adds before it signs: X-Project-Id, and X-Sdk-Content-Sha256 for a non-JSON body.
 * (X-Security-Token is added by signRequest itself.)
 */
function fetchRequestFor(
  official: OfficialRequest,
  credentials: OfficialCredentials,
  rawHeaders: Record<string, string>,
  plusForSpace: boolean,
): Request {
  let path = credentials.projectId ? official.url.replace('{project_id}', encodeURIComponent(credentials.projectId)) : official.url;
  for (const [name, value] of Object.entries(official.pathParams ?? {})) {
    path = path.replace(`{${name}}`, encodeURIComponent(value));
  }
  const pairs = Object.entries(official.queryParams ?? {}).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => [name, v] as [string, string]),
  );
  const query = plusForSpace
    ? new URLSearchParams(pairs).toString()
    : pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');

  const headers = new Headers(rawHeaders);
  const json = !official.contentType || official.contentType.toLowerCase().includes('application/json');
  if (official.contentType) headers.set('Content-Type', json ? 'application/json' : official.contentType);
  if (!json) headers.set('X-Sdk-Content-Sha256', 'UNSIGNED-PAYLOAD');
  if (credentials.projectId) headers.set('X-Project-Id', credentials.projectId);
  const body = official.data === undefined ? null : typeof official.data === 'string' ? official.data : JSON.stringify(official.data);
  return new Request(`${official.endpoint}${path}${query ? `?${query}` : ''}`, { method: official.method, headers, body });
}

/** Header values as they go over the wire. */
const trimValues = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value.trim()]));

const akSk = ({ accessKey, secretKey, securityToken }: OfficialCredentials): AkSkCredentials =>
  securityToken === undefined ? { accessKey, secretKey } : { accessKey, secretKey, securityToken };

async function signBoth(official: OfficialRequest, credentials: OfficialCredentials, date: Date, rawHeaders = official.headers ?? {}, plusForSpace = false) {
  const request = fetchRequestFor(official, credentials, rawHeaders, plusForSpace);
  const ours = await signRequest(request, akSk(credentials), date);
  const theirs = await signOfficially({ ...official, headers: trimValues(rawHeaders) }, credentials, date);
  return {
    ours: { authorization: ours.headers.get('Authorization'), sdkDate: ours.headers.get('X-Sdk-Date') },
    theirs: { authorization: theirs.authorization, sdkDate: theirs.sdkDate },
    request,
  };
}

// ---- The generated table ------------------------------------------------------------------

const ENDPOINTS = ['https://vias.cn-north-4.myhuaweicloud.com', 'https://VIAS.AP-Southeast-1.MyHuaweiCloud.com', 'http://127.0.0.1:8443'];

const ROUTES: Pick<OfficialRequest, 'url' | 'pathParams'>[] = [
  { url: '/v2/{project_id}/tasks' },
  { url: '/v2/{project_id}/tasks/{task_id}', pathParams: { task_id: 'f18320e61e4c4dc685aa2dfc22a28dc5' } },
  { url: '/v2/{project_id}/services/{service_name}/tasks', pathParams: { service_name: 'video-analyze' } },
  { url: '/v2/{project_id}/tasks/{task_id}/', pathParams: { task_id: 'trailing-slash' } },
  { url: '/v2/{project_id}/tasks/{task_id}', pathParams: { task_id: '视频任务' } },
  { url: '/v2/{project_id}/tasks/{task_id}', pathParams: { task_id: 'emoji-😀-𝄞' } },
  // Not "$&": HcClient puts path parameters in with String.replace, which expands "$&" to "{task_id}".
  { url: '/v2/{project_id}/tasks/{task_id}', pathParams: { task_id: ':@!&()*+,;=$' } },
  { url: '/v2/{project_id}/tasks/{task_id}', pathParams: { task_id: '100%' } },
  { url: '/v2/{project_id}/tasks/{task_id}', pathParams: { task_id: '50%25%off' } },
  { url: '/v2/{project_id}/tasks/{task_id}', pathParams: { task_id: 'A-Z_a.z~0' } },
  // An encoded slash is a separator when signing, for both signers.
  { url: '/v2/{project_id}/tasks/{task_id}', pathParams: { task_id: 'a/b' } },
  { url: '/v1.0/{project_id}/infer-tasks/{task_id}/actions/stop', pathParams: { task_id: 'é=ü' } },
];

const QUERIES: (Record<string, string | string[]> | undefined)[] = [
  undefined,
  { limit: '10', offset: '0' },
  { state: ['running', 'failed', 'creating'] },
  { name: '', marker: '' },
  { q: '视频 分析 😀' },
  { q: ":@!$&'()*+,;=", 'k e y': 'v a l' },
  { pct: '50%25 %off', plus: 'a+b' },
  // Sorted before encoding: "9" < ":" < "z" < "é", but encoded "%3A" < "9" and "%C3%A9" < "z".
  { z: '1', é: '2', 9: '3', ':': '4', B: '5', _: '6', '~': '7' },
  // By UTF-16 code unit "😀" (U+D83D…) sorts before "！" (U+FF01), though its code point is higher.
  { x: ['\uFF01', '😀', 'z', 'Z', '', ':'] },
  { sort_key: 'created_at', sort_dir: 'desc', limit: '100', offset: '200' },
];

const CREATE_TASK = {
  name: '园区 camera 1',
  input: { type: 'url', data: [{ url: 'rtsp://camera/1?x=1&y=2' }] },
  output: { event_center: true },
  service_version: '1.0',
};
const BODIES: Pick<OfficialRequest, 'method' | 'contentType' | 'data'>[] = [
  { method: 'GET' },
  { method: 'POST', contentType: 'application/json', data: CREATE_TASK },
  { method: 'PUT', contentType: 'application/json;charset=UTF-8', data: { name: '更新 😀', n: [1, 2.5, -3], o: { a: null, b: [true, false], 'k e y': 'q\'uo"te\n' } } },
  { method: 'DELETE' },
  { method: 'PATCH', contentType: 'application/json', data: { state: 'stopped' } },
  { method: 'POST', contentType: 'application/json', data: {} },
  // Not JSON: the SDK sends X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD and the body is not hashed.
  { method: 'POST', contentType: 'application/octet-stream', data: 'raw bytes, not hashed' },
  { method: 'POST', contentType: 'application/json', data: [{ url: 'rtsp://camera/2' }, 'two', 3] },
];

const HEADER_SETS: Record<string, string>[] = [
  {},
  { 'X-Language': 'en-us' },
  { 'X-Custom-Trace': '  trace 1  ', 'x-MiXeD-CaSe': '\tValue\t' },
  { Accept: 'application/json', 'X-Client-Request-Id': ' 42', 'X-Forwarded-Proto': 'https ' },
  { 'X-Empty': '', 'X-Comma': 'a, b;c=d', 'X-Z-Last': 'z', 'X-0-First': '0' },
];

const DATES = ['2024-01-02T03:04:05Z', '2019-11-15T03:36:55Z', '2024-02-29T23:59:59.999Z', '2000-01-01T00:00:00Z', '2031-12-31T12:34:56.5Z'].map(
  (iso) => new Date(iso),
);

const CREDENTIALS: OfficialCredentials[] = [
  { accessKey: 'HPUAEXAMPLEACCESSKEY', secretKey: 'example-secret-key-0123456789', projectId: PROJECT_ID },
  { accessKey: 'AK2EXAMPLE', secretKey: 'sk with spaces & ünïcødé 😀', securityToken: 'sts-token+/=', projectId: PROJECT_ID },
  // No project id: it is a plain path parameter, and no X-Project-Id is sent. Secret longer than an HMAC block.
  { accessKey: 'AK3EXAMPLE', secretKey: 'x'.repeat(100) },
];

const CASES = Array.from({ length: 120 }, (_, i) => {
  const route = ROUTES[i % ROUTES.length]!;
  const credentials = CREDENTIALS[(i * 5) % CREDENTIALS.length]!;
  const pathParams = credentials.projectId ? route.pathParams : { ...route.pathParams, project_id: PROJECT_ID };
  const official: OfficialRequest = {
    ...BODIES[(i * 3) % BODIES.length]!,
    endpoint: ENDPOINTS[(i * 11) % ENDPOINTS.length]!,
    url: route.url,
    ...(pathParams && { pathParams }),
    ...(QUERIES[(i * 7) % QUERIES.length] && { queryParams: QUERIES[(i * 7) % QUERIES.length] }),
    headers: HEADER_SETS[(i * 2 + 1) % HEADER_SETS.length]!,
  };
  const plusForSpace = i % 2 === 1;
  const name = `#${i} ${official.method} ${official.url} ${JSON.stringify(pathParams ?? {})}${plusForSpace ? ' (+ for space)' : ''}`;
  return { name, official, credentials, date: DATES[i % DATES.length]!, plusForSpace };
});

describe('signRequest matches the official AKSKSigner byte for byte', () => {
  it.each(CASES)('$name', async ({ official, credentials, date, plusForSpace }) => {
    const { ours, theirs } = await signBoth(official, credentials, date, official.headers, plusForSpace);
    expect(ours).toEqual(theirs);
  });

  it('covers every route, query, body, header set, date and credential of the table', () => {
    const used = (list: unknown[], pick: (c: (typeof CASES)[number]) => unknown) =>
      new Set(CASES.map(pick)).size === new Set(list).size;
    expect(used(ROUTES, (c) => c.official.url + JSON.stringify(c.official.pathParams))).toBe(true);
    expect(used(BODIES, (c) => BODIES.findIndex((b) => b.method === c.official.method && b.data === c.official.data))).toBe(true);
    expect(used(HEADER_SETS, (c) => c.official.headers)).toBe(true);
    expect(used(DATES, (c) => c.date)).toBe(true);
    expect(used(CREDENTIALS, (c) => c.credentials)).toBe(true);
    expect(new Set(CASES.map((c) => c.official.queryParams)).size).toBe(QUERIES.length);
  });

  it('matches with the full set of SDK headers: security token, project id, unsigned payload', async () => {
    const credentials: OfficialCredentials = { accessKey: 'AK', secretKey: 'SK', securityToken: 'token', projectId: PROJECT_ID };
    const official: OfficialRequest = {
      method: 'PUT',
      endpoint: 'https://vias.example.com:8443',
      url: '/v2/{project_id}/uploads',
      contentType: 'multipart/form-data', // also left out of SignedHeaders by the official signer
      data: 'bytes',
    };
    const { ours, theirs, request } = await signBoth(official, credentials, DATES[0]!);
    expect(request.headers.get('content-type')).toBe('multipart/form-data');
    expect(theirs.authorization).toContain('SignedHeaders=host;x-project-id;x-sdk-content-sha256;x-sdk-date;x-security-token,');
    expect(ours).toEqual(theirs);
  });

  it('imports keys per secret correctly, also when the key cache evicts', async () => {
    const credentials = Array.from({ length: 12 }, (_, i) => ({ accessKey: `AK${i}`, secretKey: `secret-${i}` }));
    const official: OfficialRequest = { method: 'GET', endpoint: 'https://vias.example.com', url: '/v2/p/tasks' };
    for (const round of [0, 1]) {
      for (const c of round === 0 ? credentials : [...credentials].reverse()) {
        const { ours, theirs } = await signBoth(official, c, DATES[0]!);
        expect(ours).toEqual(theirs);
      }
    }
  });
});

describe('where the official Node signer disagrees with the wire, we follow the wire', () => {
  // url.parse() escapes these characters in the path, and AKSKSigner then escapes the "%" again
  // (space -> %20 -> %2520), while fetch (and axios) send %20. The Python, Go and Ruby SDK signers
  // decode the path first; so do we. Reference: the official signer with that decoding added.
  const AUTO_ESCAPED = ['a b', "it's", 'a"b', '<x>', '{y}', 'p|q^r', 'back`tick', 'tab\there'];
  const signer = AKSKSigner as unknown as { CanonicalURI(path: string): string };

  it.each(AUTO_ESCAPED)('path segment %j', async (taskId) => {
    const credentials = CREDENTIALS[0]!;
    const official: OfficialRequest = {
      method: 'GET',
      endpoint: ENDPOINTS[0]!,
      url: '/v2/{project_id}/tasks/{task_id}',
      pathParams: { task_id: taskId },
    };
    const { ours, theirs } = await signBoth(official, credentials, DATES[0]!);
    expect(ours.authorization).not.toBe(theirs.authorization);

    const canonicalUri = signer.CanonicalURI;
    signer.CanonicalURI = function (path: string) {
      return canonicalUri.call(this, decodeURIComponent(path));
    };
    try {
      const fixed = await signOfficially(official, credentials, DATES[0]!);
      expect(ours.authorization).toBe(fixed.authorization);
    } finally {
      signer.CanonicalURI = canonicalUri;
    }
  });

  it('header values are signed trimmed, as fetch sends them (the official signer signs them as given)', async () => {
    const official: OfficialRequest = { method: 'GET', endpoint: ENDPOINTS[0]!, url: '/v2/p/tasks', headers: { 'X-Trace': ' t ' } };
    const untrimmed = await signOfficially(official, CREDENTIALS[0]!, DATES[0]!);
    const { ours, theirs } = await signBoth(official, CREDENTIALS[0]!, DATES[0]!);
    expect(ours).toEqual(theirs);
    expect(ours.authorization).not.toBe(untrimmed.authorization);
  });

  it('a default port is not part of the signed host, as it is not part of the Host header sent', async () => {
    const credentials = { accessKey: 'AK', secretKey: 'SK' };
    const request = new Request('https://vias.example.com:443/v2/p/tasks');
    expect(request.url).toBe('https://vias.example.com/v2/p/tasks');
    const ours = await signRequest(request, akSk(credentials), DATES[0]!);
    const official = (endpoint: string) => signOfficially({ method: 'GET', endpoint, url: '/v2/p/tasks' }, credentials, DATES[0]!);
    expect(ours.headers.get('Authorization')).toBe((await official('https://vias.example.com')).authorization);
    expect(ours.headers.get('Authorization')).not.toBe((await official('https://vias.example.com:443')).authorization);
  });
});

describe('known answers', () => {
  it('reproduces the example of the Huawei Cloud API signing guide', async () => {
    // support.huaweicloud.com/devg-apisign/api-sign-algorithm-002..004: canonical request hash
    // b25362e6…, signature 7be66680… with the SK below.
    const request = new Request(
      'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
      { headers: { 'Content-Type': 'application/json' } },
    );
    const credentials = { accessKey: 'DOCEXAMPLEAK', secretKey: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' };
    const signed = await signRequest(request, credentials, new Date('2019-11-15T03:36:55Z'));
    expect(signed.headers.get('X-Sdk-Date')).toBe('20191115T033655Z');
    expect(signed.headers.get('Authorization')).toBe(
      'SDK-HMAC-SHA256 Access=DOCEXAMPLEAK, SignedHeaders=content-type;host;x-sdk-date, ' +
        'Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
    );
  });

  it('signs a POST with query, body, token and unicode to a fixed value', async () => {
    const request = new Request('https://vias.cn-north-4.myhuaweicloud.com/v2/p1/tasks/%E8%A7%86%E9%A2%91?b=2&a=%20x&a=1', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Trace': '  t1 ' },
      body: JSON.stringify({ name: 'cam 😀', n: 1 }),
    });
    const credentials = { accessKey: 'AKFIXED', secretKey: 'SKFIXED', securityToken: 'TOKEN' };
    const signed = await signRequest(request, credentials, new Date('2024-05-06T07:08:09.999Z'));
    expect(signed.headers.get('X-Sdk-Date')).toBe('20240506T070809Z');
    expect(signed.headers.get('Authorization')).toBe(
      'SDK-HMAC-SHA256 Access=AKFIXED, SignedHeaders=content-type;host;x-sdk-date;x-security-token;x-trace, ' +
        'Signature=db9f1c16a2cd2887a45224a6d7bb68fb51336b9e7f7d341baffcb439e35acfff',
    );
  });
});

describe('signRequest', () => {
  const credentials = { accessKey: 'HPUAEXAMPLEACCESSKEY', secretKey: 'example-secret-key-do-not-leak-0123456789', securityToken: 'sts' };

  it('signs in place: the same Request, its body still readable, its other headers kept', async () => {
    const body = JSON.stringify({ name: 'n', data: '视频' });
    const request = new Request('https://vias.example.com/v2/p/tasks?x=1', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Extra': 'one' },
      body,
    });
    const signed = await signRequest(request, credentials, DATES[0]!);

    expect(signed).toBe(request);
    expect(signed.method).toBe('POST');
    expect(signed.bodyUsed).toBe(false);
    expect(await signed.text()).toBe(body);
    expect(signed.headers.get('x-extra')).toBe('one');
    expect(signed.headers.get('x-security-token')).toBe('sts');
    expect(signed.headers.get('x-sdk-date')).toBe('20240102T030405Z');
    expect(signed.headers.get('authorization')).toMatch(/^SDK-HMAC-SHA256 Access=HPUAEXAMPLEACCESSKEY, SignedHeaders=[a-z;-]+, Signature=[0-9a-f]{64}$/);
    expect(signed.headers.has('host')).toBe(false);
  });

  it('signing again (a retry) replaces the previous signature instead of signing it', async () => {
    const request = new Request('https://vias.example.com/v2/p/tasks/t1');
    await signRequest(request, credentials, DATES[0]!);
    await signRequest(request, credentials, DATES[1]!);
    const fresh = await signRequest(new Request('https://vias.example.com/v2/p/tasks/t1'), credentials, DATES[1]!);
    expect([...request.headers]).toEqual([...fresh.headers]);
  });

  it('agrees with signParts', async () => {
    const request = new Request('https://vias.example.com/v2/p/tasks?b=1&a=2', { method: 'PUT', body: '{"a":1}', headers: { 'X-A': ' 1 ' } });
    const signed = await signRequest(request, credentials, DATES[1]!);
    const expected = { authorization: signed.headers.get('Authorization'), sdkDate: signed.headers.get('X-Sdk-Date') };
    const parts = { method: 'PUT', url: 'https://vias.example.com/v2/p/tasks?b=1&a=2' };
    const headers = { 'content-type': 'text/plain;charset=UTF-8', 'X-A': ' 1 ' };
    expect(await signParts({ ...parts, headers, body: '{"a":1}' }, credentials, DATES[1]!)).toMatchObject(expected);
    expect(await signParts({ ...parts, url: new URL(parts.url), headers: new Headers(headers), body: new TextEncoder().encode('{"a":1}') }, credentials, DATES[1]!)).toMatchObject(
      expected,
    );
  });

  it('replaces an Authorization or X-Sdk-Date already on the request, without signing the old ones', async () => {
    const clean = await signRequest(new Request('https://vias.example.com/v2/p/tasks'), credentials, DATES[2]!);
    const stale = new Request('https://vias.example.com/v2/p/tasks', { headers: { Authorization: 'stale', 'X-Sdk-Date': '19990101T000000Z' } });
    const signed = await signRequest(stale, credentials, DATES[2]!);
    expect([...signed.headers]).toEqual([...clean.headers]);
    expect(signed.headers.get('Authorization')).not.toContain('authorization');
  });

  it('with X-Sdk-Content-Sha256 it does not read the body', async () => {
    const stream = new Blob(['chunk-1 ', 'chunk-2']).stream();
    const request = new Request('https://vias.example.com/v2/p/uploads', {
      method: 'POST',
      body: stream,
      headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
      duplex: 'half',
    } as RequestInit);
    const signed = await signRequest(request, credentials, DATES[0]!);
    const expected = await signParts({ method: 'POST', url: request.url, headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' } }, credentials, DATES[0]!);
    expect(signed.headers.get('Authorization')).toBe(expected.authorization);
    expect(await signed.text()).toBe('chunk-1 chunk-2');
  });

  it('uses the current time when no date is given', async () => {
    const before = Date.now();
    const signed = await signRequest(new Request('https://vias.example.com/'), credentials);
    const [, y, mo, d, h, mi, s] = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(signed.headers.get('X-Sdk-Date') ?? '')!.map(Number);
    const time = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
    expect(time).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(time).toBeLessThanOrEqual(Date.now());
  });

  it('never puts the secret key into headers or error messages', async () => {
    const secretKey = 'SeCrEt-Key/+=-0123456789abcdef';
    const request = new Request('https://vias.example.com/v2/p/tasks?q=SeCrEt', { method: 'POST', body: '{}' });
    for (const c of [{ accessKey: 'AK', secretKey }, { accessKey: 'AK', secretKey, securityToken: 'tok' }]) {
      const signed = await signRequest(request, c, DATES[0]!);
      for (const [name, value] of signed.headers) {
        expect(name).not.toContain(secretKey);
        expect(value).not.toContain(secretKey);
      }
    }
    const failures = [
      signRequest(request, { accessKey: '', secretKey }),
      signParts({ method: 'GET', url: 'https://vias.example.com/' }, { accessKey: 'AK', secretKey }, new Date(Number.NaN)),
      signParts({ method: 'GET', url: 'not a url' }, { accessKey: 'AK', secretKey }),
    ];
    for (const failure of failures) {
      const error: unknown = await failure.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(String((error as Error).message)).not.toContain(secretKey);
      expect(JSON.stringify(error)).not.toContain(secretKey);
    }
  });
});
