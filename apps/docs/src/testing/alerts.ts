import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createViasClient } from '@vias-openapi/client';
import { AlertParseError, isAlert, parseAlert, type AlertMessage } from '@vias-openapi/client/alerts';
import { startEmulator } from '@vias-openapi/emulator';
import { createControlClient } from '@vias-openapi/emulator/control';

// The receiver: one message per POST, parsed and typed; 400 for anything else.
const received: AlertMessage[] = [];
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    try {
      received.push(parseAlert(Buffer.concat(chunks)));
      response.writeHead(200).end();
    } catch (error) {
      response.writeHead(error instanceof AlertParseError ? 400 : 500).end();
    }
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const webhook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`;

const projectId = '6204a5bd270343b5885144cf9c8c158d';
// alertIntervalMs 0: alerts only when the test asks for them.
const emulator = await startEmulator({ port: 0, clock: () => Date.UTC(2026, 0, 5), transitionMs: 2000, alertIntervalMs: 0 });
try {
  const vias = createViasClient({ endpoint: emulator.url, projectId, auth: { token: 'any-token' } });
  const control = createControlClient(emulator.url);
  const { tasks } = await vias.createServiceTask({
    path: { service_name: 'c-intrusion-detection-cloud' },
    body: {
      name: 'gate-intrusion',
      service_version: '1.0',
      input: { type: 'url', data: [{ url: 'rtsp://127.0.0.1:554/gate-1' }] },
      output: { webhook: { url: webhook, headers: { 'X-Receiver-Key': 'tests' } } },
    },
  });
  const taskId = tasks![0]!.id!;
  await control.POST('/_emulator/clock', { body: { advance_ms: 4000 } }); // RUNNING

  const { data } = await control.POST('/_emulator/tasks/{task_id}/alerts', {
    params: { path: { task_id: taskId }, query: { project_id: projectId } },
    body: { count: 1 },
  });
  assert.equal(data?.deliveries[0]?.outcome, 'delivered');

  const [alert] = received;
  assert.ok(alert && isAlert(alert, 'intrusionAlert'));
  assert.equal(alert.task_id, taskId);
  assert.ok(alert.data.event_set.length > 0);

  const { data: record } = await control.GET('/_emulator/deliveries');
  assert.deepEqual(record?.deliveries.map((d) => d.message_id), [alert.message_id]);
} finally {
  await emulator.stop();
  receiver.close();
}
