import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One browser and one server are shared by the tests of a file. The tests wait for what
    // they need to see (no deadline of their own: test/site.ts), so these are a backstop for a
    // test that would wait forever, not a bound a busy machine could reach.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
