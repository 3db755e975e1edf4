// Global setup: one Prism mock of the bundled spec for the whole run, shared with every
// test file through provide/inject, and always stopped (Prism runs in this process).
import type { TestProject } from 'vitest/node';
import { startPrism } from '../lib/prism.mjs';
import { specYamlPath } from '../lib/spec.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const mock = await startPrism({ spec: specYamlPath });
  project.provide('prismUrl', mock.url);
  return async () => {
    await mock.stop();
    console.log(`\ncontract suite wall time: ${process.uptime().toFixed(1)} s`);
  };
}
