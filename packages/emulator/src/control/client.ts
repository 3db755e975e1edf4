// @vias-openapi/emulator/control: a typed client of the control API, generated the same way as
// the VIAS client (openapi-typescript types of its description, openapi-fetch requests), so tests
// in TypeScript drive the emulator with types. Every method answers openapi-fetch's
// `{ data, error, response }`; `error` is the RFC 9457 problem the emulator answered.
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '../generated/control.js';

export type ControlPaths = paths;
export type ControlSchemas = components['schemas'];
export type ControlClient = Client<paths>;

/** A client of the control API of the emulator at `url` (as `startEmulator` or the printed line gives it). */
export function createControlClient(url: string, options: { fetch?: (request: Request) => Promise<Response> } = {}): ControlClient {
  return createClient<paths>({ baseUrl: url.replace(/\/+$/, ''), ...(options.fetch ? { fetch: options.fetch } : {}) });
}
