// The store on its own: transactions are synchronous and all or nothing, unique keys and
// references are the store's to enforce, a page costs the page, and records that stop being live
// are reclaimed on the next access after that moment.
import { describe, expect, it } from 'vitest';
import { Store, type CollectionSpec } from '../src/store/store.js';
import { manualClock } from './helpers.js';

interface Item {
  id: string;
  project_id: string;
  name: string;
  goneAt?: number;
  refs?: string[];
  group?: string;
}

const items: CollectionSpec<Item> = {
  name: 'items',
  unique: [{ of: (i) => i.name, taken: (i, other) => new Error(`name ${i.name} is taken by ${other.id}`) }],
  references: [{ to: 'targets', ids: (i) => i.refs ?? [], missing: (_, id) => new Error(`no target ${id}`), inUse: (i, id) => new Error(`${i.id} uses ${id}`) }],
  indexes: { group: (i) => i.group },
  live: (i, now) => i.goneAt === undefined || now < i.goneAt,
  expires: (i) => i.goneAt,
};
const targets: CollectionSpec<{ id: string; project_id: string }> = { name: 'targets' };

const make = () => {
  const clock = manualClock(0);
  return { clock, store: new Store([targets, items], clock) };
};
const item = (id: string, extra: Partial<Item> = {}): Item => ({ id, project_id: 'p', name: id, ...extra });

describe('transactions', () => {
  it('commit everything a transaction wrote, or nothing when it throws', () => {
    const { store } = make();
    store.transact((tx) => (tx.put('items', item('a')), tx.put('items', item('b'))));
    expect(() =>
      store.transact((tx) => {
        tx.put('items', item('c'));
        throw new Error('the handler changed its mind');
      }),
    ).toThrow('changed its mind');
    expect(store.read((v) => [...v.list<Item>('items', 'p')].map((i) => i.id))).toEqual(['a', 'b']);
  });

  it('see their own writes, and nobody else does before the commit', () => {
    const { store } = make();
    store.transact((tx) => {
      tx.put('items', item('a'));
      expect(tx.get('items', 'p', 'a')).toMatchObject({ id: 'a' });
      expect([...tx.list('items', 'p')]).toHaveLength(1);
      expect(store.read((v) => v.get('items', 'p', 'a'))).toBeUndefined();
    });
  });

  it('cannot await: a transaction that returns a promise is refused and commits nothing', () => {
    const { store } = make();
    const asynchronous = (async (tx: any) => tx.put('items', item('a'))) as any;
    expect(() => store.transact(asynchronous)).toThrow(/cannot await/);
    expect(store.read((v) => v.get('items', 'p', 'a'))).toBeUndefined();
  });
});

describe('unique keys and references', () => {
  it('refuse a key another live record of the project holds, in the store and in the same transaction', () => {
    const { store } = make();
    store.transact((tx) => tx.put('items', item('a', { name: 'x' })));
    expect(() => store.transact((tx) => tx.put('items', item('b', { name: 'x' })))).toThrow('name x is taken by a');
    expect(() => store.transact((tx) => (tx.put('items', item('c', { name: 'y' })), tx.put('items', item('d', { name: 'y' }))))).toThrow('taken by c');
    // Another project, a renamed holder, a holder that is gone: the key is free.
    store.transact((tx) => tx.put('items', { ...item('e', { name: 'x' }), project_id: 'q' }));
    store.transact((tx) => (tx.put('items', item('a', { name: 'renamed' })), tx.put('items', item('f', { name: 'x' }))));
    store.transact((tx) => tx.put('items', item('f', { name: 'x', goneAt: 0 })));
    store.transact((tx) => tx.put('items', item('g', { name: 'x' })));
  });

  it('refuse a reference to nothing, and the removal of a record still referred to', () => {
    const { store } = make();
    expect(() => store.transact((tx) => tx.put('items', item('a', { refs: ['t1'] })))).toThrow('no target t1');
    store.transact((tx) => (tx.put('targets', { id: 't1', project_id: 'p' }), tx.put('items', item('a', { refs: ['t1'] }))));
    expect(() => store.transact((tx) => tx.remove('targets', 't1'))).toThrow('a uses t1');
    // A target of another project is not there.
    store.transact((tx) => tx.put('targets', { id: 't2', project_id: 'q' }));
    expect(() => store.transact((tx) => tx.put('items', item('b', { refs: ['t2'] })))).toThrow('no target t2');
    // Once the referrer lets go (in the same transaction), the target may go.
    store.transact((tx) => (tx.put('items', item('a', { refs: [] })), tx.remove('targets', 't1')));
    expect(store.read((v) => v.get('targets', 'p', 't1'))).toBeUndefined();
  });

  it('list referrers and index members as they are after each commit', () => {
    const { store } = make();
    store.transact((tx) => (tx.put('targets', { id: 't', project_id: 'p' }), tx.put('items', item('a', { refs: ['t'], group: 'g1' }))));
    store.transact((tx) => tx.put('items', item('b', { refs: ['t'], group: 'g1' })));
    store.transact((tx) => tx.put('items', item('a', { refs: [], group: 'g2' })));
    expect(store.read((v) => [...v.referrers('targets', 't')].map((r) => r.record.id))).toEqual(['b']);
    expect(store.read((v) => [...v.indexed<Item>('items', 'group', 'g1')].map((i) => i.id))).toEqual(['b']);
    expect(store.read((v) => [...v.indexed<Item>('items', 'group', 'g2')].map((i) => i.id))).toEqual(['a']);
  });
});

describe('lists and reclaiming', () => {
  it('lists newest first from the end, and stops when the caller stops', () => {
    const { store } = make();
    store.transact((tx) => {
      for (let i = 0; i < 1000; i++) tx.put('items', item(`i${i}`));
    });
    let read = 0;
    const page = store.read((v) => {
      const out = [];
      for (const record of v.list<Item>('items', 'p', 'newest')) {
        read++;
        out.push(record.id);
        if (out.length === 3) break;
      }
      return out;
    });
    expect(page).toEqual(['i999', 'i998', 'i997']);
    expect(read).toBe(3);
  });

  it('hides a record the moment it stops being live, and forgets it on the next access after that', () => {
    const { clock, store } = make();
    store.transact((tx) => {
      for (let i = 0; i < 100; i++) tx.put('items', item(`i${i}`, { goneAt: 50, group: 'g' }));
      tx.put('items', item('keeper'));
    });
    expect(store.read((v) => v.sizeOf('items', 'p'))).toBe(101);
    clock.advance(50);
    expect(store.read((v) => [...v.list<Item>('items', 'p')].map((i) => i.id))).toEqual(['keeper']);
    expect(store.read((v) => v.sizeOf('items', 'p'))).toBe(1); // reclaimed by that read
    expect(store.read((v) => [...v.indexed('items', 'group', 'g')])).toEqual([]);
    // Their names are free again.
    store.transact((tx) => tx.put('items', item('new', { name: 'i1' })));
  });

  it('clears one project, or everything', () => {
    const { store } = make();
    store.transact((tx) => {
      tx.put('targets', { id: 't', project_id: 'p' });
      tx.put('items', item('a', { refs: ['t'] }));
      tx.put('items', { ...item('b'), project_id: 'q' });
    });
    store.clear('p');
    expect(store.read((v) => [...v.projects()])).toEqual(['q']);
    store.clear();
    expect(store.read((v) => v.projects().size)).toBe(0);
  });
});
