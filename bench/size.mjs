// What a user pays in bytes: the client bundled for a browser/edge app, and what
// `npm install` puts on disk for our client versus the official SDK core.
import { readFileSync, readdirSync, lstatSync, existsSync, realpathSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

// min+gzip of everything a bundler would ship for `import … from '@vias-openapi/client'`
// (openapi-fetch included). platform "neutral" so no Node built-in can hide in it.
export async function bundleSize() {
  const out = await esbuild.build({
    entryPoints: [join(root, 'packages/client/dist/index.js')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0].contents;
  return { bundle_min_bytes: code.length, bundle_gzip_bytes: gzipSync(code, { level: 9 }).length };
}

// Sum of file sizes (apparent bytes, not blocks, so the figure does not depend on the
// file system) under dir, skipping nested node_modules (those are packages of their own).
function dirBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(p);
    else if (e.isFile()) total += lstatSync(p).size;
  }
  return total;
}

// Node's lookup: <dir>/node_modules/<name>, then each parent directory's.
function resolvePkg(name, fromDir) {
  for (let d = fromDir; ; d = dirname(d)) {
    const p = join(d, 'node_modules', name);
    if (existsSync(join(p, 'package.json'))) return realpathSync(p);
    if (dirname(d) === d) return null;
  }
}

// Walk runtime dependencies (dependencies + optionalDependencies that are installed),
// each resolved from the depending package's directory as Node would.
// `self` counts a workspace package by its published `files`, since that is what a user
// installs, not its src/ and tests.
export function footprint(startDir) {
  const seen = new Map();
  const missing = [];
  const visit = (dir, self) => {
    if (seen.has(dir)) return;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    let bytes;
    if (self && pkg.files) {
      bytes = lstatSync(join(dir, 'package.json')).size;
      for (const f of pkg.files) {
        const p = join(dir, f);
        if (existsSync(p)) bytes += lstatSync(p).isDirectory() ? dirBytes(p) : lstatSync(p).size;
      }
    } else bytes = dirBytes(dir);
    seen.set(dir, bytes);
    const deps = { ...pkg.optionalDependencies, ...pkg.dependencies };
    for (const name of Object.keys(deps)) {
      const d = resolvePkg(name, dir);
      if (d) visit(d, false);
      else if (!(name in (pkg.optionalDependencies ?? {}))) missing.push(`${pkg.name} → ${name}`);
    }
  };
  visit(realpathSync(startDir), true);
  return { packages: seen.size, bytes: [...seen.values()].reduce((a, b) => a + b, 0), missing };
}

export async function size() {
  const client = footprint(join(root, 'packages/client'));
  const official = footprint(join(root, 'node_modules/@huaweicloud/huaweicloud-sdk-core'));
  for (const m of [...client.missing, ...official.missing]) console.warn(`  size: dependency not installed: ${m}`);
  return {
    ...(await bundleSize()),
    install_client_packages: client.packages,
    install_client_bytes: client.bytes,
    install_official_packages: official.packages,
    install_official_bytes: official.bytes,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await size());
