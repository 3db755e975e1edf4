/**
 * SHA-256 and HMAC-SHA256 as lowercase hex, for the AK/SK signer.
 *
 * Node (and Bun, Deno) get the synchronous `node:crypto` through `process.getBuiltinModule`:
 * Web Crypto in Node runs every call on a worker thread, about 45 µs a step against 4 µs.
 * Browsers use Web Crypto. There is no `import` of `node:crypto`, so bundlers see nothing to
 * resolve and the browser bundle is unchanged.
 */

export interface Digests {
  sha256Hex(data: Uint8Array | string): string | Promise<string>;
  hmacSha256Hex(key: string, data: string): string | Promise<string>;
}

interface NodeCrypto {
  createHash(algorithm: 'sha256'): { update(data: Uint8Array | string): { digest(encoding: 'hex'): string } };
  createHmac(algorithm: 'sha256', key: string): { update(data: string): { digest(encoding: 'hex'): string } };
}

type WithBuiltins = { process?: { getBuiltinModule?: (id: string) => unknown } };
const nodeCrypto = (globalThis as WithBuiltins).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;

export const nodeDigests: Digests | undefined = nodeCrypto && {
  sha256Hex: (data) => nodeCrypto.createHash('sha256').update(data).digest('hex'),
  hmacSha256Hex: (key, data) => nodeCrypto.createHmac('sha256', key).update(data).digest('hex'),
};

const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex = (buffer: ArrayBuffer) => {
  let out = '';
  for (const byte of new Uint8Array(buffer)) out += HEX[byte];
  return out;
};

// Keys are imported once per secret key; a few entries cover a process that switches credentials.
// The key is not extractable, so the secret cannot be read back from it.
const keyCache = new Map<string, Promise<CryptoKey>>();
function hmacKey(secretKey: string): Promise<CryptoKey> {
  let key = keyCache.get(secretKey);
  if (key === undefined) {
    if (keyCache.size >= 8) keyCache.delete(keyCache.keys().next().value as string);
    key = crypto.subtle.importKey('raw', encoder.encode(secretKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keyCache.set(secretKey, key);
    key.catch(() => keyCache.delete(secretKey));
  }
  return key;
}

export const webDigests: Digests = {
  sha256Hex: async (data) =>
    hex(await crypto.subtle.digest('SHA-256', (typeof data === 'string' ? encoder.encode(data) : data) as BufferSource)),
  hmacSha256Hex: async (key, data) => hex(await crypto.subtle.sign('HMAC', await hmacKey(key), encoder.encode(data))),
};

export const digests: Digests = nodeDigests ?? webDigests;
