// Packaging tests run while other suites read the same workspace's dist/ (issue 17: `prepack`
// rebuilding dist/ in place let esbuild read an empty module), so they pack from a private copy.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/**
 * Runs a command; rejects with its exit code and both outputs.
 * @param {string} file
 * @param {string[]} args
 * @param {string} cwd
 * @returns {Promise<string>}
 */
const run = (file, args, cwd) =>
  new Promise((resolve, reject) =>
    execFile(file, args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${file} ${args.join(' ')} failed (${error.code}):\n${stdout}\n${stderr}`)) : resolve(stdout),
    ),
  );

/**
 * The package's `files` but dist/, and its package.json, are copied to a private directory under
 * `tmp`; dist/ is built there by the package's own `build` script (`tsc -p tsconfig.build.json`,
 * what `prepack` runs) with `--outDir` pointing into the copy; then npm packs the copy with
 * `--ignore-scripts` into `tmp/tarballs`. The workspace is only read.
 * @type {typeof import('./index.d.ts').packPrivately}
 */
export async function packPrivately(packageDir, tmp) {
  /** @type {import('./index.d.ts').Packed['manifest']} */
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
  const [command, ...args] = (manifest.scripts.build ?? '').split(' ');
  if (command !== 'tsc') throw new Error(`${manifest.name}: its build is \`${manifest.scripts.build}\`; packPrivately can redirect only tsc's output`);
  const copy = await mkdtemp(join(tmp, 'package-'));
  for (const entry of manifest.files.filter((f) => f !== 'dist')) await cp(join(packageDir, entry), join(copy, entry), { recursive: true });
  await cp(join(packageDir, 'package.json'), join(copy, 'package.json'));
  await run(process.execPath, [tsc, ...args, '--outDir', join(copy, 'dist')], packageDir);
  const destination = join(tmp, 'tarballs');
  await mkdir(destination, { recursive: true });
  const stdout = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], copy);
  /** @type {[{ filename: string, files: { path: string }[] }]} */
  const [{ filename, files }] = JSON.parse(stdout);
  return { tarball: join(destination, filename), files: files.map((f) => f.path), manifest };
}

/** @type {typeof import('./index.d.ts').treeState} */
export async function treeState(root, dirs) {
  /** @type {Record<string, string>} */
  const state = {};
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
