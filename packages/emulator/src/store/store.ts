// The emulator's state: collections of records (tasks, batch configurations, video sources…),
// each declared by its resource module with its unique keys, its references to other
// collections and its secondary indexes, which this store enforces and maintains.
//
// A handler's checks and writes happen in one transaction: `transact(fn)` runs `fn`
// synchronously (it cannot await: a promise returned is an error), `fn` reads through the
// transaction (its own writes included) and writes into it; a unique key taken or a reference to
// nothing throws the resource's own fault at the write. At the end the whole transaction is
// checked for references left dangling, written to the state file in one commit (if there is
// one) and only then applied to memory: a change nobody could save is never seen.
//
// Records stop being live when their resource says so (a task whose deletion finished): they are
// invisible at once and reclaimed from memory and the file on the next access after that moment,
// found through a queue ordered by time, not a scan.
import { TimeHeap } from './heap.js';
import { OrderedIds } from './ordered.js';
import { StateFileError, type Change, type Durable } from './durable.js';

export interface Entity {
  id: string;
  project_id: string;
}

export interface UniqueKey<R> {
  /** The key within the record's project, or undefined when it has none. */
  of(record: R): string | undefined;
  /** The fault when another live record of the project has the key. */
  taken(record: R, other: R): Error;
}

export interface Reference<R> {
  /** The collection it names records of (in the same project). */
  to: string;
  ids(record: R): readonly string[];
  /** The fault when a record names one that does not exist. */
  missing(record: R, id: string): Error;
  /** The fault when a record it names is removed while it still names it. */
  inUse(record: R, id: string): Error;
}

export interface CollectionSpec<R extends Entity> {
  name: string;
  unique?: readonly UniqueKey<R>[];
  references?: readonly Reference<R>[];
  /** Secondary indexes: name → the key a record is listed under (undefined: not listed). */
  indexes?: Readonly<Record<string, (record: R) => string | undefined>>;
  /** False once the record is gone (invisible, then reclaimed). Default: always live. */
  live?(record: R, now: number): boolean;
  /** When a live record will stop being live, if it will. */
  expires?(record: R): number | undefined;
  /** The JSON Schema of a record as kept (record-schema.ts): what an imported record must conform to. */
  schema?: object;
}

/** Checks a record against its collection's schema: undefined when it conforms, else what is wrong. */
export type RecordCheck = (schema: object, record: unknown) => string | undefined;

/** A record an import cannot take: it says which record and why. Nothing was changed. */
export class RecordRefused extends Error {}

/** Read access: what handlers see. Only live records. */
export interface View {
  readonly now: number;
  get<R extends Entity>(collection: string, projectId: string, id: string): R | undefined;
  /** Live records of a project, oldest first (or newest first). */
  list<R extends Entity>(collection: string, projectId: string, order?: 'oldest' | 'newest'): Generator<R>;
  /** How many records a project has, live or not yet reclaimed (an upper bound, O(1)). */
  sizeOf(collection: string, projectId: string): number;
  /** Live records listed under `key` in the index, oldest first. */
  indexed<R extends Entity>(collection: string, index: string, key: string): Generator<R>;
  /** Live records that name `id` of `collection` through one of their references. */
  referrers(collection: string, id: string): Generator<{ collection: string; record: Entity }>;
  /** Projects that hold records. */
  projects(): Set<string>;
}

export interface Transaction extends View {
  put<R extends Entity>(collection: string, record: R): void;
  remove(collection: string, id: string): void;
}

type AnySpec = CollectionSpec<any>;

class Collection {
  readonly records = new Map<string, Entity>();
  readonly byProject = new Map<string, OrderedIds>();
  readonly unique: Map<string, string>[];
  readonly indexes = new Map<string, Map<string, OrderedIds>>();
  constructor(readonly spec: AnySpec) {
    this.unique = (spec.unique ?? []).map(() => new Map());
    for (const name of Object.keys(spec.indexes ?? {})) this.indexes.set(name, new Map());
  }
  live(record: Entity, now: number): boolean {
    return this.spec.live ? this.spec.live(record, now) : true;
  }
}

const keyOf = (projectId: string, key: string) => `${projectId}\u0000${key}`;
const refKey = (collection: string, id: string) => `${collection}\u0000${id}`;

export class Store {
  private readonly collections = new Map<string, Collection>();
  /** `to\0id` → referrers `collection\0id`. */
  private readonly referenced = new Map<string, Set<string>>();
  private readonly expiries = new TimeHeap<{ collection: string; id: string }>();
  private readonly clock: () => number;
  private durable: Durable | undefined;
  private dirty = false;
  private reader: View | undefined;
  private readAt = 0;
  private readonly settings = new Map<string, unknown>();

  constructor(
    specs: readonly AnySpec[],
    clock: () => number,
    private readonly check: RecordCheck = () => undefined,
  ) {
    this.clock = clock;
    for (const spec of specs) this.collections.set(spec.name, new Collection(spec));
    for (const spec of specs) {
      for (const ref of spec.references ?? []) {
        if (!this.collections.has(ref.to)) throw new Error(`${spec.name} refers to ${ref.to}, which no module declares`);
      }
    }
  }

  get names(): string[] {
    return [...this.collections.keys()];
  }

  /** Loads every record of the state file and writes every later change to it. */
  attach(durable: Durable): void {
    for (const [name, collection] of this.collections) {
      for (const record of durable.load(name)) {
        try {
          this.apply(collection, record as Entity);
        } catch (error) {
          throw new StateFileError(`state file ${durable.path} is damaged: the record ${(record as Entity).id} of ${name} cannot be loaded (${(error as Error).message}). It was left untouched; move it away (or start with another --state-file).`);
        }
      }
    }
    this.durable = durable;
    this.reclaim(this.clock());
  }

  /** Reads the live state at the clock's time. */
  read<T>(fn: (view: View) => T): T {
    const now = this.clock();
    this.reclaim(now);
    // One view serves every read (a read cannot await, so two never overlap): only its time changes.
    const view = (this.reader ??= this.view(() => this.readAt, undefined));
    this.readAt = now;
    return fn(view);
  }

  /**
   * Runs `fn` as one transaction and commits what it wrote; throws (changing nothing) when `fn`
   * throws, a reference would dangle, or the state file cannot take the change.
   */
  transact<T>(fn: (tx: Transaction) => T extends PromiseLike<unknown> ? never : T): T {
    const now = this.clock();
    this.reclaim(now);
    const writes = new Map<string, Map<string, Entity | null>>();
    const tx = this.view(() => now, writes) as Transaction;
    tx.put = (name, record) => this.put(tx, writes, name, record);
    tx.remove = (name, id) => {
      const collection = this.collection(name);
      const existing = tx.get(name, '', id) ?? collection.records.get(id);
      if (existing) writesOf(writes, name).set(id, null);
    };
    const result = fn(tx);
    if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
      throw new Error('a store transaction cannot await: its checks and writes must happen in one step');
    }
    this.commit(tx, writes);
    return result;
  }

  /** Resolves once every committed change is on disk (at once without a state file). */
  flushed(): Promise<void> {
    if (!this.durable || !this.dirty) return Promise.resolve();
    return this.durable.flushed();
  }

  /** Removes every record (of one project, or all), as one transaction; how many, and whose. */
  clear(projectId?: string): { records: number; projects: string[] } {
    const projects = new Set<string>();
    let records = 0;
    this.transact((tx) => {
      // Referrers first: reverse declaration order puts tasks before what they name.
      for (const name of [...this.collections.keys()].reverse()) {
        const collection = this.collection(name);
        for (const [id, record] of collection.records) {
          if (projectId !== undefined && record.project_id !== projectId) continue;
          tx.remove(name, id);
          records++;
          projects.add(record.project_id);
        }
      }
      return undefined;
    });
    return { records, projects: [...projects] };
  }

  /**
   * Replaces everything `projectId` holds with `records` (by collection), as one transaction;
   * throws RecordRefused (changing nothing) for a record its collection's schema refuses.
   */
  replace(projectId: string, records: Record<string, Entity[]>): number {
    for (const [name, list] of Object.entries(records)) {
      const collection = this.collection(name);
      for (const [i, record] of list.entries()) {
        const wrong = this.wrongWith(collection, record);
        const which = record && typeof record === 'object' && typeof record.id === 'string' ? `The record ${record.id}` : `Record ${i}`;
        if (wrong) throw new RecordRefused(`${which} of ${name} is not one the emulator keeps: ${wrong}.`);
      }
    }
    return this.transact((tx) => {
      for (const name of [...this.collections.keys()].reverse()) {
        for (const [id, record] of this.collection(name).records) if (record.project_id === projectId) tx.remove(name, id);
      }
      let count = 0;
      // What a record names goes in first: declaration order.
      for (const name of this.collections.keys()) {
        for (const record of records[name] ?? []) {
          tx.put(name, record);
          count++;
        }
      }
      return count;
    });
  }

  /** A value kept beside the records (in the state file, if there is one): the clock's offset. */
  setting(key: string): unknown {
    return this.settings.get(key) ?? this.durable?.setting(key);
  }

  setSetting(key: string, value: unknown): void {
    this.durable?.setSetting(key, value);
    this.settings.set(key, value);
  }

  async close(): Promise<void> {
    await this.durable?.close();
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  /** What is wrong with `record` as a record of `collection`, if anything. */
  private wrongWith(collection: Collection, record: unknown): string | undefined {
    if (!record || typeof record !== 'object' || typeof (record as Entity).id !== 'string' || typeof (record as Entity).project_id !== 'string') return 'a record is an object with a string id and project_id';
    return collection.spec.schema ? this.check(collection.spec.schema, record) : undefined;
  }

  private collection(name: string): Collection {
    const found = this.collections.get(name);
    if (!found) throw new Error(`no collection ${name}`);
    return found;
  }

  private view(time: () => number, writes: Map<string, Map<string, Entity | null>> | undefined): View {
    const store = this;
    const pending = (name: string, id: string) => writes?.get(name)?.get(id);
    const visible = (collection: Collection, id: string): Entity | undefined => {
      const written = pending(collection.spec.name, id);
      const record = written === undefined ? collection.records.get(id) : written ?? undefined;
      return record && collection.live(record, time()) ? record : undefined;
    };
    function* ordered<R>(collection: Collection, ids: OrderedIds | undefined, order: 'oldest' | 'newest', projectId?: string): Generator<R> {
      if (ids) {
        for (const id of order === 'oldest' ? ids.forward() : ids.backward()) {
          const record = visible(collection, id);
          if (record) yield record as R;
        }
      }
      // Records created in this transaction come after everything committed.
      const created = writes?.get(collection.spec.name);
      if (created) {
        for (const [id, record] of created) {
          if (record && !collection.records.has(id) && (projectId === undefined || record.project_id === projectId) && collection.live(record, time())) yield record as R;
        }
      }
    }
    return {
      get now() {
        return time();
      },
      get: <R extends Entity>(name: string, projectId: string, id: string) => {
        const record = visible(store.collection(name), id);
        // An empty project ID: any project (the store's own lookups by ID).
        return record && (projectId === '' || record.project_id === projectId) ? (record as R) : undefined;
      },
      list: <R extends Entity>(name: string, projectId: string, order: 'oldest' | 'newest' = 'oldest') => {
        const collection = store.collection(name);
        return ordered<R>(collection, collection.byProject.get(projectId), order, projectId);
      },
      sizeOf: (name, projectId) => store.collection(name).byProject.get(projectId)?.size ?? 0,
      indexed: <R extends Entity>(name: string, index: string, key: string) => {
        const collection = store.collection(name);
        const ids = collection.indexes.get(index);
        if (!ids) throw new Error(`${name} has no index ${index}`);
        return (function* () {
          for (const record of ordered<R>(collection, ids.get(key), 'oldest')) {
            if (collection.spec.indexes![index]!(record as Entity) === key) yield record;
          }
        })();
      },
      referrers: (name, id) => {
        const keys = store.referenced.get(refKey(name, id));
        return (function* () {
          for (const key of keys ?? []) {
            const [from, fromId] = key.split('\u0000') as [string, string];
            const record = visible(store.collection(from), fromId);
            // The index is the committed records': only a record this transaction rewrote may have stopped naming it.
            if (record && (pending(from, fromId) === undefined || store.namesOf(store.collection(from), record, name).includes(id))) yield { collection: from, record };
          }
          // …and records written in this transaction that name it.
          for (const [from, written] of writes ?? []) {
            for (const [fromId, record] of written) {
              if (!record || keys?.has(refKey(from, fromId))) continue;
              const collection = store.collection(from);
              if (collection.live(record, time()) && store.namesOf(collection, record, name).includes(id)) yield { collection: from, record };
            }
          }
        })();
      },
      projects: () => {
        const out = new Set<string>();
        for (const collection of store.collections.values()) for (const [project, ids] of collection.byProject) if (ids.size) out.add(project);
        return out;
      },
    };
  }

  /** IDs of `to` that `record` names. */
  private namesOf(collection: Collection, record: Entity, to: string): readonly string[] {
    return (collection.spec.references ?? []).filter((r) => r.to === to).flatMap((r) => r.ids(record));
  }

  private put(tx: Transaction, writes: Map<string, Map<string, Entity | null>>, name: string, record: Entity): void {
    const collection = this.collection(name);
    const { spec } = collection;
    // Records are kept by ID: one another project holds (live or not yet reclaimed) is not this one's to replace.
    const pending = writes.get(name)?.get(record.id);
    const holder = pending === undefined ? collection.records.get(record.id) : pending;
    if (holder && holder.project_id !== record.project_id) throw new RecordRefused(`The record ${record.id} of ${name} has the ID of a record of project ${holder.project_id}.`);
    (spec.unique ?? []).forEach((unique, i) => {
      const key = unique.of(record);
      if (key === undefined) return;
      const other = this.holder(tx, writes, collection, i, record.project_id, key);
      if (other && other.id !== record.id) throw unique.taken(record, other);
    });
    for (const ref of spec.references ?? []) {
      for (const id of ref.ids(record)) if (!tx.get(ref.to, record.project_id, id)) throw ref.missing(record, id);
    }
    writesOf(writes, name).set(record.id, record);
  }

  /** The live record of the project holding unique key `i` = `key`, as the transaction sees it. */
  private holder(tx: Transaction, writes: Map<string, Map<string, Entity | null>>, collection: Collection, i: number, projectId: string, key: string) {
    const unique = collection.spec.unique![i]!;
    for (const [, written] of writes.get(collection.spec.name) ?? []) {
      if (written && written.project_id === projectId && unique.of(written) === key && collection.live(written, tx.now)) return written;
    }
    const id = collection.unique[i]!.get(keyOf(projectId, key));
    if (id === undefined) return undefined;
    const current = tx.get(collection.spec.name, projectId, id);
    return current && unique.of(current) === key ? current : undefined;
  }

  private commit(tx: Transaction, writes: Map<string, Map<string, Entity | null>>): void {
    const changes: Change[] = [];
    for (const [name, written] of writes) {
      const collection = this.collection(name);
      for (const [id, record] of written) {
        if (record === null) {
          const removed = collection.records.get(id);
          if (!removed) {
            written.delete(id);
            continue;
          }
          // Nothing may still name a record that goes: the referrer's own module says why not.
          for (const { collection: from, record: referrer } of tx.referrers(name, id)) {
            const ref = (this.collection(from).spec.references ?? []).find((r) => r.to === name && r.ids(referrer).includes(id));
            if (ref) throw ref.inUse(referrer, id);
          }
        }
        changes.push({ collection: name, id, record });
      }
    }
    if (changes.length === 0) return;
    this.durable?.write(changes);
    if (this.durable) this.dirty = true;
    for (const { collection: name, id, record } of changes) {
      const collection = this.collection(name);
      if (record === null) this.forget(collection, id);
      else this.apply(collection, record as Entity);
    }
  }

  private apply(collection: Collection, record: Entity): void {
    const previous = collection.records.get(record.id);
    if (previous) {
      this.unindex(collection, previous);
      // A record that changes project leaves the old project's list.
      if (previous.project_id !== record.project_id) this.unlist(collection, previous);
    }
    collection.records.set(record.id, record);
    let ids = collection.byProject.get(record.project_id);
    if (!ids) collection.byProject.set(record.project_id, (ids = new OrderedIds()));
    ids.add(record.id);
    (collection.spec.unique ?? []).forEach((unique, i) => {
      const key = unique.of(record);
      if (key !== undefined) collection.unique[i]!.set(keyOf(record.project_id, key), record.id);
    });
    for (const [name, of] of Object.entries(collection.spec.indexes ?? {})) {
      const key = of(record);
      if (key === undefined) continue;
      const index = collection.indexes.get(name)!;
      let listed = index.get(key);
      if (!listed) index.set(key, (listed = new OrderedIds()));
      listed.add(record.id);
    }
    for (const ref of collection.spec.references ?? []) {
      for (const id of ref.ids(record)) {
        const key = refKey(ref.to, id);
        let set = this.referenced.get(key);
        if (!set) this.referenced.set(key, (set = new Set()));
        set.add(refKey(collection.spec.name, record.id));
      }
    }
    const expires = collection.spec.expires?.(record);
    if (expires !== undefined) this.expiries.push(expires, { collection: collection.spec.name, id: record.id });
  }

  /** Undoes what `apply` indexed for `record` (before it is replaced or forgotten). */
  private unindex(collection: Collection, record: Entity): void {
    (collection.spec.unique ?? []).forEach((unique, i) => {
      const key = unique.of(record);
      const map = collection.unique[i]!;
      if (key !== undefined && map.get(keyOf(record.project_id, key)) === record.id) map.delete(keyOf(record.project_id, key));
    });
    for (const [name, of] of Object.entries(collection.spec.indexes ?? {})) {
      const key = of(record);
      if (key === undefined) continue;
      const listed = collection.indexes.get(name)!.get(key);
      listed?.delete(record.id);
      if (listed?.size === 0) collection.indexes.get(name)!.delete(key);
    }
    for (const ref of collection.spec.references ?? []) {
      for (const id of ref.ids(record)) {
        const key = refKey(ref.to, id);
        const set = this.referenced.get(key);
        set?.delete(refKey(collection.spec.name, record.id));
        if (set?.size === 0) this.referenced.delete(key);
      }
    }
  }

  private forget(collection: Collection, id: string): void {
    const record = collection.records.get(id);
    if (!record) return;
    this.unindex(collection, record);
    collection.records.delete(id);
    this.unlist(collection, record);
  }

  /** Takes `record` off its project's list. */
  private unlist(collection: Collection, record: Entity): void {
    const ids = collection.byProject.get(record.project_id);
    ids?.delete(record.id);
    if (ids?.size === 0) collection.byProject.delete(record.project_id);
  }

  /** Forgets records that stopped being live by `now` (from memory, and from the state file). */
  private reclaim(now: number): void {
    if (this.expiries.peek() > now) return;
    const gone: Change[] = [];
    while (this.expiries.peek() <= now) {
      const { collection: name, id } = this.expiries.pop()!;
      const collection = this.collection(name);
      const record = collection.records.get(id);
      if (record && !collection.live(record, now)) gone.push({ collection: name, id, record: null });
    }
    if (gone.length === 0) return;
    try {
      this.durable?.write(gone);
    } catch {
      // The disk is full: keep them (they are invisible anyway) and try again on a later access.
      for (const { collection, id } of gone) this.expiries.push(now + 1000, { collection, id });
      return;
    }
    for (const { collection, id } of gone) this.forget(this.collection(collection), id);
  }
}

function writesOf(writes: Map<string, Map<string, Entity | null>>, name: string): Map<string, Entity | null> {
  let found = writes.get(name);
  if (!found) writes.set(name, (found = new Map()));
  return found;
}
