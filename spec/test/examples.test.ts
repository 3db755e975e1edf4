// Every example in both bundles validates against its schema; every JSON example of the seed
// pages and of the vendor's definitions is embedded, value for value, as a named example; the
// error catalogues have a named example per code at the operations that return them.
import { describe, expect, it } from 'vitest';
import { GENERATIONS, generations, undeclaredFields, validatorFor, type Schema } from './helpers/bundle.js';
import { jsonBlocks, seedIds, seedText } from './helpers/seeds.js';
import { repairedVendorValue, sameJson, vendorExample, vendorFiles, vendorOperation, vendorValue } from './helpers/vendor.js';

/** Named examples of every request body and response, with the schema they illustrate. */
const examples = GENERATIONS.flatMap((g) =>
  generations[g].operations.flatMap((op) =>
    [
      ...(op.body ? [{ where: `${g} ${op.id} request`, status: 0, media: op.body }] : []),
      ...op.responses.map((r) => ({ where: `${g} ${op.id} ${r.status}`, status: r.status, media: r })),
    ].flatMap(({ where, status, media }) =>
      media.examples.map((e: any) => ({ ...e, g, op: op.id, status, where, schema: media.schema as Schema })),
    ),
  ),
);
/** Named examples of every webhook's message (the requests the service sends). */
const webhookExamples = GENERATIONS.flatMap((g) =>
  generations[g].webhooks.flatMap((w) =>
    (w.body?.examples ?? []).map((e: any) => ({ ...e, g, op: w.id, status: 0, where: `${g} webhook ${w.name}`, schema: w.body!.schema as Schema })),
  ),
);
const seedExamples = seedIds.flatMap((seed) => jsonBlocks(seedText(seed)).map((value, i) => ({ seed, i, value })));

/**
 * Every example value the vendor's definitions hold: request bodies and responses. A request
 * example is a value, a JSON text (parsed, or repaired, by vendorValue), or the request's URL
 * (`https://{endpoint}/…`, no body). A text that is neither is kept in `unparsed`.
 */
const unparsed: string[] = [];
const vendorExamples = Object.keys(vendorFiles).flatMap((file) => {
  const { op } = vendorOperation(file);
  return [
    ...Object.keys(op)
      .filter((k) => /^x-request-examples-text-\d+$/.test(k))
      .filter((k) => typeof op[k] !== 'string' || !op[k].startsWith('https://{endpoint}/'))
      .flatMap((k) => {
        try {
          return [{ file, key: k, ...vendorValue(op[k]) }];
        } catch {
          unparsed.push(`${file} ${k}`);
          return [];
        }
      }),
    ...Object.entries<any>(op.responses)
      .filter(([, r]) => r.examples)
      .map(([s, r]) => ({ file, key: `responses/${s}`, ...vendorValue(r.examples['application/json']) })),
  ];
});

describe('examples', () => {
  it.each([...examples, ...webhookExamples].map((e) => [`${e.where} ${e.name}`, e] as const))('%s validates against its schema', (_, e) => {
    const validate = validatorFor(e.g).validator(e.schema);
    expect(validate(e.value), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(e.summary, 'every named example has a summary').toBeTruthy();
  });

  it('every example of an operation or a webhook says where it comes from (x-seed, x-vendor-example, x-source or x-illustrative)', () => {
    const all = [...examples, ...webhookExamples];
    expect(all.length).toBeGreaterThan(100);
    const unsourced = all.filter((e) => !e.seed && !e.vendor && !e.source && !e.illustrative).map((e) => `${e.where} ${e.name}`);
    expect(unsourced).toEqual([]);
    // `x-source` names a kind of source the README lists.
    for (const e of all.filter((x) => x.source)) expect(['catalogue', 'page'], `${e.where} ${e.name}`).toContain(e.source);
  });

  it('the seeds hold 5 JSON examples and every one is embedded verbatim', () => {
    // A count check: a new seed example that nobody embedded fails here.
    expect(seedExamples.length).toBe(5);
    for (const { seed, i, value } of seedExamples) {
      const match = examples.filter((e) => e.seed === seed && JSON.stringify(e.value) === JSON.stringify(value));
      expect(match.length, `seed ${seed} example #${i} is not embedded verbatim`).toBeGreaterThan(0);
    }
    for (const e of examples.filter((x) => x.seed)) {
      expect(seedExamples.some((s) => s.seed === e.seed && JSON.stringify(s.value) === JSON.stringify(e.value)), `${e.where} ${e.name}`).toBe(true);
    }
  });

  it('every example of the vendor definitions is embedded verbatim, and every x-vendor-example is the vendor value', () => {
    expect(vendorExamples.length).toBeGreaterThan(30);
    // The one request example that is no JSON (`"nodes":[{"xxx"}]`): the spec embeds an
    // illustrative one instead (README, createEdgePool).
    expect(unparsed).toEqual(['VIAS/CreateEdgePool.json x-request-examples-text-1']);
    const embedded = examples.filter((e) => e.vendor);
    for (const e of embedded) {
      if (!/^(VIAS|VAS)\/\w+\.json /.test(e.vendor)) continue; // from a page, not a definition: checked below
      const vendor = vendorExample(e.vendor);
      if (e.repair) {
        // A repaired value (x-vendor-example-repair) is the vendor's with only the mechanical
        // repairs applied, and the vendor's own value needed them.
        expect(sameJson(e.value, repairedVendorValue(vendor)), `${e.where} ${e.name} is not ${e.vendor} repaired`).toBe(true);
        const { value, repaired } = vendorValue(vendor);
        expect(repaired || !sameJson(value, e.value), `${e.where} ${e.name}: x-vendor-example-repair, but nothing needed repairing`).toBe(true);
      } else {
        const { value, repaired } = vendorValue(vendor);
        expect(repaired, `${e.where} ${e.name}: ${e.vendor} is not valid JSON; say how it was repaired (x-vendor-example-repair)`).toBe(false);
        expect(sameJson(e.value, value), `${e.where} ${e.name} differs from ${e.vendor}`).toBe(true);
      }
    }
    for (const v of vendorExamples) {
      // A vendor value can be a JSON body with the same content as a seed page's example.
      const found = examples.some((e) => sameJson(e.value, v.value) || (e.repair && sameJson(e.value, repairedVendorValue(v.value))));
      expect(found, `${v.file} ${v.key} is not embedded`).toBe(true);
    }
  });

  it('the examples of pages beyond the seeds are embedded verbatim', () => {
    const byName = (n: string) => examples.find((x) => x.name === n)?.value;
    expect(byName('IVA.0003')).toEqual({ error_code: 'IVA.0003', error_msg: 'Request body is not a valid json object.' });
    expect(byName('result_page')).toEqual({ error_msg: 'The request param is invalid.', error_code: 'IVA.0001' });
    expect(byName('unknown_job')).toEqual({
      error_code: 'IVA.0005',
      error_msg: 'The requested resource is NOT found. The taskId f18320e61e4c4dc685aa2dfc22a28dc5 is not found.',
    });
    expect(byName('created_algorithm_page')).toEqual({ tasks: [{ id: '20690c67d71549c39085a3b28c18f24f' }] });
  });

  it('the error page example of VIAS is embedded verbatim', () => {
    const e = examples.find((x) => x.name === 'VIAS.00010006');
    expect(e?.value).toEqual({
      error_code: 'VIAS.00010006',
      error_msg: 'An internal error occurs.',
      detail: "Request method 'GET' not supported",
      params: [],
      reason: 'An internal error occurs.',
      advice: 'An internal error occurs.',
    });
  });

  it('path parameter examples are the seed request values', () => {
    for (const g of GENERATIONS) {
      const params = generations[g].bundle.components.parameters;
      expect(params.project_id.example).toBe('6204a5bd270343b5885144cf9c8c158d');
      expect(params.service_name.example).toBe('video-analyze');
      expect(params.task_id.example).toBe('f18320e61e4c4dc685aa2dfc22a28dc5');
    }
  });

  it('every field of every seed and vendor example is a declared property (responses stay open, but nothing is left undescribed)', () => {
    // Fields the vendor's own examples send although its schemas lack them (the operation descriptions say so).
    const STRAY = new Set([
      'updateTask rename_and_rewire.manufacturer', 'updateTask rename_and_rewire.priority', 'updateTask rename_and_rewire.service_version',
      'createBatchTask video_sources_webhook.manufacturer', 'createBatchTask video_sources_webhook.priority',
      'updateBatchTask rename.manufacturer', 'updateBatchTask rename.priority', 'updateBatchTask rename.service_name', 'updateBatchTask rename.service_version',
      'listBatchTasks one_configuration.batch_task_list[0].priority', 'listBatchTasks one_configuration.batch_task_list[1].priority',
      // The video-source examples show a `device_id`; the update example sends fields an update cannot change.
      'listVideoSources one_source.video_source_list[0].device_id', 'showVideoSourceDetail url_online.device_id', 'updateVideoSource updated.device_id',
      'updateVideoSource relabel.access_type', 'updateVideoSource relabel.type', 'updateVideoSource relabel.video_group_ids',
      // The service detail example shows an `alg_scene`.
      'showServiceDetail edge_intrusion.alg_scene',
    ]);
    const undeclared = examples.filter((x) => x.seed || x.vendor).flatMap((e) => undeclaredFields(e.value, e.schema, `${e.op} ${e.name}`, e.g));
    expect(undeclared.filter((u) => !STRAY.has(u))).toEqual([]);
    // The list is exact: a stray field the vendor drops, or the spec adds, fails here too.
    expect(undeclared.sort()).toEqual([...STRAY].sort());
  });

  it.each(GENERATIONS)('%s: every catalogue code used by an operation has a named example of that code under its status', (g) => {
    const errorSchema = g === 'vias' ? 'ErrorResponse' : 'VasErrorResponse';
    const catalogue: Array<{ code: string; status: number; message: string; description: string; advice: string }> =
      generations[g].bundle.components.schemas[errorSchema]['x-error-codes'];
    expect(catalogue.length).toBeGreaterThan(10);
    for (const row of catalogue) expect(Object.keys(row).sort()).toEqual(['advice', 'code', 'description', 'message', 'status']);
    const byName = examples.filter((e) => e.g === g && catalogue.some((c) => c.code === e.name));
    for (const e of byName) {
      const row = catalogue.find((c) => c.code === e.name)!;
      expect(e.value.error_code, e.where).toBe(row.code);
      expect(e.value.error_msg, e.where).toBe(row.message);
      expect(e.status, `${e.where}: ${row.code} is a ${row.status}`).toBe(row.status);
      expect(e.source, `${e.where} ${e.name} marked as from the catalogue`).toBe('catalogue');
    }
    const used = new Set(byName.map((e) => e.name));
    const unused = catalogue.filter((c) => !used.has(c.code)).map((c) => c.code);
    expect(unused).toEqual([]);
  });

  it.each(GENERATIONS)('%s: every error response has an example, and 401 is on every operation, from the catalogue', (g) => {
    for (const op of generations[g].operations) {
      const unauthorized = op.responses.find((r) => r.status === 401);
      expect(unauthorized?.source, `${op.id} 401`).toBe('catalogue');
      expect(unauthorized?.examples.map((e) => e.value.error_code)).toEqual([g === 'vias' ? 'VIAS.00010005' : 'IVA.0001']);
      for (const r of op.responses.filter((x) => x.status >= 400)) {
        // VIAS has no catalogue code for 403, 404 and 503 (listed only by the service job pages).
        if (g === 'vias' && [403, 404, 503].includes(r.status)) continue;
        expect(r.examples.length, `${op.id} ${r.status} has examples`).toBeGreaterThan(0);
      }
    }
  });

  it.each(GENERATIONS)('%s: the unknown-task code is on every operation that takes a task ID', (g) => {
    const [status, code] = g === 'vias' ? [400, 'VIAS.00010007'] : [404, 'IVA.0005'];
    const withTaskId = generations[g].operations.filter((op) => op.pathParams.some((p) => p.name === 'task_id'));
    expect(withTaskId.length).toBeGreaterThan(3);
    for (const op of withTaskId) {
      const r = op.responses.find((x) => x.status === status);
      expect(r?.examples.map((e) => e.name), op.id).toContain(code);
    }
  });

  it('showTask has examples in terminal states, so a mock can end a waitForTask demo', () => {
    const { bundle } = generations.vias;
    const terminal: string[] = bundle.components.schemas.TaskState['x-terminal-states'];
    const show = examples.filter((e) => e.g === 'vias' && e.op === 'showTask' && e.status === 200);
    expect(show.map((e) => e.name)).toEqual(expect.arrayContaining(['succeeded', 'failed']));
    expect(show.filter((e) => terminal.includes(e.value.state)).map((e) => e.value.state).sort()).toEqual(['FAILED', 'SUCCEEDED']);
  });
});
