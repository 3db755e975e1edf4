// Alerts: what a running task of an alerting algorithm POSTs to its `output.webhook` — one JSON
// message per alert, shaped as the vendor's example of its kind (the `webhooks` of the VIAS
// description; the catalogue says which kind each algorithm sends) with the task's own
// `task_id`, a `stream_id` from its input, a fresh `message_id` and the emulator's time in
// seconds. Algorithms whose output the vendor does not document send nothing.
//
// Delivery (the vendor documents none of this; the emulator's choices): POST, Content-Type
// application/json and the task's `output.webhook.headers`; a 2xx answer is delivered;
// otherwise, or without an answer within 5 s, two more attempts 1 s and 2 s later (the
// machine's time), then it is given up. A URL is called only when its host is one
// `--webhook-allow` names (loopback by default): the emulator never reaches other hosts. Every
// delivery is kept for `GET /_emulator/deliveries`.
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Generation } from '../api/generation.js';
import { maskUrl } from '../api/mask.js';
import type { Ring } from '../control/ring.js';
import type { components as control } from '../generated/control.js';
import type { View } from '../store/store.js';
import { taskState, type TaskRecord } from '../tasks/model.js';
import type { Catalogue } from './services.js';

type Delivery = control['schemas']['Delivery'];

export const DEFAULT_WEBHOOK_ALLOW = ['127.0.0.1', '::1', 'localhost'];
const ATTEMPTS = 3;
const TIMEOUT_MS = 5000;

interface Template {
  body: Record<string, unknown>;
  eventType: number;
}

/** Each alerting service's message template, from the description's webhooks; a startup error when one is missing. */
export function alertTemplates(generation: Generation, catalogue: Catalogue): Map<string, Template> {
  const out = new Map<string, Template>();
  for (const entry of catalogue.entries) {
    if (!entry.alert) continue;
    const example = generation.spec.webhooks.find((w) => w.name === entry.alert)?.body?.examples[0];
    if (!example) throw new Error(`the algorithm service ${entry.api} sends ${entry.alert}, which has no example among the VIAS description's webhooks`);
    const body = example.value as Record<string, unknown>;
    out.set(entry.api, { body, eventType: Number(body.event_type) });
  }
  return out;
}

export interface Alerts {
  /** Sends `count` alerts of a task now; rejects when the task cannot send any (why, for the control API). */
  send(view: View, task: TaskRecord, count: number): Promise<Delivery[]>;
  /** One alert from each running alerting task with a webhook (the automatic rate). */
  tick(view: View): void;
  /** Why a task sends no alert, or undefined when it does. */
  why(view: View, task: TaskRecord): string | undefined;
}

export function alerts(options: { templates: Map<string, Template>; allow: readonly string[]; deliveries: Ring<Delivery>; now: () => number }): Alerts {
  const allowed = new Set(options.allow.map((h) => h.toLowerCase().replace(/^\[|\]$/g, '')));

  const why = (view: View, task: TaskRecord) => {
    if (!options.templates.has(task.service_name)) return `Task ${task.id}'s algorithm (${task.service_name}) sends no alert the vendor documents.`;
    const url = (task.output as { webhook?: { url?: string } }).webhook?.url;
    if (!url) return `Task ${task.id} has no webhook output.`;
    const { state } = taskState(task, view.now);
    if (state !== 'RUNNING') return `Task ${task.id} is ${state}: only a RUNNING task sends alerts.`;
    return undefined;
  };

  /** The message of one alert of `task`. */
  const message = (task: TaskRecord): Record<string, unknown> & { message_id: string } => {
    const template = options.templates.get(task.service_name)!;
    const input = task.input.data?.[0] ?? {};
    const stream = input.video_source_id ?? input.url ?? input.device_id ?? input.id ?? task.id;
    return { ...template.body, task_id: task.id, stream_id: String(stream), message_id: randomUUID().toUpperCase(), timestamp: Math.floor(options.now() / 1000) };
  };

  /** One POST; resolves with the status, or rejects. */
  const post = (url: URL, headers: Record<string, string>, body: string) =>
    new Promise<number>((resolve, reject) => {
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
        url,
        { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) }, timeout: TIMEOUT_MS },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      request.on('error', reject);
      request.end(body);
    });

  async function deliver(task: TaskRecord): Promise<Delivery> {
    const webhook = (task.output as { webhook: { url: string; headers?: Record<string, string> } }).webhook;
    const body = message(task);
    const record = (outcome: Delivery['outcome'], attempts: number, extra: Partial<Delivery> = {}): Delivery => {
      const delivery: Delivery = {
        at: new Date().toISOString(),
        task_id: task.id,
        url: maskUrl(webhook.url),
        event_type: Number(body.event_type),
        message_id: body.message_id,
        outcome,
        attempts,
        ...extra,
      };
      options.deliveries.push(delivery);
      return delivery;
    };
    let url: URL;
    try {
      url = new URL(webhook.url);
    } catch {
      return record('refused', 0, { error: 'The webhook URL is not a URL.' });
    }
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    if (!/^https?:$/.test(url.protocol) || !allowed.has(host)) return record('refused', 0, { error: `${host} is not a host --webhook-allow names (${[...allowed].join(', ')}).` });
    const text = JSON.stringify(body);
    let last: Partial<Delivery> = {};
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        const status = await post(url, webhook.headers ?? {}, text);
        if (status >= 200 && status < 300) return record('delivered', attempt, { http_status: status });
        last = { http_status: status, error: `The receiver answered ${status}.` };
      } catch (error) {
        last = { error: (error as Error).message };
      }
      if (attempt < ATTEMPTS) await sleep(1000 * attempt);
    }
    return record('failed', ATTEMPTS, last);
  }

  return {
    why,
    async send(view, task, count) {
      const reason = why(view, task);
      if (reason) throw new Error(reason);
      const out: Delivery[] = [];
      for (let i = 0; i < count; i++) out.push(await deliver(task));
      return out;
    },
    tick(view) {
      for (const project of view.projects()) {
        for (const task of view.list<TaskRecord>('tasks', project)) if (!why(view, task)) void deliver(task);
      }
    },
  };
}
