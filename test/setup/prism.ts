// Global setup: one Prism mock per document (VIAS and VAS) for the whole run, shared with every
// test file through provide/inject, and always stopped (Prism runs in this process).
import type { TestProject } from 'vitest/node';
import { startPrism } from '../lib/prism.mjs';
import { generation } from '../lib/spec.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
    vasPrismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const [vias, vas] = await Promise.all([startPrism({ spec: generation('vias').yamlPath }), startPrism({ spec: generation('vas').yamlPath })]);
  project.provide('prismUrl', vias.url);
  project.provide('vasPrismUrl', vas.url);
  return async () => {
    await Promise.all([vias.stop(), vas.stop()]);
    console.log(`\ncontract suite wall time: ${process.uptime().toFixed(1)} s`);
  };
}
