// Compiles TypeScript samples as a reader would use them: each in a file of its own, with the
// repository's strict settings, against the built packages, which resolve through the docs
// workspace's node_modules exactly as they do for a user of the packages. Never rejects: the
// test that asked reports tsc's output.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
const docsDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(docsDir, '../..');

type ExecError = Error & { code?: number | string | null; signal?: NodeJS.Signals | null; stdout?: string; stderr?: string };

/**
 * What a run of execFile (promisified) came to: its exit code and output. A process killed by a
 * signal (code null) or that could not start (code a string such as ENOENT) is a failure (1),
 * and its output says why.
 */
export function outcome(result: { stdout?: string; stderr?: string } | ExecError): { code: number; output: string } {
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (!(result instanceof Error)) return { code: 0, output };
  if (typeof result.code === 'number') return { code: result.code, output };
  const why = result.signal ? `tsc was killed by ${result.signal}` : `tsc did not run: ${result.message}`;
  return { code: 1, output: output ? `${why}\n${output}` : why };
}

/** Type-checks `files` (name → source, each a module) in a scratch directory under apps/docs/.tmp. */
export async function typecheck(files: Map<string, string>): Promise<{ code: number; output: string }> {
  // Inside apps/docs so that the packages resolve as they do for the docs workspace.
  await mkdir(join(docsDir, '.tmp'), { recursive: true });
  const dir = await mkdtemp(join(docsDir, '.tmp/samples-'));
  try {
    for (const [name, source] of files) await writeFile(join(dir, name), source);
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: join(repoRoot, 'tsconfig.base.json'),
        compilerOptions: { noEmit: true, types: ['node'] },
        include: ['*.ts'],
      }),
    );
    const tsc = require.resolve('typescript/bin/tsc');
    return outcome(await promisify(execFile)(process.execPath, [tsc, '-p', dir]).catch((error: ExecError) => error));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
