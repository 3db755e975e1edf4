import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { task } from './helpers/client.js';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';
import { packPrivately, treeState, type Packed } from '@vias-openapi/private-pack';
import { describeRun, run as runToEnd } from './helpers/run.js';

// What a user gets from `npm install @vias-openapi/client`: the packed tarball, nothing else.
// Packed from a private copy with a private build (@vias-openapi/private-pack): this suite never
// writes the workspace's dist/ or src/, which other suites read while it runs.
const run = promisify(execFile);
const packageDir = resolve(import.meta.dirname, '..');
const signerDir = resolve(packageDir, '../signer');
const rootModules = resolve(packageDir, '../../node_modules');

let server: FixtureServer;
let tmp: string;
beforeAll(async () => {
  if (!existsSync(join(packageDir, 'src/generated/vias/schema.ts'))) {
    throw new Error('packages/client/src/generated is missing: run `npx turbo run generate --filter=@vias-openapi/client` first');
  }
  server = await startFixtureServer();
  tmp = await mkdtemp(join(tmpdir(), 'vias-client-pack-'));
});
afterAll(async () => {
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

// Packed once, shared by the tests below.
let packing: Promise<Packed> | undefined;
const packed = () => (packing ??= packPrivately(packageDir, tmp));

describe('the published package', { timeout: 600_000 }, () => {
  it('contains only dist/, README.md, CHANGELOG.md, LICENSE and package.json; prepack builds it', async () => {
    const { manifest, files: paths } = await packed();
    // `npm pack` of a clean clone must not ship an empty package: prepack runs the build (the
    // `build` script, through turbo so that the spec, the generated sources and the signer come
    // first), and that build alone produces every file below (packPrivately runs it privately).
    expect(manifest.scripts.prepack).toMatch(/turbo run build --filter=@vias-openapi\/client/);
    expect(manifest.scripts.build).toBe('tsc -p tsconfig.build.json');
    for (const field of ['repository', 'homepage', 'keywords', 'license']) expect(manifest, field).toHaveProperty(field);
    for (const path of paths) expect(path).toMatch(/^(dist\/.+\.(js|d\.ts)|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/);
    expect(paths).toEqual(
      expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/error-codes.js', 'dist/alerts.js', 'dist/alerts.d.ts', 'dist/generated/vias/alerts.js', 'dist/generated/vias/schema.d.ts', 'dist/generated/vas/schema.d.ts', 'README.md', 'LICENSE', 'package.json']),
    );
  });

  it("packing writes nothing into this package's dist/ or src/, nor the signer's dist/", async () => {
    const before = { client: await treeState(packageDir, ['dist', 'src']), signer: await treeState(signerDir, ['dist']) };
    await packed();
    await packPrivately(signerDir, tmp);
    expect({ client: await treeState(packageDir, ['dist', 'src']), signer: await treeState(signerDir, ['dist']) }).toEqual(before);
  });

  it('its types resolve for every ESM consumer (are-the-types-wrong) and npm accepts it for publishing (dry run)', async () => {
    const { tarball } = await packed();
    const attw = await runToEnd(join(rootModules, '.bin/attw'), [tarball, '--profile', 'esm-only'], { cwd: tmp });
    expect(attw.code, describeRun('attw', attw)).toBe(0);
    const publish = await runToEnd('npm', ['publish', '--dry-run', tarball], { cwd: tmp });
    expect(publish.code, describeRun('npm publish --dry-run', publish)).toBe(0);
    expect(publish.stdout + publish.stderr).toContain('@vias-openapi/client@');
  });

  it('installs into a fresh project, imports, type-checks and calls showTask', async () => {
    const { tarball } = await packed();
    const project = join(tmp, 'app');
    const installed = join(project, 'node_modules/@vias-openapi/client');
    await mkdir(installed, { recursive: true });
    await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
    // Its sibling package, packed as it would be published (privately too).
    const signer = await packPrivately(signerDir, tmp);
    const signerInstalled = join(project, 'node_modules/@vias-openapi/signer');
    await mkdir(signerInstalled, { recursive: true });
    await run('tar', ['-xzf', signer.tarball, '-C', signerInstalled, '--strip-components=1']);
    // The other runtime dependency (and its own dependency, for the types), as npm would install them.
    for (const dep of ['openapi-fetch', 'openapi-typescript-helpers']) {
      await symlink(join(rootModules, dep), join(project, 'node_modules', dep), 'dir');
    }
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    await writeFile(
      join(project, 'main.mjs'),
      `import { createViasClient, TERMINAL_STATES } from '@vias-openapi/client';
      const vias = createViasClient({ endpoint: process.env.VIAS_ENDPOINT, projectId: 'p1', auth: { token: 'tok' }, timeoutMs: 600_000 });
      const detail = await vias.showTask({ path: { task_id: 't1' } });
      console.log(JSON.stringify({ state: detail.state, terminal: TERMINAL_STATES.includes(detail.state) }));`,
    );
    server.reply({ body: task('SUCCEEDED') });
    const env = { ...process.env, VIAS_ENDPOINT: server.url };
    const { stdout } = await run(process.execPath, ['main.mjs'], { cwd: project, env });
    expect(JSON.parse(stdout)).toEqual({ state: 'SUCCEEDED', terminal: true });
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/v2/p1/tasks/t1' });
    expect(server.requests[0]?.headers['x-auth-token']).toBe('tok');

    // CommonJS callers load it with require(esm), unflagged from Node 20.19 (the engines floor):
    // this needs the `default` export condition, not `import`.
    await writeFile(
      join(project, 'main.cjs'),
      `const { createViasClient, TERMINAL_STATES } = require('@vias-openapi/client');
      console.log(JSON.stringify({ create: typeof createViasClient, states: TERMINAL_STATES.length }));`,
    );
    const required = await runToEnd(process.execPath, ['main.cjs'], { cwd: project });
    expect(required.code, describeRun('node main.cjs', required)).toBe(0);
    expect(JSON.parse(required.stdout)).toMatchObject({ create: 'function' });

    // The alerts' entry point: the parser, with its tables, from the tarball alone.
    await writeFile(
      join(project, 'alerts.mjs'),
      `import { parseAlert, alertKind } from '@vias-openapi/client/alerts';
      const alert = parseAlert(JSON.stringify({ event_type: 75008, task_id: 't', stream_id: 's', message_id: 'm', timestamp: 1, data: { vehicles: [] } }));
      console.log(alertKind(alert));`,
    );
    const alerts = await runToEnd(process.execPath, ['alerts.mjs'], { cwd: project });
    expect(alerts.code, describeRun('node alerts.mjs', alerts)).toBe(0);
    expect(alerts.stdout.trim()).toBe('vehicleAlert');

    // The published .d.ts files resolve on their own: strict, NodeNext, no skipLibCheck.
    await writeFile(
      join(project, 'check.ts'),
      `import { createViasClient, type TaskDetail } from '@vias-openapi/client';
      import { parseAlert, type VehicleAlert } from '@vias-openapi/client/alerts';
      const vias = createViasClient({ region: 'cn-north-4', projectId: 'p1', auth: { accessKey: 'a', secretKey: 's' } });
      export const detail: Promise<TaskDetail> = vias.showTask({ path: { task_id: 't1' } });
      // @ts-expect-error project_id is filled in by the client
      vias.showTask({ path: { task_id: 't1', project_id: 'p1' } });
      const alert = parseAlert('{}');
      export const vehicle: VehicleAlert | undefined = alert.event_type === 75008 ? alert : undefined;`,
    );
    const tsc = join(rootModules, 'typescript/bin/tsc');
    const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom'];
    const checked = await runToEnd(process.execPath, [tsc, ...flags, 'check.ts'], { cwd: project });
    // Exit code and output both: a tsc that crashes prints nothing on stdout.
    expect(checked.code, describeRun('tsc', checked)).toBe(0);
    expect(checked.stdout, describeRun('tsc', checked)).toBe('');
  });
});
