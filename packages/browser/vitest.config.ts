import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Unpacking the bundled Chromium (first run after `npm ci`) and a cold start take seconds,
    // minutes when other suites share the cores: a backstop against a hang, not a speed limit.
    testTimeout: 600_000,
  },
});
