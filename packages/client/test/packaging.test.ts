import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { task } from './helpers/client.js';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';
import { describeRun, run as runToEnd } from './helpers/run.js';

// What a user gets from `npm install @vias-openapi/client`: the packed tarball, nothing else.
const run = promisify(execFile);
const packageDir = resolve(import.meta.dirname, '..');
const rootModules = resolve(packageDir, '../../node_modules');

let server: FixtureServer;
let tmp: string;
beforeAll(async () => {
  if (!existsSync(join(packageDir, 'dist/index.js'))) {
    throw new Error('packages/client/dist is missing: run `npx turbo run build --filter=@vias-openapi/client` first');
  }
  server = await startFixtureServer();
  tmp = await mkdtemp(join(tmpdir(), 'vias-client-pack-'));
});
afterAll(async () => {
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const signerDir = resolve(packageDir, '../signer');
const pack = async (...args: string[]) => {
  const { stdout } = await run('npm', ['pack', '--json', ...args], { cwd: packageDir });
  return JSON.parse(stdout)[0] as { filename: string; files: { path: string }[] };
};

// Packed once (its prepack runs the build through turbo), shared by the tests below.
let tarball: Promise<{ filename: string; files: { path: string }[] }> | undefined;
const packed = () => (tarball ??= pack('--pack-destination', tmp));

describe('the published package', { timeout: 120_000 }, () => {
  it('contains only dist/, README.md, CHANGELOG.md, LICENSE and package.json; prepack builds it', async () => {
    const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
    // `npm pack` of a clean clone must not ship an empty package: prepack runs the build.
    expect(manifest.scripts.prepack).toMatch(/turbo run build --filter=@vias-openapi\/client/);
    for (const field of ['repository', 'homepage', 'keywords', 'license']) expect(manifest, field).toHaveProperty(field);
    const paths = (await packed()).files.map((f) => f.path);
    for (const path of paths) expect(path).toMatch(/^(dist\/.+\.(js|d\.ts)|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/);
    expect(paths).toEqual(
      expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/error-codes.js', 'dist/generated/vias/schema.d.ts', 'dist/generated/vas/schema.d.ts', 'README.md', 'LICENSE', 'package.json']),
    );
  });

  it('its types resolve for every ESM consumer (are-the-types-wrong) and npm accepts it for publishing (dry run)', async () => {
    const { filename } = await packed();
    const attw = await runToEnd(join(rootModules, '.bin/attw'), [join(tmp, filename), '--profile', 'esm-only'], { cwd: tmp });
    expect(attw.code, describeRun('attw', attw)).toBe(0);
    const publish = await runToEnd('npm', ['publish', '--dry-run', join(tmp, filename)], { cwd: tmp });
    expect(publish.code, describeRun('npm publish --dry-run', publish)).toBe(0);
    expect(publish.stdout + publish.stderr).toContain('@vias-openapi/client@');
  });

  it('installs into a fresh project, imports, type-checks and calls showTask', async () => {
    const { filename } = await packed();
    const project = join(tmp, 'app');
    const installed = join(project, 'node_modules/@vias-openapi/client');
    await mkdir(installed, { recursive: true });
    await run('tar', ['-xzf', join(tmp, filename), '-C', installed, '--strip-components=1']);
    // Its sibling package, packed as it would be published.
    const signer = JSON.parse((await run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: signerDir })).stdout)[0];
    const signerInstalled = join(project, 'node_modules/@vias-openapi/signer');
    await mkdir(signerInstalled, { recursive: true });
    await run('tar', ['-xzf', join(tmp, signer.filename), '-C', signerInstalled, '--strip-components=1']);
    // The other runtime dependency (and its own dependency, for the types), as npm would install them.
    for (const dep of ['openapi-fetch', 'openapi-typescript-helpers']) {
      await symlink(join(rootModules, dep), join(project, 'node_modules', dep), 'dir');
    }
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    await writeFile(
      join(project, 'main.mjs'),
      `import { createViasClient, TERMINAL_STATES } from '@vias-openapi/client';
      const vias = createViasClient({ endpoint: process.env.VIAS_ENDPOINT, projectId: 'p1', auth: { token: 'tok' } });
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

    // The published .d.ts files resolve on their own: strict, NodeNext, no skipLibCheck.
    await writeFile(
      join(project, 'check.ts'),
      `import { createViasClient, type TaskDetail } from '@vias-openapi/client';
      const vias = createViasClient({ region: 'cn-north-4', projectId: 'p1', auth: { accessKey: 'a', secretKey: 's' } });
      export const detail: Promise<TaskDetail> = vias.showTask({ path: { task_id: 't1' } });
      // @ts-expect-error project_id is filled in by the client
      vias.showTask({ path: { task_id: 't1', project_id: 'p1' } });`,
    );
    const tsc = join(rootModules, 'typescript/bin/tsc');
    const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom'];
    const checked = await runToEnd(process.execPath, [tsc, ...flags, 'check.ts'], { cwd: project });
    // Exit code and output both: a tsc that crashes prints nothing on stdout.
    expect(checked.code, describeRun('tsc', checked)).toBe(0);
    expect(checked.stdout, describeRun('tsc', checked)).toBe('');
  });
});
