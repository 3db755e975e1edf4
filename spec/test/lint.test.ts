// The source lints clean under redocly.yaml, and the bundle is a valid OpenAPI 3.1
// document that lints clean too (what consumers get is as good as what we edit).
import { describe, expect, it } from 'vitest';
import { lint, loadConfig } from '@redocly/openapi-core';
import { bundle, generations, specDir } from './helpers/bundle.js';

const lintOf = async (ref: string) => {
  const config = await loadConfig({ configPath: `${specDir}redocly.yaml` });
  return lint({ ref, config });
};
/** Problems, except those .redocly.lint-ignore.yaml keeps on purpose (listed by `ignoredOf`). */
const problemsOf = async (ref: string) =>
  (await lintOf(ref)).filter((p) => !p.ignored).map((p) => `${p.severity} ${p.ruleId}: ${p.message} @ ${p.location[0]?.pointer}`);
const ignoredOf = async (ref: string) => (await lintOf(ref)).filter((p) => p.ignored).map((p) => `${p.ruleId} @ ${p.location[0]?.pointer}`);
// The one problem kept on purpose: two vendor path templates that only their parameters' patterns tell apart.
const IGNORED = (name: string) => (name === 'openapi' ? ['no-ambiguous-paths @ #/paths/~1v2~1{project_id}~1algorithm~1{alg_id}~1deploy'] : []);

describe('lint', () => {
  it.each(['openapi', 'vas'])('the source %s.yaml has zero problems (errors and warnings), and ignores only the one it keeps', async (name) => {
    expect(await problemsOf(`${specDir}${name}.yaml`)).toEqual([]);
    expect(await ignoredOf(`${specDir}${name}.yaml`)).toEqual(IGNORED(name));
  });

  it.each(['openapi', 'vas'])('the bundle %s is OpenAPI 3.1 and has zero problems', async (name) => {
    expect(generations[name === 'openapi' ? 'vias' : 'vas'].bundle.openapi).toMatch(/^3\.1\.\d+$/);
    for (const ext of ['yaml', 'json']) {
      expect(await problemsOf(`${specDir}dist/${name}.${ext}`)).toEqual([]);
      expect(await ignoredOf(`${specDir}dist/${name}.${ext}`)).toEqual(IGNORED(name));
    }
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

  it('the project rules and example checks apply to the webhooks (the alerts) too', async () => {
    const config = await loadConfig({ configPath: `${specDir}redocly.yaml` });
    const { lintFromString } = await import('@redocly/openapi-core');
    const broken = JSON.parse(JSON.stringify(bundle));
    const post = broken.webhooks.vehicleAlert.post;
    delete post.tags;
    post.operationId = 'receive_vehicle_alert';
    delete post.description;
    broken.components.schemas.VehicleAlertVehicle.properties.plateColour = { type: 'integer' }; // camelCase, undescribed
    broken.components.examples.VehicleAlert_page.value.data.vehicles[0].vehicle_type = 'car';
    delete broken.components.examples.VehicleAlert_page.summary;
    const problems = await lintFromString({ source: JSON.stringify(broken), absoluteRef: `${specDir}broken.json`, config });
    const at = (rule: string) => problems.filter((p) => p.ruleId === rule).map((p) => p.location[0]?.pointer);
    expect(at('rule/operation-has-tags')).toContain('#/webhooks/vehicleAlert/post/tags');
    expect(at('rule/operation-id-camel-case')).toContain('#/webhooks/vehicleAlert/post/operationId');
    expect(at('rule/operation-has-description')).toContain('#/webhooks/vehicleAlert/post/description');
    expect(at('rule/property-names-snake-case').length).toBeGreaterThan(0);
    expect(at('rule/property-has-description').length).toBeGreaterThan(0);
    expect(at('rule/named-examples-have-summary').length).toBeGreaterThan(0);
    expect(at('no-invalid-media-type-examples').length).toBeGreaterThan(0);
  });
});
