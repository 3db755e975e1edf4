// node:http in front of the emulated API: the route from the description, the body read (at
// most 1 MiB, nested at most 64 deep), credentials, the request checked against the
// description, the handler, and the answer written. Whatever a request sends, the listener
// answers it: every failure inside it is the generation's 500 error body, and the process
// keeps serving.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { nestsDeeperThan } from '@vias-openapi/spec/json-depth';
import type { Authenticate } from '../api/auth.js';
import { ApiFault, type CommonFaults } from '../api/errors.js';
import type { Generation } from '../api/generation.js';
import type { AnyHandler } from '../api/handlers.js';
import { MAX_BODY_DEPTH, type RequestCheck } from '../api/validation.js';
import { StorageError } from '../store/durable.js';
import { cors, type Cors } from './cors.js';
import { requestIds } from './request-id.js';
import type { Router } from './router.js';

export const BODY_LIMIT = 1024 * 1024;

export interface Route {
  operationId: string;
  check: RequestCheck;
  handler: AnyHandler;
}

/** One answered request, as the request journal keeps it. */
export interface Exchange {
  method: string;
  path: string;
  operationId: string | undefined;
  status: number;
  durationMs: number;
}

/**
 * Runs before the handler (the control API's faults): may throw an ApiFault, wait, answer itself
 * (`handled`: the connection was reset), or ask for the answer to be cut half way (`truncate`).
 */
export type BeforeHandler = (operationId: string, request: IncomingMessage, response: ServerResponse) => Promise<undefined | 'handled' | 'truncate'>;

export interface ListenerOptions {
  generation: Generation;
  faults: CommonFaults;
  router: Router<Route>;
  authenticate: Authenticate;
  /** Waits for the state file (answers are sent once the change is on disk). */
  flushed: () => Promise<void>;
  context: unknown;
  corsOrigins?: readonly string[] | undefined;
  checkResponses?: boolean | undefined;
  log: (line: string) => void;
  before?: BeforeHandler | undefined;
  /** Other paths served beside the API (the control API), tried first. */
  extra?: ((request: IncomingMessage, response: ServerResponse, body: () => Promise<Buffer>) => Promise<boolean>) | undefined;
  onExchange?: ((exchange: Exchange) => void) | undefined;
}

export class BodyTooLarge extends Error {}

/** Why a body is not JSON the emulator reads: too deep, or not JSON (where, never its text). */
export class BodyRefused extends Error {
  constructor(
    readonly kind: 'depth' | 'json',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The JSON of a request body (the API's and the control API's): one nested deeper than any
 * schema is refused before a parser, the validator or a serialiser walks it; a parse error
 * says where, not V8's message, which quotes the body around the bad token (a password…).
 */
export function parseBody(raw: Buffer): unknown {
  if (nestsDeeperThan(raw, MAX_BODY_DEPTH)) throw new BodyRefused('depth', `The request body nests deeper than ${MAX_BODY_DEPTH} levels.`);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message)?.[1];
    const where = at !== undefined ? ` (at position ${at})` : /end of JSON input/.test(message) ? ' (it ends too early)' : '';
    throw new BodyRefused('json', `The request body is not valid JSON${where}.`);
  }
}

export function readBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const hasBody = (req: IncomingMessage) => req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
const EMPTY = Buffer.alloc(0);
// A host name, an IPv4 address or a bracketed IPv6 one, and an optional port (RFC 3986).
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%!$&'()*+,;=-]+)(?::\d{1,5})?$/;

export function createListener(options: ListenerOptions) {
  const { generation, faults, router, authenticate, context, checkResponses, log, before, extra, onExchange } = options;
  const corsPolicy: Cors | undefined = options.corsOrigins?.length ? cors(options.corsOrigins) : undefined;
  const nextId = requestIds();

  /** The answer to one request of the API (throws ApiFault for an error answer). */
  async function answer(req: IncomingMessage, res: ServerResponse, seen: { operationId?: string; truncate?: boolean }) {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const pathname = q === -1 ? target : target.slice(0, q);
    const host = req.headers.host;
    if (host !== undefined && !HOST.test(host)) throw faults.invalid('Host', 'The Host header is not a valid host name.');

    let lookup;
    try {
      lookup = router.lookup(method, pathname);
    } catch {
      throw faults.invalid('path', `${pathname} is not valid percent-encoded text.`);
    }
    if (lookup === undefined) throw faults.noRoute(method, pathname);
    if (!('found' in lookup)) throw faults.methodNotAllowed(method, pathname);
    const { route, params } = lookup.found;
    seen.operationId = route.operationId;

    let raw: Buffer = EMPTY;
    if (hasBody(req)) {
      try {
        raw = await readBody(req);
      } catch (error) {
        if (error instanceof BodyTooLarge) throw faults.invalid('body', `The request body is larger than ${BODY_LIMIT} bytes.`);
        throw error;
      }
    }
    const refused = await authenticate({ method, url: `http://${host ?? '127.0.0.1'}${target}`, headers: req.headers, body: raw });
    if (refused) throw faults.unauthorized(refused);
    const instead = before && (await before(route.operationId, req, res));
    if (instead === 'handled') return undefined;
    if (instead === 'truncate') seen.truncate = true;

    let body: unknown;
    const present = raw.length > 0;
    if (present) {
      try {
        body = parseBody(raw);
      } catch (error) {
        if (error instanceof BodyRefused) throw error.kind === 'depth' ? faults.invalid('body', error.message) : faults.badBody(error.message);
        throw error;
      }
    }
    const search = new URLSearchParams(q === -1 ? '' : target.slice(q + 1));
    const request = route.check(params, search, body, present);
    const result = await route.handler(request, context);
    return result;
  }

  function write(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>, truncate = false) {
    const out: Record<string, string | number> = { 'X-Request-Id': nextId(), ...headers };
    if (body === undefined) {
      out['Content-Length'] = 0;
      res.writeHead(status, out);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    out['Content-Type'] = 'application/json;charset=UTF-8';
    out['Content-Length'] = Buffer.byteLength(text);
    res.writeHead(status, out);
    if (!truncate) {
      res.end(text);
      return;
    }
    // A fault: half the body, then the connection closes (the length promised the whole).
    const bytes = Buffer.from(text);
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
  }

  function conformance(operationId: string, status: number, body: unknown): string | undefined {
    const op = generation.operations.get(operationId);
    const documented = op?.responses.find((r) => r.status === status);
    const schema = documented ? documented.schema : status >= 400 ? generation.errorSchema : undefined;
    if (!documented && status < 400) return `status ${status} is not documented`;
    if (!schema) return body === undefined ? undefined : `status ${status} is documented without a body`;
    const check = generation.validation.validator(schema);
    return check(body) ? undefined : JSON.stringify(check.errors?.slice(0, 3));
  }

  return async function listener(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const seen: { operationId?: string; truncate?: boolean } = {};
    let status = 500;
    let body: unknown;
    let headers: Record<string, string> = {};
    try {
      req.on('error', () => {}); // a client that goes away mid-body: answered (to nobody) below
      res.on('error', () => {});
      const preflight = corsPolicy?.preflight(req);
      if (preflight) {
        res.writeHead(204, preflight);
        res.end();
        return;
      }
      const corsHeaders = corsPolicy?.headers(req) ?? {};
      if (extra && (await extra(req, res, () => readBody(req)))) return;
      try {
        const result = await answer(req, res, seen);
        if (result === undefined) return; // answered by `before` (a reset connection, a cut body)
        ({ status, body } = result);
        headers = { ...corsHeaders, ...result.headers };
        await options.flushed();
      } catch (error) {
        const fault =
          error instanceof ApiFault
            ? error
            : error instanceof StorageError
              ? faults.internal(error.message)
              : (log(`${generation.label.toLowerCase()}-emulator: ${req.method} ${(req.url ?? '').split('?')[0]} failed: ${(error as Error)?.stack ?? error}`),
                faults.internal('The emulator failed to answer; see its log.'));
        status = fault.status;
        body = generation.errorBody(fault.content);
        headers = { ...corsHeaders, ...fault.headers };
      }
      if (checkResponses && seen.operationId) {
        const problem = conformance(seen.operationId, status, body);
        if (problem) {
          log(`${generation.label.toLowerCase()}-emulator: the answer of ${seen.operationId} does not conform to the description: ${problem}`);
          const fault = faults.internal(`The emulator's answer of ${seen.operationId} does not conform to the description: ${problem}`);
          status = fault.status;
          body = generation.errorBody(fault.content);
        }
      }
      write(res, status, body, headers, seen.truncate);
    } catch (error) {
      // Writing failed (a body that cannot be serialised, a socket gone): one last plain answer.
      log(`${generation.label.toLowerCase()}-emulator: could not answer ${req.method} ${(req.url ?? '').split('?')[0]}: ${(error as Error)?.message ?? error}`);
      if (!res.headersSent) {
        try {
          status = 500;
          write(res, 500, generation.errorBody(faults.internal('The emulator failed to write its answer; see its log.').content), {});
        } catch {
          res.destroy();
        }
      } else res.destroy();
    } finally {
      onExchange?.({ method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, operationId: seen.operationId, status, durationMs: performance.now() - started });
    }
  };
}

/** Starts listening; rejects with the listen error (EADDRINUSE…). */
export function listen(listener: ReturnType<typeof createListener>, { host, port }: { host: string; port: number }): Promise<Server> {
  const server = createServer((req, res) => void listener(req, res));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
