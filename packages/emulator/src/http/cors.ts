// CORS for a web app under development that calls the emulator from its own origin: only with
// `--cors-origin` (repeatable; `*` for any origin). The answer names the origin it allows, a
// preflight is answered with the methods and headers the API uses, and X-Request-Id is exposed.
// Without the flag no CORS header is ever sent, as the real service sends none.
import type { IncomingMessage } from 'node:http';

/** Request headers the API's clients send (credentials and signing included). */
const ALLOWED_HEADERS = ['Content-Type', 'X-Auth-Token', 'Authorization', 'X-Sdk-Date', 'X-Security-Token', 'X-Sdk-Content-Sha256', 'X-Project-Id'];

export interface Cors {
  /** Headers of a preflight's answer, or undefined when the request is not an allowed preflight. */
  preflight(request: IncomingMessage): Record<string, string> | undefined;
  /** Headers to add to an answer. */
  headers(request: IncomingMessage): Record<string, string>;
}

export function cors(origins: readonly string[], methods: readonly string[] = ['GET', 'POST', 'PUT', 'DELETE']): Cors {
  const any = origins.includes('*');
  const allowed = (origin: string | undefined): origin is string => origin !== undefined && (any || origins.includes(origin));
  return {
    preflight(request) {
      const origin = request.headers.origin;
      if (request.method !== 'OPTIONS' || request.headers['access-control-request-method'] === undefined || !allowed(origin)) return undefined;
      return {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': methods.join(', '),
        'Access-Control-Allow-Headers': ALLOWED_HEADERS.join(', '),
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      };
    },
    headers(request): Record<string, string> {
      const origin = request.headers.origin;
      if (!allowed(origin)) return {};
      return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'X-Request-Id', Vary: 'Origin' };
    },
  };
}
