// The video centre, edge pools and algorithm services (the operations beyond tasks): the links
// from a create to what addresses the created resource, the secrets marked, and the routes a
// router must order (a literal segment that a sibling path's parameter pattern also admits).
import { describe, expect, it } from 'vitest';
import { bundle, deref, operations, propertiesOf, type Schema } from './helpers/bundle.js';

const TAGS = ['Video sources', 'Video source groups', 'Edge resource pools', 'Algorithm services'];
const resourceOps = operations.filter((o) => o.tags.some((t) => TAGS.includes(t)));
const raw = (o: (typeof operations)[number]) => bundle.paths[o.path][o.method.toLowerCase()];

/** The schema a runtime expression `$response.body#/a/0/b` points at, within `schema`. */
function pointed(schema: Schema, pointer: string): Schema | undefined {
  return pointer
    .split('/')
    .slice(1)
    .reduce<Schema | undefined>((s, key) => {
      if (!s) return undefined;
      const d = deref(s);
      return /^\d+$/.test(key) ? d.items : propertiesOf(d)[key];
    }, schema);
}

describe('the 18 operations beyond tasks', () => {
  it('are 18, each with one of the four tags', () => {
    expect(resourceOps).toHaveLength(18);
    expect(new Set(resourceOps.flatMap((o) => o.tags))).toEqual(new Set(TAGS));
  });

  // Each resource's creator (or, for algorithm services, which have none, their list) and the
  // operations that address one resource by the ID it answers with.
  const SOURCES: Array<[from: string, status: number, pointer: (param: string) => string]> = [
    ['createVideoSource', 200, (p) => `/${p}`],
    ['createVideoGroup', 200, (p) => `/${p}`],
    ['createEdgePool', 201, (p) => `/${p}`],
    ['listUserServices', 200, (p) => `/service_list/0/${p}`],
  ];

  it.each(SOURCES)('%s links to every operation that addresses what it answers with', (from, status, pointer) => {
    const op = resourceOps.find((o) => o.id === from)!;
    const tag = op.tags[0];
    const targets = resourceOps.filter((o) => o.tags[0] === tag && o.pathParams.some((p) => p.name !== 'project_id'));
    const response = deref(raw(op).responses[String(status)]);
    const links = response.links ?? {};
    expect(Object.keys(links).sort()).toEqual(targets.map((t) => t.id).sort());
    const schema = response.content['application/json'].schema;
    for (const target of targets) {
      const link = links[target.id];
      // The convention: named after the target operationId, its parameters as runtime expressions, one sentence.
      expect(link.operationId).toBe(target.id);
      const param = target.pathParams.find((p) => p.name !== 'project_id')!;
      expect(link.parameters).toEqual({ [param.name]: `$response.body#${pointer(param.name)}` });
      expect(pointed(schema, pointer(param.name))?.type, `${from} → ${target.id}: the expression points at a string of the body`).toBe('string');
      expect(link.description).toMatch(/^[A-Z][^.]*\.$/);
    }
  });

  it('type_config is marked as carrying secrets wherever it is read or written, and the examples mask the password', () => {
    const schemas = bundle.components.schemas;
    const withTypeConfig = Object.entries<Schema>(schemas).filter(([, s]) => s.properties?.type_config);
    expect(withTypeConfig.map(([n]) => n).sort()).toEqual(['CreateVideoSourceRequest', 'UpdateVideoSourceRequest', 'VideoSourceDetail', 'VideoSourceListItem']);
    for (const [name, s] of withTypeConfig) {
      const marked = deref(s.properties.type_config)['x-sensitive'];
      expect(marked?.['xml-elements'], name).toEqual(expect.arrayContaining(['password', 'user_name']));
      expect(marked?.when?.type, name).toEqual(['vcn', 'vcn_restful']);
    }
    const examples = resourceOps.flatMap((o) => [...(o.body?.examples ?? []), ...o.responses.flatMap((r) => r.examples)]);
    const passwords = examples.flatMap((e) => {
      const config: unknown = (e.value as Record<string, unknown> | undefined)?.type_config;
      const password = typeof config === 'string' ? /<password>([^<]*)<\/password>/i.exec(config)?.[1] : undefined;
      return password === undefined ? [] : [{ name: e.name, password }];
    });
    // The VCN examples carry one (CreateVideoSourceRequest_vcn): without any, this checks nothing.
    expect(passwords.length).toBeGreaterThan(0);
    for (const { name, password } of passwords) expect(password, name).toMatch(/^\*+$/);
  });

  it('a literal path segment that a sibling path parameter also admits is named in its operation, for routers', () => {
    const paths = Object.keys(bundle.paths);
    const patternOf = (path: string, name: string) => {
      const item = bundle.paths[path];
      const params = [...(item.parameters ?? []), ...Object.values<Schema>(item).flatMap((o) => o?.parameters ?? [])].map((p: Schema) => deref(p));
      return params.find((p) => p.in === 'path' && p.name === name)?.schema?.pattern as string | undefined;
    };
    const collisions: Array<[literal: string, templated: string]> = [];
    for (const a of paths)
      for (const b of paths) {
        const [sa, sb] = [a.split('/'), b.split('/')];
        if (a === b || sa.length !== sb.length) continue;
        const differ = sa.map((s, i) => i).filter((i) => sa[i] !== sb[i]);
        if (differ.length !== 1) continue;
        const i = differ[0]!;
        const param = /^\{(\w+)\}$/.exec(sb[i]!)?.[1];
        const pattern = param && patternOf(b, param);
        if (!sa[i]!.startsWith('{') && pattern && new RegExp(pattern, 'u').test(sa[i]!)) collisions.push([a, b]);
      }
    expect(collisions.sort()).toEqual([
      ['/v2/{project_id}/source/sources', '/v2/{project_id}/source/{video_source_id}'],
      ['/v2/{project_id}/video-group/groups', '/v2/{project_id}/video-group/{video_group_id}'],
    ]);
    for (const [literal, templated] of collisions) {
      const described = Object.values<Schema>(bundle.paths[literal]).map((o) => o?.description ?? '').join('\n');
      expect(described, literal).toContain(`\`${templated}\``);
      expect(described, literal).toMatch(/router/);
    }
  });
});
