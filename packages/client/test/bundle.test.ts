// Every bundle this package makes (the browser test's page, the size budget) goes through
// scripts/bundle.mjs, where an esbuild warning is a failure. The case that made it so: esbuild
// reading a module of dist/ while a build had it empty only *warns*, and the bundle then fails
// at run time (`TypeError: (void 0) is not a function`, the four AK/SK cases of the browser test).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../scripts/bundle.mjs';
import { bundleForBrowser } from './helpers/browser-bundle.js';

/** esbuild reads the signer's dist/sign.js as empty, as it was for a moment while tsc rewrote it. */
const emptySign: Plugin = {
  name: 'empty-signer-sign-js',
  setup(build) {
    build.onLoad({ filter: /[\\/]signer[\\/]dist[\\/]sign\.js$/ }, () => ({ contents: '', loader: 'js' }));
  },
};
const WARNING = /Import "signParts" will always be undefined because the file "[^"]*signer\/dist\/sign\.js" has no exports/;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'vias-bundle-'));
  await writeFile(join(tmp, 'empty.js'), '');
  await writeFile(join(tmp, 'entry.js'), "import { signParts } from './empty.js';\nexport const sign = () => signParts();\n");
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('a bundle made against an empty module', () => {
  it('is only a warning to esbuild itself: the build succeeds and the import is undefined', async () => {
    const result = await build({ entryPoints: [join(tmp, 'entry.js')], bundle: true, format: 'esm', absWorkingDir: tmp, write: false, logLevel: 'silent' });
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.text)).toEqual(['Import "signParts" will always be undefined because the file "empty.js" has no exports']);
    expect(result.outputFiles[0]!.text).toContain('(void 0)()');
  });

  it('fails scripts/bundle.mjs, with the warning esbuild gave', async () => {
    await expect(bundle({ entryPoints: [join(tmp, 'entry.js')], bundle: true, format: 'esm', absWorkingDir: tmp })).rejects.toThrow(
      /esbuild warned, so the bundle cannot be trusted:\n.*Import "signParts" will always be undefined because the file "empty\.js" has no exports/s,
    );
  });

  it("fails the browser test's bundle when the signer's dist/sign.js reads as empty", async () => {
    const error = await bundleForBrowser([emptySign]).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(WARNING);
  });

  it('the same bundle, read as built, has no warning', async () => {
    expect(await bundleForBrowser()).toContain('signParts');
  });
});
