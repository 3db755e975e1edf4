// The one way this repository's tests and benches start a browser: Chromium driven by
// playwright-core (`npx playwright install` cannot download browsers here). Which Chromium, in
// order: CHROMIUM_PATH, the system one at /usr/bin/chromium, then the headless Chromium that
// `npm ci` brings inside the @sparticuz/chromium package.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createBrotliDecompress } from 'node:zlib';
import { chromium } from 'playwright-core';
import { extract } from 'tar-fs';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  // Chromium's own background traffic (updates, sync, field trials) would show up as
  // requests leaving 127.0.0.1 and muddle the docs' "no outside request" check.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const HOW_TO_GET_ONE =
  'Run `npm ci` at the repository root (it installs @sparticuz/chromium, a headless Chromium in an npm package), ' +
  'or install Debian\'s (`apt-get update && apt-get install -y chromium`, as root), or set CHROMIUM_PATH to a Chromium binary.';

/** Where @sparticuz/chromium keeps its compressed files, or undefined when it is not installed. */
function bundledPackage() {
  let entry;
  try {
    // Only resolved, never imported: its JavaScript helper targets AWS Lambda (and Node >= 22);
    // we need just the compressed browser in its bin/.
    entry = fileURLToPath(import.meta.resolve('@sparticuz/chromium'));
  } catch {
    return undefined;
  }
  // The package root is the nearest folder above its entry point that has bin/chromium.br.
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'bin/chromium.br'))) return dir;
  }
  return undefined;
}

/**
 * Unpacks the bundled browser once into node_modules/.cache (gone with the next `npm ci`, like
 * the package it came from). Several test processes may start at once: each unpacks into its
 * own directory and renames it into place; the first rename wins and the others use it.
 */
async function unpackBundled(root) {
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const nodeModules = join(root, '../..');
  const dir = join(nodeModules, '.cache/@vias-openapi/browser', `chromium-${version}`);
  if (existsSync(join(dir, 'chromium'))) return dir;

  const work = `${dir}.${process.pid}-${Date.now()}`;
  await mkdir(work, { recursive: true });
  try {
    const bin = join(root, 'bin');
    await Promise.all([
      pipeline(createReadStream(join(bin, 'chromium.br')), createBrotliDecompress(), createWriteStream(join(work, 'chromium'), { mode: 0o755 })),
      // NSS and expat, built for Amazon Linux 2023: machines without Debian's libnss3 need them.
      pipeline(createReadStream(join(bin, 'al2023.tar.br')), createBrotliDecompress(), extract(work, { chown: false })),
      // Open Sans, so text renders on a machine with no fonts at all (its fonts.conf is replaced below).
      pipeline(createReadStream(join(bin, 'fonts.tar.br')), createBrotliDecompress(), extract(work, { chown: false })),
    ]);
    // The package's fonts.conf names Lambda's directories; ours adds the system's fonts first.
    await writeFile(
      join(work, 'fonts.conf'),
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${join(dir, 'fonts')}</dir>
  <cachedir>${join(dir, 'fonts-cache')}</cachedir>
</fontconfig>
`,
    );
    await mkdir(dirname(dir), { recursive: true });
    await rename(work, dir).catch((error) => {
      // Another process got there first; its copy is as good as ours.
      if (!existsSync(join(dir, 'chromium'))) throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return dir;
}

/**
 * The Chromium launchChromium() would start, and the environment it needs.
 * @returns {Promise<{ executablePath: string, source: 'CHROMIUM_PATH' | 'system' | 'bundled', env: Record<string, string> }>}
 */
export async function findChromium({ env = process.env, systemPath = SYSTEM_CHROMIUM } = {}) {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) {
      throw new Error(`CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which does not exist. Unset it to use ${systemPath} or the bundled Chromium. ${HOW_TO_GET_ONE}`);
    }
    return { executablePath: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH', env: {} };
  }
  if (existsSync(systemPath)) return { executablePath: systemPath, source: 'system', env: {} };
  const root = bundledPackage();
  // A missing browser must fail the run, never skip it: the checks would silently vanish.
  if (!root) throw new Error(`No Chromium found: CHROMIUM_PATH is not set, ${systemPath} does not exist and @sparticuz/chromium is not installed. ${HOW_TO_GET_ONE}`);
  const dir = await unpackBundled(root);
  const libs = join(dir, 'lib');
  return {
    executablePath: join(dir, 'chromium'),
    source: 'bundled',
    env: {
      LD_LIBRARY_PATH: env.LD_LIBRARY_PATH ? `${libs}:${env.LD_LIBRARY_PATH}` : libs,
      FONTCONFIG_PATH: dir,
    },
  };
}

/**
 * Launches headless Chromium with the repository's flags; `options` go to playwright-core's
 * `chromium.launch` (their `args` are added to ours). No launch deadline unless `timeout` is
 * given (playwright's default is 30 s): on a machine busy with other suites a cold start can
 * take longer, and the caller's test timeout already bounds a launch that hangs.
 */
export async function launchChromium(options = {}) {
  const found = await findChromium();
  return chromium.launch({
    timeout: 0,
    ...options,
    executablePath: found.executablePath,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    env: { ...process.env, ...options.env, ...found.env },
  });
}
