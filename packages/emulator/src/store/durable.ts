// The state file: an LMDB environment (one named database per collection, plus `meta`), written
// through the `lmdb` package. LMDB gives the properties a state file needs: a transaction is all
// or nothing, a killed process leaves the last committed state (there is no torn tail to
// repair), freed pages are reused (the file follows the live state, not the history), and a
// 100,000-record file opens at once.
//
// How it is used here (each point measured; bench/README.md and the tests):
// - Commits are synchronous and skip LMDB's own fsync (`noSync`): when `write` returns, the
//   change is in the file (the page cache), so it survives SIGKILL, and the store applies it to
//   memory only then. `flushed()` then fsyncs on a worker thread, shared by every commit that
//   waits at the same moment (group commit); answers wait for it, so an acknowledged change also
//   survives a power cut. (LMDB's own per-commit fsync took 8 ms and blocked the event loop.)
// - `lmdb` is pinned to 2.9.4: from 3.0 to 3.5.6, a commit that fails with ENOSPC corrupts the
//   process heap (glibc aborts: "free(): invalid size"); 2.9.4 reports the error and carries on.
// - LMDB maps the file without checking it: a file shorter than its own last page, or shorter
//   than its two meta pages, crashes the process with SIGBUS or SIGSEGV. Both are checked here
//   before anything is read, so a damaged file is refused with a message instead.
// - Inside `transactionSync`, only `putSync`/`removeSync` are synchronous (`put` is queued).
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { open, type Database, type RootDatabase } from 'lmdb';

export class StateFileError extends Error {
  override name = 'StateFileError';
}

/** A change the state file could not take; nothing of it was written. */
export class StorageError extends Error {
  override name = 'StorageError';
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.code = code;
  }
}

export interface Change {
  collection: string;
  id: string;
  /** The record, or null to remove it. */
  record: object | null;
}

export interface Durable {
  readonly path: string;
  /** Every record of `collection`. */
  load(collection: string): Iterable<object>;
  /** Writes `changes` in one transaction, or nothing (throws StorageError). */
  write(changes: readonly Change[]): void;
  /** Resolves once every write so far is on disk (one fsync for every caller waiting). */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

const FORMAT = 'vias-emulator-state';
const VERSION = 1;
const LMDB_MAGIC = 0xbeefc0de;
/** Where this LMDB build puts the magic number in a meta page (after its 24-byte page header). */
const MAGIC_OFFSET = 24;
const META_PAGES = 2;

const refuse = (path: string, why: string) =>
  new StateFileError(`state file ${path} ${why}. It was left untouched; move it away (or start with another --state-file).`);

/** Checks what LMDB maps without checking: the magic numbers of both meta pages. */
function checkBeforeOpen(path: string): void {
  const size = statSync(path).size;
  if (size === 0) throw refuse(path, 'is empty (the emulator never writes an empty state file)');
  const head = Buffer.alloc(Math.min(size, 64 * 1024));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.subarray(0, 64).toString('utf8').includes('vias-emulator-journal')) {
    throw refuse(path, 'is a JSON journal of an older vias-emulator; this version keeps its state in LMDB and cannot read it');
  }
  if (size < MAGIC_OFFSET + 4 || head.readUInt32LE(MAGIC_OFFSET) !== LMDB_MAGIC) throw refuse(path, 'is not a vias-emulator state file (not an LMDB file)');
  const pageSize = 4096;
  if (size < META_PAGES * pageSize) throw refuse(path, 'is cut short: it ends inside its first two pages');
}

export function openStateFile(path: string, { generation, collections }: { generation: string; collections: readonly string[] }): Durable {
  const existed = existsSync(path);
  if (existed) checkBeforeOpen(path);
  let env: RootDatabase;
  try {
    env = open({ path, noSubdir: true, maxDbs: collections.length + 1, noSync: true });
  } catch (error) {
    throw refuse(path, `cannot be opened (${(error as Error).message})`);
  }
  const close = () => env.close();
  try {
    const { lastPageNumber, pageSize } = env.getStats() as { lastPageNumber: number; pageSize: number };
    if (statSync(path).size < (lastPageNumber + 1) * pageSize) {
      throw refuse(path, `is cut short: it ends before its page ${lastPageNumber}`);
    }
    const meta = env.openDB({ name: 'meta' });
    const dbs = new Map<string, Database>(collections.map((name) => [name, env.openDB({ name })]));
    const format = meta.get('format') as { format?: string; version?: number; generation?: string } | undefined;
    if (format === undefined) {
      if (existed && [...dbs.values()].some((db) => db.getKeysCount() > 0)) throw refuse(path, 'holds data but no vias-emulator format record');
      env.transactionSync(() => meta.putSync('format', { format: FORMAT, version: VERSION, generation }));
    } else if (format.format !== FORMAT || format.version !== VERSION) {
      throw refuse(path, `is in format ${format.format} ${format.version}, not ${FORMAT} ${VERSION}`);
    } else if (format.generation !== generation) {
      throw refuse(path, `holds a ${String(format.generation).toUpperCase()} emulator's state; start it with --generation ${format.generation}`);
    }
    return durable(path, env, dbs);
  } catch (error) {
    void close();
    if (error instanceof StateFileError) throw error;
    throw refuse(path, `is damaged (${(error as Error).message})`);
  }
}

function durable(path: string, env: RootDatabase, dbs: Map<string, Database>): Durable {
  let commits = 0;
  let synced = 0;
  let syncing: Promise<void> | undefined;

  const sync = () =>
    new Promise<void>((resolve, reject) => {
      const upTo = commits;
      (env as unknown as { sync(callback: (error?: Error) => void): void }).sync((error) => {
        syncing = undefined;
        if (error) reject(new StorageError(`state file ${path} could not be flushed to disk: ${error.message}`));
        else {
          synced = Math.max(synced, upTo);
          resolve();
        }
      });
    });

  return {
    path,
    *load(collection) {
      const db = dbs.get(collection);
      if (!db) throw new Error(`no collection ${collection}`);
      for (const { key, value } of db.getRange()) {
        if (!value || typeof value !== 'object' || (value as { id?: unknown }).id !== key) {
          throw refuse(path, `is damaged: the record ${JSON.stringify(String(key)).slice(0, 80)} of ${collection} is not one the emulator wrote`);
        }
        yield value as object;
      }
    },
    write(changes) {
      if (changes.length === 0) return;
      try {
        env.transactionSync(() => {
          for (const { collection, id, record } of changes) {
            const db = dbs.get(collection);
            if (!db) throw new Error(`no collection ${collection}`);
            if (record === null) db.removeSync(id);
            else db.putSync(id, record);
          }
        });
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        const reason = code === 28 || code === 'ENOSPC' ? 'no space left on device (ENOSPC)' : (error as Error).message;
        throw new StorageError(`state file ${path} could not take the change: ${reason}. Nothing was changed.`, code === 28 ? 'ENOSPC' : String(code ?? ''));
      }
      commits++;
    },
    async flushed() {
      const target = commits;
      while (synced < target) await (syncing ??= sync());
    },
    async close() {
      await syncing?.catch(() => {});
      await env.close();
    },
  };
}
