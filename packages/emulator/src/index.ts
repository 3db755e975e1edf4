// @vias-openapi/emulator: a stateful local VIAS (or VAS), started from code or from
// `vias-emulator`. Each emulator serves one generation (a process may start several:
// scripts/start.mjs runs VIAS and VAS side by side): its description gives the routes, the
// request checks, the error catalogue and the answers' shapes; its resource modules give the
// handlers.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { authenticator } from './api/auth.js';
import type { GenerationName } from './api/generation.js';
import type { Service, ServiceOptions } from './api/service.js';
import { requestCheck } from './api/validation.js';
import { Router } from './http/router.js';
import { createListener, listen, type Route } from './http/server.js';
import { openStateFile } from './store/durable.js';
import { Store } from './store/store.js';
import { EmulatorClock, writable } from './control/clock.js';
import { Faults } from './control/faults.js';
import { Ring } from './control/ring.js';
import { Scenarios } from './control/scenarios.js';
import { controlApi, journalRecord, PREFIX, type ControlContext, type Delivery, type RequestRecord } from './control/server.js';
import { loadSeed } from './control/seed.js';
import { vasService } from './vas/index.js';
import type { CatalogueEntry } from './vias/catalogue.js';
import { viasService } from './vias/index.js';

export { StateFileError } from './store/durable.js';
export type { GenerationName } from './api/generation.js';
export type { CatalogueEntry } from './vias/catalogue.js';

/** The package's version, as the control API's health reports it. */
const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

export const DEFAULTS = { generation: 'vias' as GenerationName, host: '127.0.0.1', port: 4020, transitionMs: 2000, runMs: 10_000, alertIntervalMs: 10_000 };

export interface EmulatorOptions {
  /** The generation served: `vias` (default) or `vas` (the older VAS/IVA job API). */
  generation?: GenerationName;
  host?: string;
  /** 0 takes a free port. Default 4020. */
  port?: number;
  /** Accept only this X-Auth-Token (default: any non-empty one). */
  token?: string;
  /** Also accept requests signed SDK-HMAC-SHA256 with this key pair (both or neither). */
  accessKey?: string;
  secretKey?: string;
  /** Keep the state in this file (LMDB) across restarts. Default: in memory only. */
  stateFile?: string;
  /** How long each transitional state lasts (ms). */
  transitionMs?: number;
  /** How long a task on a file input runs before SUCCEEDED (ms). */
  runMs?: number;
  /** VIAS: what deleting a resource still in use does: `refuse` (default, VIAS.00010012) or `cascade`. */
  inUse?: 'refuse' | 'cascade';
  /** VIAS: algorithm services beside the built-in catalogue (entries as in src/vias/catalogue.ts). */
  services?: readonly CatalogueEntry[];
  /** VIAS: how often each running task of an alerting algorithm POSTs an alert to its webhook (ms; 0: only on demand). Default 10,000. */
  alertIntervalMs?: number;
  /** VIAS: the hosts a webhook URL may name. Default loopback: 127.0.0.1, ::1, localhost. */
  webhookAllow?: readonly string[];
  /** States to load at start (the control API's export format): what `--seed FILE` holds. */
  seed?: readonly object[];
  /** Answer CORS for these origins (`*`: any). Default: no CORS headers. */
  corsOrigins?: readonly string[];
  /** The emulator's clock (ms); every lifecycle reads it. Default Date.now. */
  clock?: () => number;
  /** Validate every answer against the description; a non-conforming one becomes a 500 (tests). */
  checkResponses?: boolean;
  /** Where faults are logged (never with credentials). Default stderr. */
  log?: (line: string) => void;
}

export interface Emulator {
  url: string;
  port: number;
  generation: GenerationName;
  stop(): Promise<void>;
}

const generations: Record<GenerationName, (options: ServiceOptions) => Service> = { vias: viasService, vas: vasService };

/** Starts an emulator and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const { generation: name, host, port, transitionMs, runMs, alertIntervalMs } = { ...DEFAULTS, ...options };
  const { token, accessKey, secretKey, stateFile, corsOrigins, inUse, services, webhookAllow, seed = [], checkResponses = false, log = (line: string) => console.error(line) } = options;
  if (!accessKey !== !secretKey) throw new TypeError('startEmulator: give accessKey and secretKey together');
  const make = generations[name];
  if (!make) throw new TypeError(`startEmulator: generation must be vias or vas, not ${JSON.stringify(name)}`);
  if (inUse !== undefined && inUse !== 'refuse' && inUse !== 'cascade') throw new TypeError('startEmulator: inUse must be refuse or cascade');

  const service = make({ timing: { transitionMs, runMs }, inUse, services, alertIntervalMs, webhookAllow, log });
  const { generation, faults } = service;
  // Every lifecycle and schedule reads this clock; the control API moves it forward.
  const clock = new EmulatorClock(options.clock ?? Date.now);
  // A record from outside a handler (an import, a seed) is checked against its collection's schema.
  const store = new Store(service.collections, clock.now, (schema, record) => {
    const check = generation.validation.validator(schema);
    return check(record) ? undefined : (check.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || 'the record'} ${e.message}`).join('; ');
  });
  if (stateFile) store.attach(openStateFile(stateFile, { generation: name, collections: store.names }));
  const offset = Number(store.setting('clock-offset') ?? 0);
  // An offset no Date can write (saved by an older emulator) is dropped, not served as a 500 forever.
  if (writable(clock.now() + offset)) clock.offset = offset;
  else log(`vias-emulator: the state file's clock offset ${offset} ms is not a time the emulator can reach; the clock starts without it.`);
  const scenarios = new Scenarios();
  const injected = new Faults(generation, faults);
  const requests = new Ring<RequestRecord>(1000);
  const deliveries = new Ring<Delivery>(1000);
  let server: Server;
  let close: (() => void) | undefined;
  try {
    const { context, handlers, control } = service.bind(store, { scenarios, deliveries });
    close = control.close;
    const controlContext: ControlContext = { generation, version: VERSION, store, clock, stateFile: !!stateFile, scenarios, faults: injected, requests, deliveries, service: control, log };
    for (const state of seed) loadSeed(controlContext, state);
    const router = new Router<Route>();
    for (const op of generation.operations.values()) {
      const handler = handlers[op.id];
      if (!handler) throw new Error(`the ${generation.label} emulator has no handler for ${op.id}`);
      router.add(op.method, op.path, { operationId: op.id, check: requestCheck(generation, op, faults), handler });
    }
    const listener = createListener({
      generation,
      faults,
      router,
      authenticate: authenticator({ token, accessKey, secretKey }),
      flushed: () => store.flushed(),
      context,
      corsOrigins,
      checkResponses,
      log,
      before: injected.before,
      extra: controlApi(controlContext),
      onExchange: (exchange) => exchange.operationId !== undefined || !exchange.path.startsWith(PREFIX) ? requests.push(journalRecord(exchange)) : undefined,
    });
    server = await listen(listener, { host, port });
  } catch (error) {
    close?.();
    await store.close();
    throw error;
  }
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the emulator listens on no TCP port');
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    generation: name,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        close?.();
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => store.close());
      return stopped;
    },
  };
}
