// The outcome of the type-checker's process (test/typecheck.ts): only a clean exit is a pass.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { outcome } from './typecheck.js';

const run = (script: string) =>
  promisify(execFile)(process.execPath, ['-e', script]).then(
    (result) => outcome(result),
    (error) => outcome(error),
  );

describe('the outcome of a tsc run', () => {
  it('is a pass only for exit code 0, with its output', async () => {
    expect(await run('console.log("ok")')).toEqual({ code: 0, output: 'ok' });
    expect(await run('console.log("error TS1"); process.exit(2)')).toEqual({ code: 2, output: 'error TS1' });
  });

  it('is a failure, saying so, for a process killed by a signal', async () => {
    expect(await run('process.kill(process.pid, "SIGKILL")')).toEqual({ code: 1, output: 'tsc was killed by SIGKILL' });
  });
});
