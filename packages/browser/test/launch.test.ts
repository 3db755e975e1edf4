// Which Chromium is chosen, that a missing one fails with how to get one, and that the one
// `npm ci` brings really starts and renders text.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '@vias-openapi/browser';

let dir: string;
let fakeBinary: string;
const missing = '/nonexistent/chromium';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vias-browser-'));
  fakeBinary = join(dir, 'chromium');
  await writeFile(fakeBinary, '');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first', async () => {
    const found = await findChromium({ env: { CHROMIUM_PATH: fakeBinary }, systemPath: process.execPath });
    expect(found).toMatchObject({ executablePath: fakeBinary, source: 'CHROMIUM_PATH', env: {} });
  });

  it('fails, saying how to get a browser, when CHROMIUM_PATH names nothing', async () => {
    await expect(findChromium({ env: { CHROMIUM_PATH: missing }, systemPath: fakeBinary })).rejects.toThrow(
      /CHROMIUM_PATH is \/nonexistent\/chromium, which does not exist\..*npm ci.*apt-get install -y chromium/,
    );
  });

  it('takes the system Chromium before the bundled one', async () => {
    const found = await findChromium({ env: {}, systemPath: fakeBinary });
    expect(found).toMatchObject({ executablePath: fakeBinary, source: 'system' });
  });

  it('falls back to the Chromium npm ci brings, which launches and renders text', async () => {
    const found = await findChromium({ env: {}, systemPath: missing });
    expect(found.source).toBe('bundled');
    // No launch or page deadline (playwright's are 30 s): the test's timeout is the backstop.
    const browser = await chromium.launch({
      timeout: 0,
      executablePath: found.executablePath,
      args: [...CHROMIUM_ARGS],
      env: { ...process.env, ...found.env },
    });
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(0);
      await page.setContent('<p><span style="font: 16px sans-serif">VIAS</span></p>');
      expect(await page.locator('span').evaluate((span) => span.getBoundingClientRect().width)).toBeGreaterThan(20);
    } finally {
      await browser.close();
    }
  });
});
