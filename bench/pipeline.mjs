// Wall time of the developer loop: a cold build, a no-change build, and the test suite.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The repo's own turbo binary: `npx turbo` would add npx's own start-up (~0.3 s) to
// every figure, which is not the pipeline's cost.
const turbo = `${root}node_modules/.bin/turbo`;
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

function timed(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) throw r.error;
  return { s, ok: r.status === 0, out: `${r.stdout}\n${r.stderr}` };
}

const tail = (out) => out.trim().split('\n').slice(-15).join('\n');

/** @param {{ log?: (line: string) => void }} [options] */
export function pipeline({ log = () => {} } = {}) {
  // --force: ignore turbo's cache and rerun every task, without deleting anything in
  // the working tree (other engineers are editing it).
  log('  pipeline: turbo run build --force (cold)');
  const cold = timed(turbo, ['run', 'build', '--force']);
  if (!cold.ok) throw new Error(`cold build failed:\n${tail(cold.out)}`);

  // Nothing changed since the cold run, so every task should be a cache hit.
  log('  pipeline: turbo run build (warm)');
  const warm = timed(turbo, ['run', 'build']);
  if (!warm.ok) throw new Error(`warm build failed:\n${tail(warm.out)}`);
  const fullTurbo = /FULL TURBO/.test(warm.out);

  // Plain `npm test` replays turbo's cached test logs (well under a second) when the tests
  // already ran on the same inputs, which says nothing about the suite. --force reruns
  // the test tasks; --only keeps turbo from re-running their build dependencies, which
  // the two runs above already cover.
  log('  pipeline: npm test -- --force --only');
  const test = timed('npm', ['test', '--', '--force', '--only']);
  if (!test.ok) log(`  pipeline: npm test FAILED (time still recorded):\n${tail(test.out)}`);

  return {
    build_cold_s: cold.s,
    build_warm_s: warm.s,
    build_warm_full_turbo: fullTurbo,
    test_s: test.s,
    test_ok: test.ok,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(pipeline({ log: console.error }));
