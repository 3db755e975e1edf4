import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One browser and one server are shared by the tests of a file; a cold Chromium start and
    // the first render of the 2.6 MB reference page take a few seconds on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
