#!/usr/bin/env node
// `npm run pack`: packs every publishable workspace (each one that is not `private`: the spec,
// the signer, the client, the emulator) into one folder, so a project can install them without
// the registry:
//
//   npm run pack                          → packed/*.tgz (each package's prepack builds it first)
//   npm run pack -- --out /tmp/vias       → another folder
//   npm run pack -- --ignore-scripts      → pack what is built already (no prepack; the tests
//                                           use this, so a test never rewrites a dist/)
//
// Then, in your project: npm install <folder>/vias-openapi-client-<version>.tgz
// <folder>/vias-openapi-signer-<version>.tgz (the client needs the signer), and for the
// emulator also the emulator and spec tarballs; `npx vias-emulator` then runs it.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

function usage(message) {
  console.error(`pack: ${message}\nusage: npm run pack [-- --out DIR] [-- --ignore-scripts]`);
  process.exit(2);
}

const args = process.argv.slice(2);
let out = join(root, 'packed');
let ignoreScripts = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') out = resolve(args[++i] ?? usage('--out needs a folder'));
  else if (args[i] === '--ignore-scripts') ignoreScripts = true;
  else usage(`unknown argument ${JSON.stringify(args[i])}`);
}

/** The workspace folders of the root package.json (`dir` or `dir/*`), with their manifests. */
function workspaces() {
  const { workspaces: globs } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dirs = globs.flatMap((glob) =>
    glob.endsWith('/*')
      ? readdirSync(join(root, glob.slice(0, -2)), { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => join(root, glob.slice(0, -2), d.name))
      : [join(root, glob)],
  );
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }));
}

const publishable = workspaces().filter(({ manifest }) => manifest.private !== true);
if (!publishable.length) usage('no publishable workspace found');
mkdirSync(out, { recursive: true });

const packed = [];
for (const { dir, manifest } of publishable) {
  const flags = ['pack', '--json', '--pack-destination', out, ...(ignoreScripts ? ['--ignore-scripts'] : [])];
  try {
    // Each workspace from its own folder: `npm pack -w` would run every prepack from the root.
    const { stdout } = await run('npm', flags, { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    // npm prints the JSON after whatever the lifecycle scripts printed: take the last array.
    const json = stdout.slice(stdout.lastIndexOf('\n[') + 1 || stdout.indexOf('['));
    const [{ filename }] = JSON.parse(json);
    packed.push({ name: manifest.name, file: join(out, filename) });
    console.log(`pack: ${manifest.name}@${manifest.version} → ${relative(process.cwd(), join(out, filename)) || filename}`);
  } catch (error) {
    console.error(`pack: ${manifest.name} (${relative(root, dir)}) failed:\n${error.stderr || error.message}`);
    process.exit(1);
  }
}
const file = (name) => packed.find((p) => p.name === name)?.file;
const client = [file('@vias-openapi/client'), file('@vias-openapi/signer')].filter(Boolean);
const emulator = [file('@vias-openapi/emulator'), file('@vias-openapi/spec'), file('@vias-openapi/signer')].filter(Boolean);
console.log(`\nIn your project:\n  npm install ${client.join(' ')}`);
if (emulator.length === 3) console.log(`  npm install --save-dev ${emulator.join(' ')}\n  npx vias-emulator`);
