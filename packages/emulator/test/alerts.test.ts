// Alerts end to end: a running task of each alerting algorithm POSTs its kind's message to a
// receiver on 127.0.0.1; each message holds to its webhook's schema in the VIAS description and
// parses with the client's parseAlert; hosts outside --webhook-allow are never called; a
// receiver that fails gets three attempts; the automatic rate sends from alerting tasks only.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { alertKind, parseAlert } from '@vias-openapi/client/alerts';
import { generations } from '@vias-openapi/spec/bundle';
import { validatorFor } from '@vias-openapi/spec/validate';
import { describe, expect, it } from 'vitest';
import { createControlClient } from '../src/control/client.js';
import { client, create, emulator, fileTask, manualClock, onCleanup, PROJECT, streamTask } from './helpers.js';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 (closed after the test) answering `status(n)` to its n-th request. */
async function receiver(status: (n: number) => number = () => 200) {
  const received: Received[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method!, path: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(status(received.length)).end();
      for (const w of waiting.filter((w) => received.length >= w.count)) w.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    /** Resolves once `count` requests have arrived. */
    until: (count: number) => new Promise<void>((resolve) => (received.length >= count ? resolve() : waiting.push({ count, resolve }))),
  };
}

const T = 1000;
const project = { params: { query: { project_id: PROJECT } } };

/** An emulator whose tasks run once its clock has moved 2 transitions; no automatic alerts. */
async function running(options: Parameters<typeof emulator>[0] = {}) {
  const clock = manualClock();
  const e = await emulator({ clock, transitionMs: T, alertIntervalMs: 0, ...options });
  const vias = client(e.url);
  const control = createControlClient(e.url);
  const task = async (service: string, webhook: string, headers: Record<string, string> = { 'X-Test': 'alerts' }) => {
    const id = await create(vias, { ...streamTask(), output: { webhook: { url: webhook, headers } } }, service);
    clock.advance(2 * T);
    expect((await vias.showTask({ path: { task_id: id } })).state).toBe('RUNNING');
    return id;
  };
  const send = (taskId: string, count = 1) => control.POST('/_emulator/tasks/{task_id}/alerts', { params: { path: { task_id: taskId }, query: { project_id: PROJECT } }, body: { count } });
  return { ...e, clock, vias, control, task, send };
}

const { webhooks } = generations.vias;
const { validate } = validatorFor('vias');
// The alerting algorithms of the built-in catalogue that take a URL input, one per kind.
const ALGORITHMS: Record<string, string> = {
  intrusionAlert: 'c-intrusion-detection-cloud',
  crowdDensityAlert: 'c-crowd-density-cloud',
  crowdPeakCountAlert: 'c-crowd-peak-count-cloud',
  peopleFlowLineCrossingAlert: 'c-people-flow-count-cloud',
  vehicleAlert: 'c-vehicle-analysis-cloud',
  faceExtractionAlert: 'c-face-extraction-edge',
};

describe('alerts', () => {
  it('covers every webhook of the VIAS description', () => {
    expect(Object.keys(ALGORITHMS).sort()).toEqual(webhooks.map((w) => w.name).sort());
  });

  it.each(webhooks.map((w) => [w.name, w] as const))('a running task of %s sends its kind of message, valid to the description, to its webhook', async (name, webhook) => {
    const hook = await receiver();
    const e = await running();
    const id = await e.task(ALGORITHMS[name]!, `${hook.url}/alerts?from=vias`, { appKey: 'receiver-app-key' });
    const { data, response } = await e.send(id, 2);
    expect(response.status).toBe(200);
    expect(data!.deliveries).toHaveLength(2);
    for (const d of data!.deliveries) expect(d).toMatchObject({ task_id: id, outcome: 'delivered', attempts: 1, http_status: 200, url: `${hook.url}/alerts?******` });

    expect(hook.received).toHaveLength(2);
    for (const [i, request] of hook.received.entries()) {
      expect(request).toMatchObject({ method: 'POST', path: '/alerts?from=vias' });
      expect(request.headers).toMatchObject({ 'content-type': 'application/json', appkey: 'receiver-app-key' });
      const body = JSON.parse(request.body);
      expect(validate(webhook.body!.schema, body)).toBeNull();
      expect(webhook.eventTypes).toContain(body.event_type);
      const alert = parseAlert(request.body);
      expect(alertKind(alert)).toBe(name);
      expect(alert).toMatchObject({ task_id: id, stream_id: 'rtsp://127.0.0.1:554/camera-0001', message_id: data!.deliveries[i]!.message_id, timestamp: Math.floor(e.clock() / 1000) });
    }
    expect(hook.received[0]!.body).not.toBe(hook.received[1]!.body); // each alert its own message_id
    // The deliveries' record keeps them, without the receiver's headers.
    const { data: record } = await e.control.GET('/_emulator/deliveries', {});
    expect(record!.deliveries.map((d) => d.message_id)).toEqual(data!.deliveries.map((d) => d.message_id));
    expect(JSON.stringify(record)).not.toContain('receiver-app-key');
  });

  it('says why a task sends nothing: not running, no webhook, an algorithm whose output is not documented, no such task', async () => {
    const hook = await receiver();
    const e = await running();
    const silent = await e.task('video-analyze', `${hook.url}/hook`);
    expect((await e.send(silent)).error).toMatchObject({ status: 400, detail: expect.stringMatching(/\(video-analyze\) sends no alert the vendor documents/) });

    const noWebhook = await create(e.vias, fileTask(), 'c-intrusion-detection-cloud');
    expect((await e.send(noWebhook)).error).toMatchObject({ status: 400, detail: `Task ${noWebhook} has no webhook output.` });

    const stopped = await e.task('c-intrusion-detection-cloud', `${hook.url}/hook`);
    await e.vias.startStopTask({ path: { task_id: stopped, command: 'stop' } });
    expect((await e.send(stopped)).error).toMatchObject({ status: 400, detail: expect.stringMatching(/is STOPPING: only a RUNNING task sends alerts/) });

    expect((await e.send('6a1f0c3e-0000-4000-8000-000000000000')).response.status).toBe(404);
    expect(hook.received).toHaveLength(0);
  });

  it('never calls a host --webhook-allow does not name; masks the user information of a URL in the record', async () => {
    const hook = await receiver();
    const e = await running({ webhookAllow: ['localhost'] });
    const port = new URL(hook.url).port;
    const outside = await e.task('c-vehicle-analysis-cloud', `${hook.url}/hook`);
    const { data } = await e.send(outside);
    expect(data!.deliveries[0]).toMatchObject({ outcome: 'refused', attempts: 0, error: '127.0.0.1 is not a host --webhook-allow names (localhost).' });
    const elsewhere = await e.task('c-vehicle-analysis-cloud', 'https://example.com/hook');
    expect((await e.send(elsewhere)).data!.deliveries[0]).toMatchObject({ outcome: 'refused', attempts: 0, error: expect.stringMatching(/^example\.com is not a host/) });
    expect(hook.received).toHaveLength(0);


    // Loopback (the default) is allowed: delivered, the URL's credentials as Basic authentication.
    const loopback = await running();
    const named = await loopback.task('c-vehicle-analysis-cloud', `http://alice:receiver-password@127.0.0.1:${port}/hook`);
    expect((await loopback.send(named)).data!.deliveries[0]).toMatchObject({ outcome: 'delivered', url: `http://******@127.0.0.1:${port}/hook` });
    expect(hook.received[0]!.headers.authorization).toBe(`Basic ${Buffer.from('alice:receiver-password').toString('base64')}`);
    const { data: record } = await loopback.control.GET('/_emulator/deliveries', {});
    expect(record!.deliveries[0]!.url).toBe(`http://******@127.0.0.1:${port}/hook`);
    expect(JSON.stringify(record)).not.toContain('receiver-password');
  });

  it('tries a failing receiver three times with the same message, then records the failure', async () => {
    const hook = await receiver((n) => (n < 3 ? 503 : 200));
    const e = await running();
    const id = await e.task('c-crowd-density-cloud', `${hook.url}/hook`);
    const broken = await receiver(() => 500);
    const failing = await e.task('c-crowd-density-cloud', `${broken.url}/hook`);
    // Both at once: each waits 1 s and 2 s between its attempts.
    const [recovered, failed] = await Promise.all([e.send(id), e.send(failing)]);
    expect(recovered.data!.deliveries[0]).toMatchObject({ outcome: 'delivered', attempts: 3, http_status: 200 });
    expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
    expect(failed.data!.deliveries[0]).toMatchObject({ outcome: 'failed', attempts: 3, http_status: 500, error: 'The receiver answered 500.' });
    expect(broken.received).toHaveLength(3);
  });

  it('at the automatic rate, sends from each running alerting task with a webhook, and from no other', async () => {
    const hook = await receiver();
    const e = await running({ alertIntervalMs: 20 });
    const alerting = await e.task('c-intrusion-detection-cloud', `${hook.url}/alerting`);
    await e.task('video-analyze', `${hook.url}/silent`);
    await hook.until(3);
    expect(hook.received.slice(0, 3).map((r) => [r.path, JSON.parse(r.body).task_id])).toEqual(Array(3).fill(['/alerting', alerting]));
    const { data } = await e.control.GET('/_emulator/deliveries', {});
    expect(data!.deliveries.length).toBeGreaterThanOrEqual(3);
    expect(new Set(data!.deliveries.map((d) => d.task_id))).toEqual(new Set([alerting]));
  });
});
