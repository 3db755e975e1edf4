import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RESPONSE_BYTES, ViasError, ViasNetworkError, ViasResponseError, type ViasClientOptions } from '../src/index.js';
import { caught, clientFor, scriptedClient, task } from './helpers/client.js';
import type { FixtureServer } from './helpers/fixture-server.js';

// The size cap on answers, on real sockets: an endless body, a gzip bomb (an endless stream of
// gzip-compressed zeros, about 1000:1), a declared length over the limit. The client's `fetch`
// is wrapped to count the bytes the client took from the body (after decompression), so "read
// no more than the limit" is measured, not inferred.

const MiB = 1024 * 1024;
const ZEROS = Buffer.alloc(64 * 1024);

type Behaviour = (res: ServerResponse) => void;
let behaviour: Behaviour = (res) => res.end('{}');
let server: ReturnType<typeof createServer>;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    behaviour(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

/** Writes `chunk` for ever, as fast as the client reads (until the socket closes). */
function endless(res: ServerResponse, write: (chunk: Buffer) => boolean) {
  const pump = () => {
    while (!res.destroyed && write(ZEROS));
    if (!res.destroyed) res.once('drain', pump);
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}

/** A client of the server whose fetch counts the (decoded) bytes the client read from each body. */
function counted(overrides: Partial<ViasClientOptions> = {}) {
  const read = { bytes: 0 };
  const fetch = async (input: string, init: RequestInit) => {
    const response = await globalThis.fetch(input, init);
    if (!response.body) return response;
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          read.bytes += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: response.status, headers: response.headers });
  };
  const vias = clientFor({ url } as FixtureServer, { fetch, retry: false, ...overrides });
  return { vias, read };
}

/** The peak of heap and array buffers while `work` runs, above what was in use before. */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, used())), 2);
  try {
    const value = await work();
    return { value, peak: Math.max(peak, used()) - before };
  } finally {
    clearInterval(sampler);
  }
}

describe('maxResponseBytes: the answer is read up to the limit, never more', () => {
  it('an endless body: ViasResponseError naming the limit, with the status, after reading at most the limit (+ one chunk)', async () => {
    behaviour = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      endless(res, (chunk) => res.write(chunk));
    };
    const { vias, read } = counted({ maxResponseBytes: 4 * MiB });
    const error = await caught(() => vias.listTasks());
    expect(error).toBeInstanceOf(ViasResponseError);
    expect(error.status).toBe(200);
    expect(error.message).toMatch(/answered HTTP 200 with a body larger than 4194304 bytes \(maxResponseBytes, counted after decompression\)/);
    expect(read.bytes).toBeGreaterThan(4 * MiB);
    expect(read.bytes).toBeLessThanOrEqual(4 * MiB + 64 * 1024);
  });

  it(`a gzip bomb (endless compressed zeros) with the default limit (${DEFAULT_MAX_RESPONSE_BYTES} bytes): counted inflated, bounded memory`, async () => {
    let compressed = 0;
    behaviour = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      const zeros = new Readable({ read: () => void zeros.push(ZEROS) });
      const gzip = createGzip({ level: 9 });
      gzip.on('data', (chunk: Buffer) => void (compressed += chunk.length));
      pipeline(zeros, gzip, res, () => {}); // backpressure end to end; ends when the client hangs up
    };
    const { vias, read } = counted();
    const { value: error, peak } = await peakGrowth(() => caught(() => vias.showTask({ path: { task_id: 't1' } })));
    expect(error).toBeInstanceOf(ViasResponseError);
    expect(error.message).toContain(`a body larger than ${DEFAULT_MAX_RESPONSE_BYTES} bytes`);
    expect(read.bytes).toBeLessThanOrEqual(DEFAULT_MAX_RESPONSE_BYTES + 256 * 1024);
    expect(compressed).toBeLessThan(2 * MiB); // what the server had to send: ~1000:1
    // Before the cap, a 1 GiB bomb took the process to a 2.26 GiB peak; now it is the limit, read once, plus change.
    expect(peak).toBeLessThan(DEFAULT_MAX_RESPONSE_BYTES * 4);
    console.log(`limits: gzip bomb: ${read.bytes} bytes read (inflated), ${compressed} compressed bytes sent, peak heap+buffers growth ${(peak / MiB).toFixed(1)} MiB`);
  });

  it('a declared Content-Length over the limit is refused before a byte is read', async () => {
    behaviour = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(64 * MiB) });
      endless(res, (chunk) => res.write(chunk));
    };
    const { vias, read } = counted({ maxResponseBytes: MiB });
    const error = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
    expect(error).toBeInstanceOf(ViasResponseError);
    expect(read.bytes).toBe(0);
  });

  it('a body of exactly the limit is read; one byte more is not; an error body counts too', async () => {
    const body = JSON.stringify({ ...task('RUNNING'), name: 'x'.repeat(1000) });
    behaviour = (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    const exact = counted({ maxResponseBytes: Buffer.byteLength(body) });
    await expect(exact.vias.showTask({ path: { task_id: 't1' } })).resolves.toMatchObject({ state: 'RUNNING' });
    const under = counted({ maxResponseBytes: Buffer.byteLength(body) - 1 });
    expect(await caught(() => under.vias.showTask({ path: { task_id: 't1' } }))).toBeInstanceOf(ViasResponseError);
    behaviour = (res) => res.writeHead(500, { 'Content-Type': 'text/html' }).end('<html>'.padEnd(4096, 'x'));
    const error = await caught(() => counted({ maxResponseBytes: 1024 }).vias.showTask({ path: { task_id: 't1' } }));
    expect(error).toMatchObject({ name: 'ViasResponseError', status: 500 });
  });

  it('is not retried (the next attempt would be as large), unless shouldRetry says so', async () => {
    let requests = 0;
    behaviour = (res) => {
      requests++;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(`{"name":"${'x'.repeat(2048)}"}`);
    };
    await caught(() => counted({ maxResponseBytes: 1024, retry: { minDelayMs: 0, maxDelayMs: 0 } }).vias.showTask({ path: { task_id: 't1' } }));
    expect(requests).toBe(1);
  });

  it('raw `parseAs: "stream"`: the stream errors with a ViasResponseError past the limit', async () => {
    behaviour = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      endless(res, (chunk) => res.write(chunk));
    };
    const { vias } = counted({ maxResponseBytes: MiB });
    const { data } = await vias.raw.GET('/v2/{project_id}/tasks/{task_id}', { params: { path: { task_id: 't1' } }, parseAs: 'stream' });
    const error = await (async () => {
      const reader = (data as unknown as ReadableStream<Uint8Array>).getReader();
      for (;;) await reader.read();
    })().catch((e) => e);
    expect(error).toBeInstanceOf(ViasResponseError);
    expect(error.message).toContain('a body larger than 1048576 bytes');
  });

  it('`maxResponseBytes` must be a whole number of bytes above 0', () => {
    for (const maxResponseBytes of [0, -1, 1.5, Infinity, Number.NaN, '1' as never]) {
      expect(() => scriptedClient({ maxResponseBytes })).toThrow(/`maxResponseBytes` must be a whole number of bytes above 0/);
    }
  });
});

describe('every failure is a ViasError, classified by its type', () => {
  it.each([
    ['a fetch that rejects with a RangeError', async () => Promise.reject(new RangeError('socket hang up'))],
    ['a fetch that rejects with a string', async () => Promise.reject('ECONNRESET')],
    ['a body that errors with a custom error', async () => new Response(new ReadableStream({ pull: (c) => c.error(new Error('stream reset by peer')) }), { status: 200 })],
  ])('%s → ViasNetworkError', async (_, fetch) => {
    const { vias } = scriptedClient({ fetch: fetch as never, retry: false });
    const error = await caught(() => vias.showTask({ path: { task_id: 't1' } }));
    expect(error).toBeInstanceOf(ViasNetworkError);
    expect(error).toBeInstanceOf(ViasError);
  });
});
