import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeRun, run } from './helpers/run.js';

// The README's TypeScript samples compile against the built package, as a user would import it.
const packageDir = resolve(import.meta.dirname, '..');
const rootModules = resolve(packageDir, '../../node_modules');
let tmp: string | undefined;
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

// Names the samples use without defining them.
const givens: Record<string, string> = {
  vias: "import('@vias-openapi/client').ViasClient",
  options: "import('@vias-openapi/client').ViasClientOptions",
  task_id: 'string',
  taskId: 'string',
  streamTaskId: 'string',
};
const preamble = (code: string) =>
  Object.entries(givens)
    .filter(([name]) => !new RegExp(`\\b(const|let)\\s+(\\[\\s*)?${name}\\b`).test(code))
    .map(([name, type]) => `declare const ${name}: ${type};\n`)
    .join('') + 'export {};\n';

describe('README.md', () => {
  it('every ```ts sample type-checks', async () => {
    if (!existsSync(join(packageDir, 'dist/index.d.ts'))) throw new Error('packages/client/dist is missing: build first');
    const readme = await readFile(join(packageDir, 'README.md'), 'utf8');
    const samples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(samples.length).toBeGreaterThanOrEqual(6);

    tmp = await mkdtemp(join(tmpdir(), 'vias-readme-'));
    await symlink(rootModules, join(tmp, 'node_modules'), 'dir');
    await writeFile(join(tmp, 'package.json'), JSON.stringify({ type: 'module' }));
    const files = samples.map((_, i) => `sample-${i}.ts`);
    await Promise.all(samples.map((code, i) => writeFile(join(tmp!, files[i]!), preamble(code) + code)));
    const tsc = join(rootModules, 'typescript/bin/tsc');
    const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', '--types', 'node', '--skipLibCheck'];
    const result = await run(process.execPath, [tsc, ...flags, ...files], { cwd: tmp });
    // Exit code and output both: a tsc that crashes prints nothing on stdout.
    expect(result.code, describeRun('tsc', result)).toBe(0);
    expect(result.stdout, describeRun('tsc', result)).toBe('');
  });
});
