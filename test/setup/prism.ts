// Global setup: one Prism mock of the bundled spec for the whole run, shared with every
// test file through provide/inject, and always stopped (see lib/prism.mjs for signals).
import type { TestProject } from 'vitest/node';
import { startPrism } from '../lib/prism.mjs';
import { specYamlPath } from '../lib/spec.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // Static examples (no --dynamic): json-schema-faker, behind Prism's dynamic mode, cannot
  // compile the lookbehind in TaskOutputObs.path and ignores if/then, so it would answer 500s.
  // Warnings only: Prism's per-request info log costs about a third of its time per request.
  const mock = await startPrism({ spec: specYamlPath, flags: ['--errors', '-v', 'warn'] });
  project.provide('prismUrl', mock.url);
  return async () => {
    await mock.stop();
    console.log(`\ncontract suite wall time: ${process.uptime().toFixed(1)} s`);
  };
}
