import { describe, expect, it } from 'vitest';
import { digests, nodeDigests, webDigests } from '../src/digest.js';

// The signer hashes with node:crypto on Node and Web Crypto in browsers: both must agree.
describe('digests', () => {
  const inputs = ['', 'a', 'SDK-HMAC-SHA256\n20260101T000000Z\nabc', '视频 ünïcode 😀', 'x'.repeat(100_000)];

  it('Node uses node:crypto (the fast path)', () => {
    expect(nodeDigests).toBeDefined();
    expect(digests).toBe(nodeDigests);
  });

  it.each(inputs.map((s) => [s.slice(0, 20), s]))('sha256 and hmac agree for %j', async (_, input) => {
    const bytes = new TextEncoder().encode(input);
    expect(await nodeDigests!.sha256Hex(input)).toBe(await webDigests.sha256Hex(input));
    expect(await nodeDigests!.sha256Hex(bytes)).toBe(await webDigests.sha256Hex(bytes));
    expect(await nodeDigests!.hmacSha256Hex('secret-key', input)).toBe(await webDigests.hmacSha256Hex('secret-key', input));
  });

  it('known answer: sha256("abc")', async () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(await webDigests.sha256Hex('abc')).toBe(abc);
    expect(await nodeDigests!.sha256Hex('abc')).toBe(abc);
  });
});
