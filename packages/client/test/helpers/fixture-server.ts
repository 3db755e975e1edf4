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
}

/** A scripted answer: a response, or a misbehaviour. */
export type Answer =
  | { status?: number; headers?: Record<string, string>; body?: unknown }
  | 'hang' // never answer
  | 'stall' // send the headers and half a body, then nothing
  | 'cut' // send the headers and half a body, then drop the connection
  | 'destroy'; // drop the connection
/** An answer, or a function of the request that gives one (to echo what was sent). */
export type Reply = Answer | ((request: RecordedRequest) => Answer);

export interface FixtureServer {
  /** Origin, e.g. http://127.0.0.1:53211 */
  url: string;
  requests: RecordedRequest[];
  /** Queues replies, answered in order; once empty, every request gets 200 `{}`. */
  reply(...replies: Reply[]): void;
  /** Forgets recorded requests and queued replies. */
  reset(): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and a free port, recording requests and replaying scripted responses. */
export async function startFixtureServer(): Promise<FixtureServer> {
  const requests: RecordedRequest[] = [];
  let queue: Reply[] = [];

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: performance.now(),
    });
    const next = queue.shift() ?? { status: 200, body: {} };
    const reply = typeof next === 'function' ? next(requests.at(-1)!) : next;
    if (reply === 'hang') return;
    if (reply === 'stall') return void res.writeHead(200, { 'Content-Type': 'application/json' }).write('{"id":');
    if (reply === 'destroy') return void req.socket.destroy();
    if (reply === 'cut') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' }).write('{"id":');
      return void setTimeout(() => req.socket.destroy(), 20);
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
