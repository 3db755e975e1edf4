// The control API (`/_emulator/…`), served beside the emulated one, routed and checked from its
// own description (control/openapi.yaml, bundled to dist/control.json) like the emulated API is
// from the spec: a handler per operationId, typed from the generated `operations`. It needs no
// credentials. Its errors are RFC 9457 problem details.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describeBundle } from '@vias-openapi/spec/bundle';
import { validatorForBundle } from '@vias-openapi/spec/validate';
import { ApiFault } from '../api/errors.js';
import type { Generation } from '../api/generation.js';
import type { Handlers } from '../api/handlers.js';
import type { ServiceControl } from '../api/service.js';
import { requestCheck, type RequestCheck } from '../api/validation.js';
import type { operations, components } from '../generated/control.js';
import { Router } from '../http/router.js';
import { BODY_LIMIT, BodyRefused, BodyTooLarge, parseBody, type Exchange } from '../http/server.js';
import { StorageError } from '../store/durable.js';
import type { Entity, Store } from '../store/store.js';
import { DATE_LIMIT, writable, type EmulatorClock } from './clock.js';
import { FaultError, type Faults } from './faults.js';
import type { Ring } from './ring.js';
import { ScenarioError, TASK_KINDS, taskScenarioOf, type Scenarios } from './scenarios.js';
import { importState, ImportRefused } from './seed.js';

type Schemas = components['schemas'];
export type RequestRecord = Schemas['RequestRecord'];
export type Delivery = Schemas['Delivery'];

export const PREFIX = '/_emulator/';
const FORMAT = 'vias-emulator-state';

export interface ControlContext {
  generation: Generation;
  version: string;
  store: Store;
  clock: EmulatorClock;
  stateFile: boolean;
  scenarios: Scenarios;
  faults: Faults;
  requests: Ring<RequestRecord>;
  deliveries: Ring<Delivery>;
  service: ServiceControl;
  /** Where a failure of the control API is logged (startEmulator's `log`). */
  log: (line: string) => void;
}

/** A control API error: its status and what was wrong. */
const problem = (status: number, detail: string) => new ApiFault(status, { code: 'control', detail });
const TITLES: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error' };

/** The control API's description, as the build bundled it. */
function loadDescription() {
  const jsonPath = fileURLToPath(new URL('../../dist/control.json', import.meta.url));
  let bundle;
  try {
    bundle = JSON.parse(readFileSync(jsonPath, 'utf8'));
  } catch {
    throw new Error(`${jsonPath} is missing: build the emulator first (npx turbo run build --filter=@vias-openapi/emulator)`);
  }
  const spec = describeBundle(bundle, { name: 'control', yamlPath: jsonPath.replace(/json$/, 'yaml'), jsonPath });
  return { spec, validation: validatorForBundle(bundle, 'vias-emulator-control') };
}

/** Not this generation's: the resources of these endpoints are VIAS's. */
const vasHasNo = (what: string) => problem(404, `${what} is served by a VIAS emulator; this one serves VAS.`);

function handlers(): Handlers<operations, ControlContext> {
  return {
    health: (_, c) => ({ status: 200, body: { ready: true, version: c.version, generation: c.generation.name, now: new Date(c.clock.now()).toISOString(), state_file: c.stateFile } }),

    reset: ({ query }, c) => ({ status: 200, body: c.store.clear(query.project_id) }),

    exportState: ({ query }, c) => ({
      status: 200,
      body: c.store.read((view) => ({
        format: FORMAT,
        version: 1,
        generation: c.generation.name,
        project_id: query.project_id,
        exported_at: new Date(view.now).toISOString(),
        collections: Object.fromEntries(
          c.store.names.map((name) => [name, [...view.list<Entity>(name, query.project_id)].map((record) => c.service.exported(name, record))]),
        ),
      })),
    }),

    importState: ({ body }, c) => {
      try {
        return { status: 200, body: { records: importState(c, body) } };
      } catch (error) {
        if (error instanceof ImportRefused) throw problem(400, error.message);
        throw error;
      }
    },

    getClock: (_, c) => ({ status: 200, body: { now: new Date(c.clock.now()).toISOString(), offset_ms: c.clock.offset } }),

    moveClock: ({ body }, c) => {
      // The target first: nothing changes (nor is saved) unless it is a time the emulator can write.
      const now = c.clock.now();
      const at = body.advance_ms !== undefined ? now + body.advance_ms : body.now !== undefined ? Date.parse(body.now) : now;
      if (!writable(at)) throw problem(400, `${body.advance_ms !== undefined ? `advance_ms ${body.advance_ms}` : `now ${body.now}`} is not a time the emulator can reach (it keeps within ±${DATE_LIMIT} ms of 1970).`);
      if (at < now) throw problem(400, `now ${body.now} is before the emulator's time ${new Date(now).toISOString()}: time only moves forward.`);
      c.clock.moveTo(at);
      c.store.setSetting('clock-offset', c.clock.offset);
      return { status: 200, body: { now: new Date(c.clock.now()).toISOString(), offset_ms: c.clock.offset } };
    },

    listRequests: ({ query }, c) => ({ status: 200, body: { requests: c.requests.last(query.limit ?? 100) } }),
    clearRequests: (_, c) => (c.requests.clear(), { status: 204, body: undefined }),

    listScenarios: (_, c) => ({ status: 200, body: { scenarios: c.scenarios.list() } }),
    addScenario: ({ body }, c) => {
      try {
        if (body.task_id !== undefined) {
          if (!TASK_KINDS.has(body.kind)) throw new ScenarioError(`${body.kind} is not a task's scenario: name ${body.kind === 'deploy_failed' ? 'alg_id' : 'name_pattern'} instead of task_id.`);
          if (!body.project_id) throw new ScenarioError('task_id needs project_id, the task\'s project.');
          c.service.applyTaskScenario(body.project_id, body.task_id, taskScenarioOf(body));
          return { status: 201, body: { ...body, id: 'applied', remaining: 0 } };
        }
        return { status: 201, body: c.scenarios.add(body) };
      } catch (error) {
        if (error instanceof ScenarioError) throw problem(400, error.message);
        throw error;
      }
    },
    clearScenarios: (_, c) => (c.scenarios.clear(), { status: 204, body: undefined }),
    deleteScenario: ({ path }, c) => {
      if (!c.scenarios.delete(path.scenario_id)) throw problem(404, `No scenario ${path.scenario_id} is waiting.`);
      return { status: 204, body: undefined };
    },

    listFaults: (_, c) => ({ status: 200, body: { faults: c.faults.list() } }),
    addFault: ({ body }, c) => {
      try {
        return { status: 201, body: c.faults.add(body) };
      } catch (error) {
        if (error instanceof FaultError) throw problem(400, error.message);
        throw error;
      }
    },
    clearFaults: (_, c) => (c.faults.clear(), { status: 204, body: undefined }),
    deleteFault: ({ path }, c) => {
      if (!c.faults.delete(path.fault_id)) throw problem(404, `No fault ${path.fault_id} is waiting.`);
      return { status: 204, body: undefined };
    },

    setVideoSourceStatus: ({ path, query, body }, c) => {
      if (!c.service.setVideoSourceLevel) throw vasHasNo('A video source');
      return { status: 200, body: c.service.setVideoSourceLevel(query.project_id, path.video_source_id, body.level) };
    },
    setEdgePoolState: ({ path, query, body }, c) => {
      if (!c.service.setEdgePoolState) throw vasHasNo('An edge pool');
      return { status: 200, body: c.service.setEdgePoolState(query.project_id, path.id, body.state) };
    },
    sendAlerts: async ({ path, query, body }, c) => {
      if (!c.service.sendAlerts) throw vasHasNo('Alerts');
      return { status: 200, body: { deliveries: await c.service.sendAlerts(query.project_id, path.task_id, body?.count ?? 1) } };
    },
    listDeliveries: ({ query }, c) => ({ status: 200, body: { deliveries: c.deliveries.last(query.limit ?? 100) } }),
  };
}

interface ControlRoute {
  operationId: string;
  check: RequestCheck;
  handle: (request: { path: Record<string, string>; query: Record<string, unknown>; body: unknown }) => unknown;
}

/**
 * The control API as a request handler beside the emulated API's: answers (and returns true)
 * for every path under `/_emulator/`, leaves the rest.
 */
export function controlApi(context: ControlContext) {
  const described = loadDescription();
  const faults = { invalid: (field: string | undefined, detail: string) => new ApiFault(400, { code: 'control', detail, ...(field === undefined ? {} : { param: field }) }) };
  const router = new Router<ControlRoute>();
  const all = handlers() as unknown as Record<string, (request: unknown, context: ControlContext) => unknown>;
  for (const op of described.spec.operations) {
    const handler = all[op.id];
    if (!handler) throw new Error(`the control API has no handler for ${op.id}`);
    router.add(op.method, op.path, { operationId: op.id, check: requestCheck(described, op, faults), handle: (request) => handler(request, context) });
  }

  const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { ...(text ? { 'Content-Type': `${type};charset=UTF-8` } : {}), 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };

  return async (req: IncomingMessage, res: ServerResponse, readBody: () => Promise<Buffer>): Promise<boolean> => {
    const target = req.url ?? '/';
    if (!target.startsWith(PREFIX)) return false;
    const q = target.indexOf('?');
    const pathname = q === -1 ? target : target.slice(0, q);
    try {
      let lookup;
      try {
        lookup = router.lookup(req.method ?? 'GET', pathname);
      } catch {
        throw problem(400, `${pathname} is not valid percent-encoded text.`);
      }
      if (lookup === undefined) throw problem(404, `No control operation at ${req.method} ${pathname} (see the control API's description, dist/control.yaml).`);
      if (!('found' in lookup)) throw problem(405, `${pathname} takes ${lookup.methods.join(', ')}, not ${req.method}.`);
      let raw: Buffer;
      try {
        raw = await readBody();
      } catch (error) {
        if (error instanceof BodyTooLarge) throw problem(400, `The request body is larger than ${BODY_LIMIT} bytes.`);
        throw error;
      }
      let body: unknown;
      if (raw.length) {
        try {
          body = parseBody(raw);
        } catch (error) {
          if (error instanceof BodyRefused) throw problem(400, error.message);
          throw error;
        }
      }
      const request = lookup.found.route.check(lookup.found.params, new URLSearchParams(q === -1 ? '' : target.slice(q + 1)), body, raw.length > 0);
      const result = (await lookup.found.route.handle(request)) as { status: number; body: unknown };
      // As the API's: answered once what it changed is on disk.
      await context.store.flushed();
      send(res, result.status, result.body);
    } catch (caught) {
      // What a scenario, a fault or an alert cannot do is the request's fault: 400, saying why.
      const error = caught instanceof ScenarioError || caught instanceof FaultError ? problem(400, caught.message) : caught;
      const fault = error instanceof ApiFault && error.content.code === 'control' ? error : undefined;
      if (!fault) {
        // A resource's own refusal (an unknown video source…) keeps its detail; anything else is ours.
        const detail = error instanceof ApiFault ? error.content.detail : error instanceof StorageError ? error.message : 'The control API failed to answer; see the emulator\'s log.';
        if (!(error instanceof ApiFault)) context.log(`vias-emulator: ${req.method} ${pathname} failed: ${(error as Error)?.stack ?? error}`);
        const status = error instanceof ApiFault ? (error.status >= 500 ? 500 : 404) : 500;
        send(res, status, { type: 'about:blank', title: TITLES[status], status, detail }, 'application/problem+json');
        return true;
      }
      send(res, fault.status, { type: 'about:blank', title: TITLES[fault.status] ?? 'Error', status: fault.status, detail: fault.content.detail }, 'application/problem+json');
    }
    return true;
  };
}

/** The request journal's record of one exchange of the emulated API (no header, query or body). */
export const journalRecord = (exchange: Exchange): RequestRecord => ({
  at: new Date().toISOString(),
  method: exchange.method,
  path: exchange.path,
  operation_id: exchange.operationId ?? null,
  status: exchange.status,
  duration_ms: Math.round(exchange.durationMs * 1000) / 1000,
});
