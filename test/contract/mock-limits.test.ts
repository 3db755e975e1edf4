// The mock under absurd input: a body nested 100,000 levels deep or larger than Prism's limit
// is refused with a 4xx that says why, never a 500; a body just inside the nesting limit still
// reaches Prism, which validates it as usual.
import { describe, expect, it } from 'vitest';
import { PROJECT_ID, prismUrl } from '../lib/harness';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH, parseViolations } from '../lib/prism.mjs';
import { operations } from '../lib/spec.mjs';

const op = operations.find((o) => o.method === 'POST' && o.body)!;
const url = prismUrl + op.path.replace('{project_id}', PROJECT_ID).replace(/\{(\w+)\}/g, (_, name) => op.pathParams.find((p) => p.name === name)!.example);
const post = (body: string) =>
  fetch(url, { method: 'POST', headers: { 'X-Auth-Token': 't', 'Content-Type': 'application/json' }, body });
const nested = (depth: number) => '{"name":'.repeat(depth) + '1' + '}'.repeat(depth);

describe(`the mock (${op.id}) refuses what Prism cannot validate`, () => {
  for (const [what, body] of [
    ['arrays nested 100,000 deep', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['objects nested 100,000 deep', nested(100_000)],
    [`objects nested ${MAX_JSON_DEPTH + 1} deep`, nested(MAX_JSON_DEPTH + 1)],
  ] as const)
    it(`${what}: 400, with the reason in sl-violations`, async () => {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(parseViolations(response.headers.get('sl-violations'))[0].message).toMatch(/nests more than \d+ levels deep/);
      expect(await response.json()).toMatchObject({ status: 400, title: 'Request body nested too deeply' });
    });

  it(`objects nested ${MAX_JSON_DEPTH} deep reach Prism, which rejects them as invalid bodies`, async () => {
    const response = await post(nested(MAX_JSON_DEPTH));
    expect(response.status).toBe(400);
    const violations = parseViolations(response.headers.get('sl-violations'));
    expect(violations.some((v: { location: string[] }) => v.location.join('.') === 'request.body.name')).toBe(true);
  });

  it('a body larger than Prism\'s 10 MB limit: 413', async () => {
    const response = await post(JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) }));
    expect(response.status).toBe(413);
    expect(parseViolations(response.headers.get('sl-violations'))[0].message).toMatch(/larger than \d+ bytes/);
  });

  it('a body larger than the limit without a Content-Length (chunked): 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
    let sent = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (sent++ > 11) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'X-Auth-Token': 't', 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });
});
