import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { bundle } from '../../scripts/bundle.mjs';

// What the browser test's page runs: the built client (`@vias-openapi/client`, its dist/)
// exactly as an app would create it, without a `fetch` option, bundled by esbuild for Chromium.
// A bundler warning fails the bundle (scripts/bundle.mjs).
const BROWSER_ENTRY = `
import { createViasClient } from '@vias-openapi/client';
window.showTask = async ({ passWindowFetch, ...options }, taskId) => {
  try {
    // passWindowFetch: the app hands over the browser's own fetch, unbound, as apps often do.
    const vias = createViasClient({ ...options, ...(passWindowFetch ? { fetch: window.fetch } : {}), retry: false });
    return { ok: true, task: await vias.showTask({ path: { task_id: taskId } }) };
  } catch (error) {
    return { ok: false, error: String(error && error.name) + ': ' + String(error && error.message) };
  }
};
`;

const testDir = dirname(dirname(fileURLToPath(import.meta.url)));

/** The page's script: BROWSER_ENTRY bundled (iife, Chrome 120); `plugins` let a test alter what esbuild reads. */
export async function bundleForBrowser(plugins: Plugin[] = []): Promise<string> {
  const bundled = await bundle({
    stdin: { contents: BROWSER_ENTRY, resolveDir: testDir, loader: 'js', sourcefile: 'browser-entry.js' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    plugins,
  });
  return bundled.outputFiles[0]!.text;
}
