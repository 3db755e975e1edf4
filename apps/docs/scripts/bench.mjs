// Size of the built reference page and how long a reader waits for an operation.
//   npm run bench:docs [-- --runs N]
// benchDocs() returns the figures so the repo bench (bench/) can report them too.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { operationHref } from './build.mjs';
import { launchChromium } from '@vias-openapi/browser';
import { SITE_DIR, serveSite } from './serve.mjs';
import { operations } from '../src/samples.mjs';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * @returns {Promise<{ reference_bytes: number, reference_gzip_bytes: number, landing_bytes: number,
 *   first_operation_ms: number, first_operation_runs_ms: number[] }>}
 */
export async function benchDocs({ runs = 5, root = SITE_DIR } = {}) {
  if (!existsSync(join(root, 'reference.html'))) throw new Error(`${root} is not built: run \`npm run build\` in apps/docs`);
  const html = await readFile(join(root, 'reference.html'));
  const first = operations()[0];

  const site = await serveSite({ root, port: 0 });
  const browser = await launchChromium();
  const times = [];
  try {
    for (let i = 0; i < runs; i++) {
      // A fresh context per load: nothing cached, as for a first-time reader. The clock runs
      // from navigation start to the operation's title being visible (a deep link, so it
      // includes Redoc's hydration and routing, not only the server-rendered HTML).
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const start = performance.now();
      await page.goto(`${site.url}${operationHref(first)}`, { waitUntil: 'commit' });
      await page.locator('[data-item-kind="httpItem"] h2', { hasText: first.summary }).first().waitFor({ state: 'visible' });
      times.push(Math.round(performance.now() - start));
      await context.close();
    }
  } finally {
    await browser.close();
    await site.close();
  }
  return {
    reference_bytes: html.length,
    reference_gzip_bytes: gzipSync(html).length,
    landing_bytes: (await readFile(join(root, 'index.html'))).length,
    first_operation_ms: median(times),
    first_operation_runs_ms: times,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flag = process.argv.indexOf('--runs');
  const r = await benchDocs({ runs: flag === -1 ? 5 : Number(process.argv[flag + 1]) });
  const kib = (b) => `${(b / 1024).toFixed(0)} KiB`;
  console.log(`reference.html          ${kib(r.reference_bytes)} (${r.reference_bytes} B)`);
  console.log(`reference.html, gzip    ${kib(r.reference_gzip_bytes)} (${r.reference_gzip_bytes} B)`);
  console.log(`index.html              ${(r.landing_bytes / 1024).toFixed(1)} KiB`);
  console.log(`first operation visible ${r.first_operation_ms} ms median of ${r.first_operation_runs_ms.length} (${r.first_operation_runs_ms.join(', ')})`);
}
