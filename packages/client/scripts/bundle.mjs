// esbuild's build for everything in this package that bundles (the size script, the browser
// test): in memory, and strict. esbuild only *warns* about some bundles that are broken, e.g.
// `Import "signParts" will always be undefined because the file "…/sign.js" has no exports`
// when it reads a module while a build is rewriting it; the bundle then fails at run time. So a
// warning is an error here, with esbuild's own text, and nothing is printed on the side.
import { build, formatMessages } from 'esbuild';

/** `build(options)` with `write: false`; rejects on any error or warning, with esbuild's messages. */
export async function bundle(options) {
  const result = await build({ ...options, write: false, logLevel: 'silent' });
  if (result.warnings.length) {
    const text = await formatMessages(result.warnings, { kind: 'warning', color: false });
    throw new Error(`esbuild warned, so the bundle cannot be trusted:\n${text.join('').trimEnd()}`);
  }
  return result;
}
