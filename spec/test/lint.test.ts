// The source lints clean under redocly.yaml, and the bundle is a valid OpenAPI 3.1
// document that lints clean too (what consumers get is as good as what we edit).
import { describe, expect, it } from 'vitest';
import { lint, loadConfig } from '@redocly/openapi-core';
import { bundle, generations, specDir } from './helpers/bundle.js';

const problemsOf = async (ref: string) => {
  const config = await loadConfig({ configPath: `${specDir}redocly.yaml` });
  const problems = await lint({ ref, config });
  return problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} @ ${p.location[0]?.pointer}`);
};

describe('lint', () => {
  it.each(['openapi', 'vas'])('the source %s.yaml has zero problems (errors and warnings)', async (name) => {
    expect(await problemsOf(`${specDir}${name}.yaml`)).toEqual([]);
  });

  it.each(['openapi', 'vas'])('the bundle %s is OpenAPI 3.1 and has zero problems', async (name) => {
    expect(generations[name === 'openapi' ? 'vias' : 'vas'].bundle.openapi).toMatch(/^3\.1\.\d+$/);
    expect(await problemsOf(`${specDir}dist/${name}.yaml`)).toEqual([]);
    expect(await problemsOf(`${specDir}dist/${name}.json`)).toEqual([]);
  });

  it('redocly.yaml lints both documents and switches telemetry off', async () => {
    const config = await loadConfig({ configPath: `${specDir}redocly.yaml` });
    const { apis, telemetry } = (config as any).resolvedConfig;
    expect(Object.fromEntries(Object.entries(apis).map(([k, v]: [string, any]) => [k, v.root]))).toEqual({ vias: 'openapi.yaml', vas: 'vas.yaml' });
    expect(telemetry).toBe('off');
  });

  it('the project rules are in force and can fail', async () => {
    const config = await loadConfig({ configPath: `${specDir}redocly.yaml` });
    const { lintFromString } = await import('@redocly/openapi-core');
    const broken = JSON.parse(JSON.stringify(bundle));
    broken.components.schemas.TaskError.properties.taskId = { type: 'string' }; // camelCase, undescribed
    delete broken.paths['/v2/{project_id}/tasks/{task_id}'].get.tags;
    const problems = await lintFromString({ source: JSON.stringify(broken), absoluteRef: `${specDir}broken.json`, config });
    const rules = problems.map((p) => p.ruleId);
    expect(rules).toEqual(expect.arrayContaining(['rule/property-names-snake-case', 'rule/property-has-description', 'rule/operation-has-tags']));
  });
});
