// The same file as packages/signer/test/helpers/pack.ts (each package's tests keep their own).
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const rootModules = resolve(import.meta.dirname, '../../../../node_modules');

export interface Packed {
  /** The tarball's path. */
  tarball: string;
  /** Paths inside the package, as `npm pack --json` lists them. */
  files: string[];
  manifest: { name: string; version: string; files: string[]; scripts: Record<string, string> } & Record<string, unknown>;
}

/** Runs a command; rejects with its exit code and both outputs. */
const run = (file: string, args: string[], cwd: string) =>
  new Promise<string>((resolve, reject) =>
    execFile(file, args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${file} ${args.join(' ')} failed (${error.code}):\n${stdout}\n${stderr}`)) : resolve(stdout),
    ),
  );

/**
 * `npm pack` of a workspace package without writing anything in the workspace, since other
 * suites read its dist/ at the same time (issue 17: `prepack` rebuilding dist/ in place let
 * esbuild read an empty module). The package's `files` but dist/, and its package.json, are
 * copied to a private directory under `tmp`; dist/ is built there by the package's own `build`
 * script (`tsc -p tsconfig.build.json`, what `prepack` runs) with `--outDir` pointing into the
 * copy; then npm packs the copy with `--ignore-scripts` into `tmp/tarballs`. The workspace is
 * only read.
 */
export async function packPrivately(packageDir: string, tmp: string): Promise<Packed> {
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as Packed['manifest'];
  const [command, ...args] = (manifest.scripts.build ?? '').split(' ');
  if (command !== 'tsc') throw new Error(`${manifest.name}: its build is \`${manifest.scripts.build}\`; packPrivately can redirect only tsc's output`);
  const copy = await mkdtemp(join(tmp, 'package-'));
  for (const entry of manifest.files.filter((f) => f !== 'dist')) await cp(join(packageDir, entry), join(copy, entry), { recursive: true });
  await cp(join(packageDir, 'package.json'), join(copy, 'package.json'));
  await run(process.execPath, [join(rootModules, 'typescript/bin/tsc'), ...args, '--outDir', join(copy, 'dist')], packageDir);
  const destination = join(tmp, 'tarballs');
  await mkdir(destination, { recursive: true });
  const stdout = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], copy);
  const [{ filename, files }] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
  return { tarball: join(destination, filename), files: files.map((f) => f.path), manifest };
}

/** Every file under `dirs` (relative to `root`) with its size and mtime: to show a run left them alone. */
export async function treeState(root: string, dirs: string[]): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  for (const dir of dirs) {
    for (const entry of await readdir(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      const { size, mtimeMs } = await stat(path);
      state[path.slice(root.length + 1)] = `${size} bytes, mtime ${mtimeMs}`;
    }
  }
  return state;
}
