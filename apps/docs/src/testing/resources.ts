import assert from 'node:assert/strict';
import { createViasClient } from '@vias-openapi/client';
import { startEmulator } from '@vias-openapi/emulator';
import { createControlClient } from '@vias-openapi/emulator/control';

const projectId = '6204a5bd270343b5885144cf9c8c158d';
const emulator = await startEmulator({ port: 0 });
try {
  const vias = createViasClient({ endpoint: emulator.url, projectId, auth: { token: 'any-token' } });
  const control = createControlClient(emulator.url);

  // A camera goes offline (level 2; 1 online, 9 abnormal).
  const { video_source_id } = await vias.createVideoSource({
    body: {
      video_source_name: 'gate-camera',
      access_type: 'cloud',
      type: 'url',
      type_config: '<type_config><url_address>rtsp://127.0.0.1:554/gate</url_address></type_config>',
    },
  });
  await control.PUT('/_emulator/video-sources/{video_source_id}/status', {
    params: { path: { video_source_id }, query: { project_id: projectId } },
    body: { level: '2' },
  });
  assert.equal((await vias.showVideoSourceDetail({ path: { video_source_id } })).status?.status, 'Offline');
  assert.equal((await vias.listVideoSources({ query: { status: ['2'] } })).total_number, 1);

  // An edge pool fails.
  const { id: poolId } = await vias.createEdgePool({ body: { name: 'pool-one', nodes: ['node-1'] } });
  await control.PUT('/_emulator/edge-pools/{id}/state', {
    params: { path: { id: poolId! }, query: { project_id: projectId } },
    body: { state: 'Abnormal' },
  });
  assert.equal((await vias.listEdgePools({ query: { state: 'Abnormal' } })).count, 1);
} finally {
  await emulator.stop();
}
