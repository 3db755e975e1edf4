// An export (GET /_emulator/state) and the deliveries' record show no secret of either
// generation: an input VCN's user name and password, the user information of an input URL, the
// webhook's header values, the user information and query of its URL.
import { describe, expect, it } from 'vitest';
import { createControlClient } from '../src/control/client.js';
import { client, create, emulator, PROJECT, SERVICE, vasClient } from './helpers.js';

const SECRETS = /vcn-user|vcn-pass|cam-user|cam-pass|hook-user|hook-pass|tok-123|hdr-secret/;
const project = { params: { query: { project_id: PROJECT } } };
const output = { webhook: { url: 'http://hook-user:hook-pass@127.0.0.1:9/hook?access_token=tok-123', headers: { appKey: 'hdr-secret' } } };

describe('an export', () => {
  it('of VIAS masks every secret of a task, and is imported back', async () => {
    const { url } = await emulator();
    const vias = client(url);
    await create(vias, { name: 'vcn', service_version: '1.0', input: { type: 'vcn', vcn: { ip: '10.0.0.1', port: 9900, username: 'vcn-user', password: 'vcn-pass' }, data: [{ device_id: '01234567890123456789#0123456789abcdef0123456789abcdef' }] }, output } as never);
    await create(vias, { name: 'url', service_version: '1.0', input: { type: 'url', data: [{ url: 'rtsp://cam-user:cam-pass@127.0.0.1:554/live' }] }, output } as never);
    const { data: state } = await createControlClient(url).GET('/_emulator/state', project);
    expect(state!.collections.tasks).toHaveLength(2);
    expect(JSON.stringify(state)).not.toMatch(SECRETS);
    expect(JSON.stringify(state)).toContain('rtsp://******@127.0.0.1:554/live');
    expect(JSON.stringify(state)).toContain('http://******@127.0.0.1:9/hook?******');
    const other = await emulator();
    expect((await createControlClient(other.url).PUT('/_emulator/state', { body: state! })).data).toEqual({ records: 2 });
  });

  it('of VAS masks every secret of a job', async () => {
    const { url } = await emulator({ generation: 'vas' });
    const vas = vasClient(url);
    const input = { type: 'url', data: [{ url: 'rtsp://cam-user:cam-pass@127.0.0.1/live' }], vcn: { ip: '10.0.0.1', port: 9900, username: 'vcn-user', password: 'vcn-pass' } };
    await vas.createTasks({ path: { service_name: SERVICE }, body: { name: 'job', service_version: '1.0', input, output } as never });
    const { data: state } = await createControlClient(url).GET('/_emulator/state', project);
    expect(state!.collections.tasks).toHaveLength(1);
    expect(JSON.stringify(state)).not.toMatch(SECRETS);
  });
});
