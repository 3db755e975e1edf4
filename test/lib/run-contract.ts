// Provider mode's CLI (contract/cli.mjs) as a child process, for the tests that run it
// (provider.test.ts, emulator.test.ts): one way to run it, with the caller's VIAS_* variables
// left out, and no CLI outliving the test file that started it.
import { type ChildProcess, execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const CLI = fileURLToPath(new URL('../contract/cli.mjs', import.meta.url));

/** The environment without the caller's VIAS_* variables: credentials of the caller's shell must not leak into the runs. */
export const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VIAS_')));

// Loaded before the CLI: prints the process's peak resident set size when it exits.
const REPORT_RSS = 'data:text/javascript,process.on("exit",()=>process.stderr.write("peak RSS "+process.resourceUsage().maxRSS+" kB\\n"))';

export interface Run {
  code: number;
  out: string;
  /** Peak RSS of the CLI in kB, from process.resourceUsage(). */
  peakRssKb: number;
}

/** Every CLI started here and still running. */
const running = new Set<ChildProcess>();
// If vitest dies mid-run, this worker can outlive it: stop the CLIs then.
process.once('disconnect', () => running.forEach((c) => c.kill('SIGKILL')));

/**
 * `runContract(env, ...args)` for the calling test file (call it at the file's top level): runs
 * the CLI to its end and resolves `{ code, out, peakRssKb }`; never rejects. A CLI still running
 * when the file's tests are done (one that hung) is SIGKILLed in the file's afterAll, not left
 * behind. (A function, not a module-level afterAll: with `isolate: false` this module is
 * evaluated once for all files.)
 */
export function contractRunner() {
  const mine = new Set<ChildProcess>();
  afterAll(() => mine.forEach((c) => c.kill('SIGKILL')));

  /** Runs the CLI to its end: no deadline here (its own bound it), only the test's backstop. */
  return function runContract(env: Record<string, string>, ...args: string[]): Promise<Run> {
    return new Promise((resolve) => {
      const options = { env: { ...CLEAN_ENV, ...env }, maxBuffer: 64 * 1024 * 1024 };
      // The CLI's own deadline only where a test is about it; elsewhere a backstop a busy machine cannot reach.
      const deadline = args.includes('--timeout-ms') ? [] : ['--timeout-ms', '600000'];
      const child = execFile(process.execPath, ['--import', REPORT_RSS, CLI, ...args, ...deadline], options, (error, stdout, stderr) => {
        mine.delete(child);
        running.delete(child);
        const peakRssKb = Number(/^peak RSS (\d+) kB$/m.exec(stderr)?.[1] ?? NaN);
        resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr.replace(/^peak RSS \d+ kB\n/m, ''), peakRssKb });
      });
      mine.add(child);
      running.add(child);
    });
  };
}
