import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['contract/**/*.test.ts'],
    globalSetup: ['setup/prism.ts'],
    // A backstop against a hang, not a speed limit: tests order events instead of racing the
    // clock, and CPU-bound ones take many times longer when other suites share the cores.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    isolate: false,
  },
});
