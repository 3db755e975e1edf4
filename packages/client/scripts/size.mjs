// Measures what the client costs a user: bundled size of dist/index.js and the runtime
// dependencies it pulls in, next to Huawei's official @huaweicloud/huaweicloud-sdk-core.
// Usage: npm run size -w @vias-openapi/client   (after a build). Exits 1 over budget.
// bench/size.mjs runs this script with --json: one way of measuring.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundle } from './bundle.mjs';

// 15 kB minified + gzipped for what a VIAS user imports. It was 10 kB for the 4-operation client;
// 11 kB with the 21 operations of two generations, pagination, waiting on many tasks and the error
// contract; 15 kB with credentials providers (cache, single refresh), the size cap and its own
// body reading, hooks, the retry policy's hooks and redaction of fragments (≈ +3.8 kB; the IAM
// provider is tree-shaken away unless imported). bench/README.md lists the figures.
const BUDGET_GZIP_BYTES = 15_000;
export const packageDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Minified and min+gzip bytes of what a bundler ships for `import { … } from '@vias-openapi/client'`
 * (openapi-fetch included): `names` imported, or the whole entry; `file`, another entry point
 * (`dist/alerts.js`, outside the budget: a receiver of alerts imports it alone). Platform "neutral", so no Node
 * built-in can hide in it. The budget applies to what a user of one generation imports.
 */
export async function bundleSize(names, file = 'dist/index.js') {
  const entry = join(packageDir, file);
  if (!existsSync(entry)) throw new Error(`size: ${file} is missing; run \`npm run build -w @vias-openapi/client\` first`);
  const contents = names ? `export { ${names.join(', ')} } from ${JSON.stringify(entry)};` : `export * from ${JSON.stringify(entry)};`;
  // A warning fails the measurement (bundle.mjs): a bundle esbuild only warned about may be broken.
  const { outputFiles } = await bundle({
    stdin: { contents, resolveDir: packageDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
  });
  const code = outputFiles[0].contents;
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

/** Every package `name` needs at runtime, resolved the way Node does (nested node_modules first). */
function runtimeTree(name, fromDir, seen = new Map()) {
  let dir = fromDir;
  let pkgDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) {
      pkgDir = candidate;
      break;
    }
    if (dirname(dir) === dir) throw new Error(`size: cannot find ${name} from ${fromDir}`);
    dir = dirname(dir);
  }
  if (seen.has(pkgDir)) return seen;
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  seen.set(pkgDir, `${pkg.name}@${pkg.version}`);
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
    runtimeTree(dep, pkgDir, seen);
  }
  return seen;
}

/** Bytes on disk under `path`, without nested node_modules (counted as packages of their own). */
function diskBytes(path) {
  if (!existsSync(path)) return 0;
  if (!statSync(path).isDirectory()) return statSync(path).size;
  return readdirSync(path)
    .filter((name) => name !== 'node_modules')
    .reduce((sum, name) => sum + diskBytes(join(path, name)), 0);
}

/** Runtime dependencies of the package in `dir` (itself not counted), and bytes on disk of it plus them. */
export function footprint(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const seen = new Map();
  for (const name of Object.keys(pkg.dependencies ?? {})) runtimeTree(name, dir, seen);
  // Our own package is measured as published (its `files`), not as the source folder.
  const own = pkg.files ? ['package.json', ...pkg.files].reduce((sum, f) => sum + diskBytes(join(dir, f)), 0) : diskBytes(dir);
  const bytes = [...seen.keys()].reduce((sum, d) => sum + diskBytes(d), own);
  return { name: `${pkg.name}@${pkg.version}`, deps: [...seen.values()], bytes };
}

/** Directory of the installed official SDK core, resolved from this package. */
export const officialDir = () => runtimeTree('@huaweicloud/huaweicloud-sdk-core', packageDir).keys().next().value;

/** What a VIAS user imports: the client, its errors, the terminal states. */
export const VIAS_IMPORT = ['createViasClient', 'ViasApiError', 'ViasError', 'TERMINAL_STATES'];

async function main() {
  const { min, gzip } = await bundleSize(VIAS_IMPORT);
  const whole = await bundleSize();
  const alerts = await bundleSize(undefined, 'dist/alerts.js');
  const ours = footprint(packageDir);
  const official = footprint(officialDir());
  if (process.argv.includes('--json')) {
    // For bench/size.mjs, which runs this script rather than importing it (workspaces meet through packages).
    console.log(JSON.stringify({ min, gzip, whole, alerts, budget: BUDGET_GZIP_BYTES, client: ours, official }));
    return;
  }
  const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
  const MB = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;

  console.log(`${ours.name} bundled with its dependencies (esbuild, esm, platform neutral, minified, gzip level 9)`);
  console.log(`  import { ${VIAS_IMPORT.join(', ')} }: ${min} bytes, ${gzip} gzip (${kB(gzip)}); budget ${kB(BUDGET_GZIP_BYTES)}`);
  console.log(`  the whole package (VIAS and VAS):  ${whole.min} bytes, ${whole.gzip} gzip (${kB(whole.gzip)})`);
  console.log(`  @vias-openapi/client/alerts (the parser, on its own): ${alerts.min} bytes, ${alerts.gzip} gzip (${kB(alerts.gzip)})`);
  console.log('Runtime dependencies (transitive), and size on disk of the package plus them:');
  for (const { name, deps, bytes } of [ours, official]) {
    const list = deps.length <= 5 ? ` (${deps.join(', ')})` : '';
    console.log(`  ${name}: ${deps.length} dependencies${list}, ${MB(bytes)}`);
  }
  if (gzip > BUDGET_GZIP_BYTES) {
    console.error(`size: over budget by ${gzip - BUDGET_GZIP_BYTES} bytes`);
    process.exitCode = 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main().catch((error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
