// The hand-authored description against the vendor's own definitions (spec/vendor/), field by
// field: every parameter, property, `required`, type, pattern, length, range, item count,
// enum, default and format (helpers/compare.ts). A difference fails unless the schema,
// parameter or operation declares it in `x-vendor-deviations` (`field.keyword` → why), and a
// declared deviation that no longer differs fails too, so the list cannot go stale.
import { describe, expect, it } from 'vitest';
import { GENERATIONS, generations, type Schema } from './helpers/bundle.js';
import { compareComponent, compareOperation, differences, MAPPED, OPS } from './helpers/compare.js';
import { vendorFiles, vendorNode, vendorOperation, type Json } from './helpers/vendor.js';

describe('the description against the vendor definitions', () => {
  it('models more than 40 definitions', () => {
    expect(MAPPED.flatMap((c) => c.refs).length).toBeGreaterThan(40);
  });

  it.each(MAPPED.map((c) => [`${c.g} ${c.name}`, c] as const))('%s matches every definition it names', (_, c) => {
    const { unexplained, stale } = compareComponent(c);
    expect(unexplained.join('\n')).toBe('');
    expect(stale.join(', '), 'declared deviations that no longer differ').toBe('');
  });

  it('every definition of every operation file is modelled (or is identical to one that is)', () => {
    const modelled = MAPPED.flatMap((c) => c.refs.map((r) => [r, vendorNode(r)] as const));
    const missing: string[] = [];
    for (const [file, doc] of Object.entries<Json>(vendorFiles)) {
      for (const [name, def] of Object.entries<Json>(doc.definitions ?? {})) {
        const gen = file.split('/')[0];
        const same = modelled.some(([r, node]) => r.startsWith(`${gen}/`) && r.endsWith(`#${name}`) && JSON.stringify(node) === JSON.stringify(def));
        if (!same) missing.push(`${file}#${name}`);
      }
    }
    expect(missing.join('\n')).toBe('');
  });

  it('every vendor operation file is the source of one operation', () => {
    expect(OPS.map(({ o }) => o.vendorOperation).sort()).toEqual(Object.keys(vendorFiles).sort());
  });

  it.each(OPS.map(({ g, o }) => [`${g} ${o.id} (${o.vendorOperation})`, g, o] as const))('%s: path, method, parameters, body and statuses', (_, g, o) => {
    const { unexplained, stale } = compareOperation(g, o);
    expect(unexplained.join('\n')).toBe('');
    expect(stale.join(', '), 'declared status and inline parameter deviations that no longer differ').toBe('');
  });

  it('component parameter deviations are used (none stale; inline ones are checked per operation above)', () => {
    const declared = GENERATIONS.flatMap((g) =>
      Object.values<Schema>(generations[g].bundle.components.parameters).flatMap((p) => Object.keys(p['x-vendor-deviations'] ?? {}).map((k) => ({ g, p, k }))),
    );
    expect(declared.length).toBeGreaterThan(0);
    for (const { g, p, k } of declared) {
      const differs = OPS.filter((x) => x.g === g).some(({ o }) => {
        const vp = (vendorOperation(o.vendorOperation!).op.parameters as Json[]).find((v) => v.name === p.name && v.in === p.in);
        return vp && differences(g, o.vendorOperation!, p.schema, vp, '', true).has(k);
      });
      expect(differs, `${g} parameter ${p.name}: deviation ${k} no longer differs`).toBe(true);
    }
  });
});
