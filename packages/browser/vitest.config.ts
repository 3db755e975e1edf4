import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Unpacking the bundled Chromium (first run after `npm ci`) and a cold start take seconds.
    testTimeout: 60_000,
  },
});
