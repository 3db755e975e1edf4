import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun, run } from './helpers/run.js';

// The size budget (min + gzip, see scripts/size.mjs) is part of the test suite.
const packageDir = resolve(import.meta.dirname, '..');

describe('bundle size', () => {
  it('stays within the budget of scripts/size.mjs', { timeout: 600_000 }, async () => {
    if (!existsSync(join(packageDir, 'dist/index.js'))) {
      throw new Error('packages/client/dist is missing: run `npx turbo run build --filter=@vias-openapi/client` first');
    }
    const result = await run(process.execPath, ['scripts/size.mjs'], { cwd: packageDir });
    expect(result.code, describeRun('node scripts/size.mjs', result)).toBe(0);
    expect(result.stdout).toMatch(/createViasClient.*: \d+ bytes, \d+ gzip/);
  });
});
