// What the browser tests of the site share: the built site served on a free 127.0.0.1 port and
// one Chromium per test file (both stopped after the file, whatever its outcome), pages opened in
// a fresh context that records every request (those that would leave 127.0.0.1 are aborted) and
// every console error, and what a reader sees of a page.
//
// No wait here has a deadline of its own: Playwright's timeouts are off in every context and the
// waits are for a condition in the page (a heading's text, an image's load event), so a busy
// machine only makes them slower. The test's timeout (vitest.config.ts) is the one backstop.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, type Browser, type BrowserContext, type Page } from '@vias-openapi/browser';
import { afterAll, beforeAll, expect } from 'vitest';
import { SITE_DIR, serveSite } from '../scripts/serve.mjs';
import { squash } from '../src/i18n.mjs';
import { WORD_BREAK } from './prose.js';

export interface Opened {
  page: Page;
  context: BrowserContext;
  requests: string[];
  errors: string[];
}

/**
 * Serves the built site and launches Chromium for the tests of one file. A missing site or
 * browser is kept and thrown by each test that needs it, so each FAILS with the fix (a failing
 * beforeAll would only mark them skipped).
 */
export function useSite() {
  let site: { url: string; close: () => Promise<void> } | undefined;
  let browser: Browser | undefined;
  let setupError: Error | undefined;

  beforeAll(async () => {
    if (!existsSync(join(SITE_DIR, 'reference.html'))) {
      setupError = new Error(`${SITE_DIR} is not built: run \`npm run build -w @vias-openapi/docs\` first`);
      return;
    }
    site = await serveSite({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium().catch((error: Error) => {
      setupError = error;
      return undefined;
    });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** The site's URL (`http://127.0.0.1:<port>/`); throws the setup's problem when there is none. */
  const url = (): string => {
    if (!site) throw setupError ?? new Error('the site is not served');
    return site.url;
  };

  /**
   * A fresh context that records every request and console error, and aborts requests that
   * would leave 127.0.0.1, so a regression fails the test instead of reaching out. `language`
   * is the code sample language Redoc shows, as Redoc stores a reader's choice (its
   * `redoc.appStore` cookie), so no menu has to be driven.
   */
  async function open(path: string, { width = 1400, language }: { width?: number; language?: string } = {}): Promise<Opened> {
    if (setupError) throw setupError;
    const origin = new URL(url()).origin;
    const context = await browser!.newContext({ viewport: { width, height: 900 } });
    // Waits end on their condition; the test's timeout is the backstop (see above).
    context.setDefaultTimeout(0);
    context.setDefaultNavigationTimeout(0);
    if (language) {
      await context.addCookies([{ name: 'redoc.appStore', value: encodeURIComponent(JSON.stringify({ language })), url: url() }]);
    }
    const requests: string[] = [];
    const errors: string[] = [];
    context.on('request', (request) => requests.push(request.url()));
    await context.route('**/*', (route) => (new URL(route.request().url()).origin === origin ? route.continue() : route.abort('blockedbyclient')));
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(new URL(path, url()).href, { waitUntil: 'load' });
    return { page, context, requests, errors };
  }

  /** No request left the site's origin (data: and blob: URLs stay in the page). */
  function expectOnlyLocal(requests: string[]) {
    const origin = new URL(url()).origin;
    const outside = requests.filter((request) => {
      const { protocol, origin: o } = new URL(request);
      return !(o === origin || protocol === 'data:' || protocol === 'blob:');
    });
    expect(outside, 'requests that left 127.0.0.1').toEqual([]);
  }

  return { url, open, expectOnlyLocal };
}

export { squash };

/** Resolves once `selector`'s first match has `text` (whitespace collapsed), however long rendering takes. */
export const waitForText = (page: Page, selector: string, text: string) =>
  page.waitForFunction(
    ([selector, text]) => (document.querySelector(selector!)?.textContent ?? '').replace(/\s+/g, ' ').trim() === text,
    [selector, squash(text)] as const,
  );

/** Redoc's rendering is ready once its menu is in the DOM (sections render lazily). */
export const redocReady = (page: Page) => page.locator('[data-component-name="Menu/MenuItem"]').first().waitFor({ state: 'attached' });

/** How far the document is wider than the window (0 when nothing overflows). */
export const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

// Text a reader sees must not talk about the spec's source files ("seed 004", "the seed page",
// `x-seed`, spec/seeds/). The emulator's `--seed FILE` (a state to load) is not one of them.
export const AUTHORING_NOTE = /\bseed\s+(?:page|\d)|\bseeds\/|x-seed/i;

/** Text the reader sees that matches AUTHORING_NOTE, with some context. */
export const authoringNotes = (page: Page, note: RegExp = AUTHORING_NOTE) =>
  page.evaluate((source) => document.body.innerText.match(new RegExp(`.{0,40}(?:${source}).{0,40}`, 'gi')) ?? [], note.source);

// What "no English prose" means on a translated page (words, identifiers and names: ./prose.ts).
// The reader-facing text is every visible text node except code (`code`, `pre`, `kbd`, `samp`,
// Redoc's code samples and JSON viewers), Redoc's schema notation (the `em` after a field's name:
// `string, <= 255 characters`, and a body's own constraint such as `= 1 property`: a JSON Schema
// rendering like code) and the language switch (`a[hreflang]`, which names English in English).
/** English prose in the reader-facing text of a page: each word with its text node. */
export const englishProse = (page: Page, allowed: string[]) =>
  page.evaluate(
    ({ allowed, wordBreak }) => {
      const ok = new Set(allowed);
      const split = new RegExp(wordBreak);
      const out: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (!element || !element.checkVisibility()) continue;
        if (element.closest('code, pre, kbd, samp, script, style, [data-testid="source-code"], [data-component-name^="JsonViewer"], a[hreflang]')) continue;
        const em = element.closest('#redoc em');
        if (em && !em.closest('[data-component-name="Markdown/Markdown"]')) continue;
        if (element.closest('#redoc') && /^[<>]?=\s*\d+\s+(?:property|properties|items|characters)$/.test(node.textContent!.trim())) continue;
        for (const token of node.textContent!.split(split)) {
          const word = token.replace(/[.:]+$/, '');
          if (word.length >= 2 && /^[A-Z]?[a-z]+$/.test(word) && !ok.has(word)) out.push(`${word} in ${JSON.stringify(node.textContent!.trim().slice(0, 120))}`);
        }
      }
      return [...new Set(out)];
    },
    { allowed, wordBreak: WORD_BREAK.source },
  );

/** The labels a translated Redoc page asked its translation hook for and found none. */
export const untranslatedRedocLabels = (page: Page) =>
  page.evaluate(() => (window as unknown as { __viasRedocUntranslated?: string[] }).__viasRedocUntranslated ?? []);
