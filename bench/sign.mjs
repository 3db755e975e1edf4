// Signing alone: SDK-HMAC-SHA256 signatures per second, ours vs the official AKSKSigner,
// on the same four requests (three GETs, one POST with a JSON body), no network.
import { bundle } from '@vias-openapi/spec/bundle';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core');

const endpoint = 'https://vias.cn-north-4.myhuaweicloud.com';
const pid = '0123456789abcdef0123456789abcdef';
const keys = { accessKey: 'BENCHAK0000000000000', secretKey: 'benchsk0000000000000000000000000000000000' };

// Each request in both shapes: parts for ours, the IHttpRequest the official signer takes
// (endpoint = URL without query, query as an object, body as the object it JSON.stringifies).
function requests() {
  const create = bundle.components.examples.CreateServiceTaskRequest_obs.value;
  const json = { 'content-type': 'application/json' };
  const list = [
    { method: 'GET', path: `/v2/${pid}/tasks/3b4ba5c1f0ae4d4a9f5c7a2e1d0b9c8a`, query: {} },
    { method: 'GET', path: `/v2/${pid}/services/c-vehicle/tasks/3b4ba5c1f0ae4d4a9f5c7a2e1d0b9c8a`, query: {} },
    { method: 'GET', path: `/v1/${pid}/infer/tasks/3b4ba5c1f0ae4d4a9f5c7a2e1d0b9c8a`, query: { limit: '10', offset: '0' } },
    { method: 'POST', path: `/v2/${pid}/services/c-vehicle/tasks`, query: {}, headers: json, data: create },
  ];
  return list.map(({ method, path, query, headers = {}, data }) => {
    const qs = new URLSearchParams(query).toString();
    const url = `${endpoint}${path}${qs ? `?${qs}` : ''}`;
    const body = data === undefined ? undefined : JSON.stringify(data);
    return {
      request: new Request(url, { method, headers, body }),
      parts: { method, url, headers, body },
      official: { method, endpoint: `${endpoint}${path}`, headers: { ...headers }, queryParams: query, data },
    };
  });
}

// Same date on both sides → the same Authorization, or the comparison is meaningless.
async function checkSameSignature(reqs, signParts, cred) {
  const date = new Date('2024-01-02T03:04:05Z');
  for (const r of reqs) {
    const ours = (await signParts(r.parts, keys, date)).authorization;
    // The SDK declares sign() as returning {}; it returns the request's headers with Authorization added.
    const signed = /** @type {Record<string, string>} */ (AKSKSigner.sign({ ...r.official, headers: { ...r.official.headers, 'X-Sdk-Date': '20240102T030405Z' } }, cred));
    const theirs = signed.Authorization;
    if (ours !== theirs) throw new Error(`signatures differ for ${r.parts.method} ${r.parts.url}:\n  ours     ${ours}\n  official ${theirs}`);
  }
}

export async function sign({ rounds = 10, perRound = 2_000 } = {}) {
  const { signRequest, signParts } = await import('@vias-openapi/client');

  const reqs = requests();
  const cred = new BasicCredentials().withAk(keys.accessKey).withSk(keys.secretKey);
  await checkSameSignature(reqs, signParts, cred);

  // Realistic use: no fixed date (each signer reads the clock and formats it), one
  // signature at a time, awaited when the signer is async (the sync official one is not:
  // that would charge it a microtask its users never pay). signRequest gets a fresh
  // Request per signature, built before the round's clock starts: in the client each
  // call signs a new Request, and re-signing one Request object would pile abort
  // listeners onto its signal (undici links every copy's signal to it).
  const m = reqs.length;
  const fresh = (n) => Array.from({ length: n }, (_, i) => reqs[i % m].request.clone());
  const contenders = {
    sign: async (n) => {
      const batch = fresh(n);
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await signRequest(batch[i], keys);
      return process.hrtime.bigint() - t0;
    },
    sign_parts: async (n) => {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await signParts(reqs[i % m].parts, keys);
      return process.hrtime.bigint() - t0;
    },
    official_sign: (n) => {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) AKSKSigner.sign(reqs[i % m].official, cred);
      return process.hrtime.bigint() - t0;
    },
  };
  const ns = Object.fromEntries(Object.keys(contenders).map((k) => [k, 0n]));
  const ops = Object.fromEntries(Object.keys(contenders).map((k) => [k, 0]));
  for (let r = -1; r < rounds; r++) {
    // Rounds alternate A B C A B C …; round -1 is warm-up and not counted.
    for (const [k, fn] of Object.entries(contenders)) {
      const elapsed = await fn(perRound);
      if (r >= 0) {
        ns[k] += elapsed;
        ops[k] += perRound;
      }
    }
  }
  const perS = (k) => ops[k] / (Number(ns[k]) / 1e9);
  return {
    sign_ops_per_s: perS('sign'),
    sign_parts_ops_per_s: perS('sign_parts'),
    official_sign_ops_per_s: perS('official_sign'),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await sign());
