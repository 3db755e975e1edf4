import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fixture server saw: one entry per HTTP request (so one per attempt). */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** performance.now() when the request arrived. */
  at: number;
  /** Whether the exchange has ended: answered in full, or its connection closed (set when it does). */
  closed: boolean;
}

/** A scripted answer: a response, or a misbehaviour. */
export type Answer =
  | { status?: number; headers?: Record<string, string>; body?: unknown }
  | 'hang' // never answer
  | 'stall' // send the headers and half a body, then nothing
  | 'cut' // send the headers and half a body, then drop the connection once they are written
  | 'destroy'; // drop the connection
/** An answer, or a function of the request that gives one (to echo what was sent). */
export type Reply = Answer | ((request: RecordedRequest) => Answer);

export interface FixtureServer {
  /** Origin, e.g. http://127.0.0.1:53211 */
  url: string;
  requests: RecordedRequest[];
  /** Queues replies, answered in order; once empty, every request gets 200 `{}`. */
  reply(...replies: Reply[]): void;
  /** Resolves once `count` requests have arrived (recorded, before they are answered). */
  arrived(count: number): Promise<void>;
  /** Forgets recorded requests and queued replies. */
  reset(): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and a free port, recording requests and replaying scripted responses. */
export async function startFixtureServer(): Promise<FixtureServer> {
  const requests: RecordedRequest[] = [];
  let queue: Reply[] = [];
  let waiting: { count: number; resolve: () => void }[] = [];

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: performance.now(),
      closed: false,
    };
    res.once('close', () => (recorded.closed = true));
    requests.push(recorded);
    waiting = waiting.filter((w) => (requests.length >= w.count ? (w.resolve(), false) : true));
    const next = queue.shift() ?? { status: 200, body: {} };
    const reply = typeof next === 'function' ? next(requests.at(-1)!) : next;
    if (reply === 'hang') return;
    if (reply === 'stall') return void res.writeHead(200, { 'Content-Type': 'application/json' }).write('{"id":');
    if (reply === 'destroy') return void req.socket.destroy();
    if (reply === 'cut') {
      // Destroyed once the bytes are handed to the socket, so the client gets them before the close.
      return void res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' }).write('{"id":', () => req.socket.destroy());
    }
    const { status = 200, headers = {}, body } = reply;
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const type = typeof body === 'string' ? 'text/plain' : 'application/json';
    res.writeHead(status, { 'Content-Type': type, ...headers }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => void queue.push(...replies),
    arrived: (count) => (requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiting.push({ count, resolve }))),
    reset() {
      requests.length = 0;
      queue = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections(); // includes 'hang' requests
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
