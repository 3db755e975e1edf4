import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { packPrivately, treeState } from '@vias-openapi/private-pack';

// What `npm publish` would ship: packed (prepack builds it), its types checked by
// are-the-types-wrong, accepted by `npm publish --dry-run`. Packed from a private copy with a
// private build (@vias-openapi/private-pack): this suite never writes the workspace's dist/,
// which the client's suites bundle and import while it runs.
const run = promisify(execFile);
const packageDir = resolve(import.meta.dirname, '..');
const bin = (name: string) => resolve(packageDir, '../../node_modules/.bin', name);
let tmp: string | undefined;
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('the published package', { timeout: 600_000 }, () => {
  it('ships dist, README and LICENSE; its types resolve (attw); npm accepts it (publish --dry-run)', async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vias-signer-pack-'));
    const before = await treeState(packageDir, ['dist', 'src']);
    const { tarball, files: paths, manifest } = await packPrivately(packageDir, tmp);
    expect(await treeState(packageDir, ['dist', 'src']), 'packing wrote into the workspace').toEqual(before);
    // prepack is the build itself, which packPrivately runs into its own copy.
    expect(manifest.scripts.prepack).toBe(manifest.scripts.build);
    for (const path of paths) expect(path).toMatch(/^(dist\/.+\.(js|d\.ts)|README\.md|LICENSE|package\.json)$/);
    expect(paths).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/verify.js']));
    await run(bin('attw'), [tarball, '--profile', 'esm-only'], { cwd: tmp });
    const published = await run('npm', ['publish', '--dry-run', tarball], { cwd: tmp });
    expect(published.stdout + published.stderr).toContain('@vias-openapi/signer@');
  });
});
