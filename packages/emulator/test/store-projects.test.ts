// Records are kept by ID across projects: a record whose ID another project holds is refused (an
// import cannot move another project's record), and one that does change project in a
// transaction leaves the old project's list.
import { describe, expect, it } from 'vitest';
import { createControlClient } from '../src/control/client.js';
import { RecordRefused, Store, type CollectionSpec } from '../src/store/store.js';
import { client, create, emulator, fileTask, manualClock, PROJECT } from './helpers.js';

const items: CollectionSpec<{ id: string; project_id: string }> = { name: 'items' };
const OTHER = 'aaaabbbbccccddddeeeeffff00001111';

describe('a record of another project', () => {
  it('is not replaced by a put of the same ID in another project', () => {
    const store = new Store([items], manualClock(0));
    store.transact((tx) => tx.put('items', { id: 'x', project_id: 'a' }));
    expect(() => store.transact((tx) => tx.put('items', { id: 'x', project_id: 'b' }))).toThrow(RecordRefused);
    expect(store.read((view) => [...view.list('items', 'a')].map((r) => r.id))).toEqual(['x']);
    expect(store.read((view) => [...view.list('items', 'b')])).toEqual([]);
  });

  it('moves, removed and put in one transaction, off the old project’s list', () => {
    const store = new Store([items], manualClock(0));
    store.transact((tx) => tx.put('items', { id: 'x', project_id: 'a' }));
    store.transact((tx) => (tx.remove('items', 'x'), tx.put('items', { id: 'x', project_id: 'b' })));
    expect(store.read((view) => [...view.list('items', 'a')])).toEqual([]);
    expect(store.read((view) => [...view.list('items', 'b')].map((r) => r.id))).toEqual(['x']);
    expect(store.read((view) => view.sizeOf('items', 'a'))).toBe(0);
  });

  it('cannot be taken by an import into another project: 400, and it stays where it was', async () => {
    const { url } = await emulator();
    const control = createControlClient(url);
    const id = await create(client(url), fileTask());
    const { data: state } = await control.GET('/_emulator/state', { params: { query: { project_id: PROJECT } } });
    const moved = { ...state!, project_id: OTHER, collections: { tasks: state!.collections.tasks!.map((t) => ({ ...t, project_id: OTHER })) } };
    const refused = await control.PUT('/_emulator/state', { body: moved });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toMatchObject({ detail: `The state cannot be imported: The record ${id} of tasks has the ID of a record of project ${PROJECT}.` });
    expect((await client(url).listTasks({})).tasks?.map((t) => t.id)).toEqual([id]);
    expect((await client(url).showTask({ path: { task_id: id } })).id).toBe(id);
  });
});
