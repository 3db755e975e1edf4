import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// What `npm publish` would ship: packed (prepack builds it), its types checked by
// are-the-types-wrong, accepted by `npm publish --dry-run`.
const run = promisify(execFile);
const packageDir = resolve(import.meta.dirname, '..');
const bin = (name: string) => resolve(packageDir, '../../node_modules/.bin', name);
let tmp: string | undefined;
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('the published package', { timeout: 120_000 }, () => {
  it('ships dist, README and LICENSE; its types resolve (attw); npm accepts it (publish --dry-run)', async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vias-signer-pack-'));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: packageDir });
    const { filename, files } = JSON.parse(stdout)[0] as { filename: string; files: { path: string }[] };
    const paths = files.map((f) => f.path);
    for (const path of paths) expect(path).toMatch(/^(dist\/.+\.(js|d\.ts)|README\.md|LICENSE|package\.json)$/);
    expect(paths).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/verify.js']));
    await run(bin('attw'), [join(tmp, filename), '--profile', 'esm-only'], { cwd: tmp });
    const published = await run('npm', ['publish', '--dry-run', join(tmp, filename)], { cwd: tmp });
    expect(published.stdout + published.stderr).toContain('@vias-openapi/signer@');
  });
});
