// Provider mode's plan (lib/plan.mjs) and the links it follows: the links of both documents keep
// the spec's convention and resolve on the documented answers, and the pieces the CLI relies on
// (runtime expressions, unique names, the phases) behave as test/README.md says.
import { describe, expect, it } from 'vitest';
import { deleteOrder, evaluate, linkedParams, linksOf, planRequests, withKnownIds, withUniqueName } from '../lib/plan.mjs';
import { generation, GENERATION_NAMES } from '../lib/spec.mjs';

/**
 * The operations a run with writes starts from (those whose success has links), in the order the
 * plan first sends each: a create after those that give the IDs its body names, else the
 * document's order. `listUserServices` is a list whose answer links to the operations of what it lists.
 */
const CREATES: Record<(typeof GENERATION_NAMES)[number], string[]> = {
  vias: ['createServiceTask', 'createVideoSource', 'createVideoGroup', 'createBatchTask', 'createEdgePool', 'listUserServices'],
  vas: ['createTasks'],
};

for (const name of GENERATION_NAMES) {
  const doc = generation(name);
  describe(`the ${name} document's links`, () => {
    const creates = doc.operations.filter((op) => linksOf(doc, op).length);

    it('are on exactly the operations a run creates with, which the plan sends first, in its order', () => {
      const planned = planRequests(doc, doc.operations).create.map((r: { op: { id: string } }) => r.op.id);
      expect([...new Set(planned)]).toEqual(CREATES[name]);
    });

    it('follow the convention: named after their target, with operationId, parameters and a one-sentence description', () => {
      for (const op of creates) {
        for (const link of linksOf(doc, op)) {
          expect(link.name, op.id).toBe(link.operationId);
          expect(Object.keys(link).sort(), `${op.id} → ${link.name}`).toEqual(['description', 'name', 'operationId', 'parameters', 'status']);
          expect(link.description, `${op.id} → ${link.name}`).toMatch(/^[A-Z][^.]*\.$/);
        }
      }
    });

    it("give each target's path parameters that are not the project's, and resolve on every documented answer", () => {
      for (const op of creates) {
        for (const link of linksOf(doc, op)) {
          const target = doc.operations.find((o) => o.id === link.operationId)!;
          const needed = target.pathParams.filter((p) => p.name !== 'project_id' && !p.schema?.enum).map((p) => p.name);
          expect(Object.keys(link.parameters).sort(), `${op.id} → ${target.id}`).toEqual(needed.sort());
          const response = op.responses.find((r) => r.status === link.status)!;
          expect(response.examples.length, `${op.id} ${link.status} has examples`).toBeGreaterThan(0);
          for (const example of response.examples) {
            const exchange = { url: '', method: op.method, request: { path: { service_name: 'video-analyze' } }, response: { status: link.status, headers: {}, body: example.value } };
            const given = linkedParams([link], exchange)[target.id];
            expect(Object.keys(given ?? {}).sort(), `${op.id} ${example.name} → ${target.id}`).toEqual(needed.sort());
          }
        }
      }
    });
  });
}

describe('the plan of a run with writes', () => {
  it('VIAS: creates, reads, updates, commands (stop before start), deletes', () => {
    const doc = generation('vias');
    const phases = planRequests(doc, doc.operations);
    const ids = (phase: string) => phases[phase].map((r: { label: string }) => r.label);
    // One request per named example, in the document's order, except that a create runs after
    // the creates that give what its body names (x-identifies): the task on a video source and
    // the group after the video sources, the batch task (a group of sources) after the group.
    expect(ids('create')).toEqual([
      'createServiceTask (url_input_iva_compatible)',
      'createServiceTask (scheduled_weekly)',
      'createServiceTask (obs_input_obs_output)',
      'createVideoSource (url_cloud)',
      'createVideoSource (vcn_edge)',
      'createServiceTask (video_source_webhook)',
      'createVideoGroup (one_source)',
      'createBatchTask (video_sources_webhook)',
      'createEdgePool (two_nodes)',
      'listUserServices', // a list whose answer links to the operations of what it lists
    ]);
    expect(ids('read').every((label: string) => /^(show|list)/.test(label))).toBe(true);
    expect(ids('update')).toEqual([
      'updateTask (rename_and_rewire)',
      'updateBatchTask (rename)',
      'updateVideoSource (relabel)',
      'updateVideoGroup (two_sources)',
      'deployAlgorithm (one_stream)',
      'stopDeployAlgorithm',
    ]);
    expect(ids('command')).toEqual(['startStopTask (stop)', 'batchStartStopTask (stop)', 'startStopTask (start)', 'batchStartStopTask (start)']);
    expect(ids('delete')).toEqual(['deleteTask', 'deleteBatchTask', 'deleteVideoSource', 'deleteVideoGroup', 'deleteEdgePool']);
  });

  it('fills the IDs a body names (x-identifies) with what the run created, wherever they stand', () => {
    const doc = generation('vias');
    const op = doc.operations.find((o) => o.id === 'createBatchTask')!;
    const body = { name: 'b', batch_input: { video_source_group: [{ video_source_group_id: 'g-example', video_source_list: [{ video_source_id: 's-example' }, { video_source_id: 's-example' }] }] } };
    const known = new Map([
      ['showVideoGroupDetail.video_group_id', 'g-created'],
      ['showVideoSourceDetail.video_source_id', 's-created'],
    ]);
    expect(withKnownIds(doc, op.body!.schema, body, known)).toEqual({
      name: 'b',
      batch_input: { video_source_group: [{ video_source_group_id: 'g-created', video_source_list: [{ video_source_id: 's-created' }, { video_source_id: 's-created' }] }] },
    });
    expect(body.batch_input.video_source_group[0]!.video_source_group_id).toBe('g-example'); // the example itself is untouched
    const group = doc.operations.find((o) => o.id === 'createVideoGroup')!;
    expect(withKnownIds(doc, group.body!.schema, { video_source_ids: ['x', 'y'] }, known)).toEqual({ video_source_ids: ['s-created', 's-created'] });
    // What the run did not create stays as the example has it.
    expect(withKnownIds(doc, group.body!.schema, { video_source_ids: ['x'] }, new Map())).toEqual({ video_source_ids: ['x'] });
  });

  it('deletes newest first, but whatever a body named after everything that named it', () => {
    expect(deleteOrder(4, new Map())).toEqual([3, 2, 1, 0]);
    // 0: a task later updated to read 2 (a video source); 3: a group of 2.
    const dependsOn = new Map([
      [0, new Set([2])],
      [3, new Set([2])],
    ]);
    expect(deleteOrder(4, dependsOn)).toEqual([3, 1, 0, 2]);
    // A cycle does not stop the run: newest first.
    expect(deleteOrder(2, new Map([[0, new Set([1])], [1, new Set([0])]]))).toEqual([1, 0]);
  });

  it('a command given with --param is sent with that value only', () => {
    const doc = generation('vias');
    const phases = planRequests(doc, doc.operations.filter((op) => op.id === 'startStopTask'), { command: 'start' });
    expect(phases.command.map((r: { label: string }) => r.label)).toEqual(['startStopTask']);
  });

  it("VAS: one createTasks per named example, in the document's order; stopTask before startTask", () => {
    const doc = generation('vas');
    const phases = planRequests(doc, doc.operations);
    expect(phases.create.map((r: { label: string }) => r.label)).toEqual(['createTasks (obs_input_obs_output)', 'createTasks (edge_camera_dis)', 'createTasks (scheduled_daily)']);
    expect(phases.command.map((r: { label: string }) => r.label)).toEqual(['stopTask', 'startTask']);
  });
});

describe('runtime expressions', () => {
  const exchange = {
    url: 'http://h/v2/p/services/s/tasks',
    method: 'POST',
    request: { path: { service_name: 'video-analyze' }, query: { q: '1' }, headers: { 'X-A': 'a' }, body: { name: 'n' } },
    response: { status: 201, headers: { location: '/x', 'x-list': ['first', 'second'] }, body: [{ id: 'job-1', 'a/b': 'slash', 'm~n': 'tilde' }] },
  };
  it.each([
    ['$response.body#/0/id', 'job-1'],
    ['$response.body#/0/a~1b', 'slash'],
    ['$response.body#/0/m~0n', 'tilde'],
    ['$response.body#/1/id', undefined],
    ['$request.path.service_name', 'video-analyze'],
    ['$request.query.q', '1'],
    ['$request.header.x-a', 'a'],
    ['$request.body#/name', 'n'],
    ['$response.header.Location', '/x'],
    ['$response.header.X-List', 'first'],
    ['$statusCode', 201],
    ['$method', 'POST'],
    ['$url', 'http://h/v2/p/services/s/tasks'],
    ['jobs/{$response.body#/0/id}', 'jobs/job-1'],
    ['a constant', 'a constant'],
    ['$nonsense', undefined],
  ])('%s → %j', (expression, value) => {
    expect(evaluate(expression, exchange)).toEqual(value);
  });

  it('a link gives nothing for an answer of another status, or when the ID is missing', () => {
    const link = { name: 'showTask', status: 200, operationId: 'showTask', parameters: { task_id: '$response.body#/0/id' } };
    expect(linkedParams([link], exchange)).toEqual({});
    expect(linkedParams([{ ...link, status: 201 }], { ...exchange, response: { ...exchange.response, body: [] } })).toEqual({});
    expect(linkedParams([{ ...link, status: 201 }], exchange)).toEqual({ showTask: { task_id: 'job-1' } });
  });
});

describe('names unique to a run', () => {
  const doc = generation('vias');
  const schema = doc.operations.find((op) => op.id === 'createServiceTask')!.body!.schema;
  const body = doc.operations.find((op) => op.id === 'createServiceTask')!.body!.examples[0]!.value as { name: string };

  it('get the tag as a suffix, and stay valid for the schema', () => {
    const { body: named, renamed } = withUniqueName(body, schema, doc.validate, 'abc1231');
    expect(renamed).toBe(true);
    expect(named.name).toBe(`${body.name}-abc1231`);
    expect(doc.validate(schema, named)).toBeNull();
  });

  it('are cut short where the schema allows no longer name (1 to 100 characters)', () => {
    const { body: named } = withUniqueName({ ...body, name: 'x'.repeat(100) }, schema, doc.validate, 'abc1231');
    expect(named.name).toBe(`${'x'.repeat(92)}-abc1231`);
    expect(doc.validate(schema, named)).toBeNull();
  });

  it('are left alone when no suffixed name is valid (the tag itself breaks the pattern)', () => {
    expect(withUniqueName(body, schema, doc.validate, 'a b')).toEqual({ body, renamed: false });
  });
});
