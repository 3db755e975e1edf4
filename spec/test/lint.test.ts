// The source lints clean under redocly.yaml, and the bundle is a valid OpenAPI 3.1
// document that lints clean too (what consumers get is as good as what we edit).
import { describe, expect, it } from 'vitest';
import { lint, loadConfig } from '@redocly/openapi-core';
import { bundle, specDir } from './helpers/bundle.js';

const problemsOf = async (ref: string) => {
  const config = await loadConfig({ configPath: `${specDir}redocly.yaml` });
  const problems = await lint({ ref, config });
  return problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} @ ${p.location[0]?.pointer}`);
};

describe('lint', () => {
  it('the source has zero problems (errors and warnings)', async () => {
    expect(await problemsOf(`${specDir}openapi.yaml`)).toEqual([]);
  });

  it('the bundle is OpenAPI 3.1 and has zero problems', async () => {
    expect(bundle.openapi).toMatch(/^3\.1\.\d+$/);
    expect(await problemsOf(`${specDir}dist/openapi.yaml`)).toEqual([]);
    expect(await problemsOf(`${specDir}dist/openapi.json`)).toEqual([]);
  });

  it('the project rules are in force and can fail', async () => {
    const config = await loadConfig({ configPath: `${specDir}redocly.yaml` });
    const { lintFromString } = await import('@redocly/openapi-core');
    const broken = JSON.parse(JSON.stringify(bundle));
    broken.components.schemas.TaskId.properties.taskId = { type: 'string' }; // camelCase, undescribed
    delete broken.paths['/v2/{project_id}/tasks/{task_id}'].get.tags;
    const problems = await lintFromString({ source: JSON.stringify(broken), absoluteRef: `${specDir}broken.json`, config });
    const rules = problems.map((p) => p.ruleId);
    expect(rules).toEqual(expect.arrayContaining(['rule/property-names-snake-case', 'rule/property-has-description', 'rule/operation-has-tags']));
  });
});
