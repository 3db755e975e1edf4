import { execFile, type ExecFileOptions } from 'node:child_process';

export interface RunResult {
  /** Exit code, or null when the process was killed by a signal (or could not start). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started at all (ENOENT, …). */
  spawnError?: string;
}

/** Runs a command to completion and reports how it ended; never rejects. */
export function run(file: string, args: string[], options: ExecFileOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, ...options }, (error, stdout, stderr) => {
      const failure = error as (NodeJS.ErrnoException & { code?: number | string; signal?: NodeJS.Signals }) | null;
      const code = !failure ? 0 : typeof failure.code === 'number' ? failure.code : null;
      resolve({
        code,
        signal: failure?.signal ?? null,
        stdout: String(stdout),
        stderr: String(stderr),
        ...(failure && typeof failure.code === 'string' ? { spawnError: `${failure.code}: ${failure.message}` } : {}),
      });
    });
  });
}

/** A failure message with everything needed to see why a command failed. */
export const describeRun = (what: string, result: RunResult): string =>
  `${what} exited with code ${result.code}${result.signal ? ` (signal ${result.signal})` : ''}` +
  `${result.spawnError ? ` (${result.spawnError})` : ''}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
