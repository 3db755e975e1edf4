// The one way the docs tests and the bench start a browser: the system Chromium, driven by
// playwright-core (`npx playwright install` cannot download browsers here).
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  // Chromium's own background traffic (updates, sync, field trials) would show up as
  // requests leaving 127.0.0.1 and muddle the "no outside request" check.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium() {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  // A missing browser must fail the run, never skip it: the checks would silently vanish.
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Install it with ` +
        '`apt-get update && apt-get install -y chromium` (as root), or set CHROMIUM_PATH.',
    );
  }
  return chromium.launch({ executablePath, args: ARGS });
}
