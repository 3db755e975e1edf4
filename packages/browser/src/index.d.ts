import type { Browser, LaunchOptions } from 'playwright-core';

export type { Browser, BrowserContext, Page } from 'playwright-core';

/** The system Chromium's path on Debian, tried after CHROMIUM_PATH. */
export declare const SYSTEM_CHROMIUM: string;

/** The flags every launch gets: headless, no sandbox, no GPU, no background traffic. */
export declare const CHROMIUM_ARGS: readonly string[];

export interface FoundChromium {
  executablePath: string;
  /** Where it came from: the CHROMIUM_PATH variable, the system Chromium, or the one `npm ci` brings. */
  source: 'CHROMIUM_PATH' | 'system' | 'bundled';
  /** Environment the browser process needs on top of the caller's (the bundled one's libraries and fonts). */
  env: Record<string, string>;
}

/**
 * The Chromium launchChromium() would start: CHROMIUM_PATH, else `systemPath`, else the bundled one
 * (unpacked on first use). Rejects, saying how to get a browser, when there is none.
 */
export declare function findChromium(options?: { env?: NodeJS.ProcessEnv; systemPath?: string }): Promise<FoundChromium>;

/** Launches headless Chromium with CHROMIUM_ARGS (plus `options.args`) via playwright-core; no launch deadline unless `options.timeout`. */
export declare function launchChromium(options?: LaunchOptions): Promise<Browser>;
