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
// - LMDB maps the file without checking it: a file cut short or overwritten crashes the process
//   that reads it (SIGBUS, SIGSEGV). An existing file is therefore first read whole, read-only,
//   in a child process, where a crash is a refusal with a message naming the file.
// - Inside `transactionSync`, only `putSync`/`removeSync` are synchronous (`put` is queued).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, statfsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
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
  /** A value kept beside the records (`meta`), and its setter (written at once). */
  setting(key: string): unknown;
  setSetting(key: string, value: unknown): void;
  close(): Promise<void>;
}

const FORMAT = 'vias-emulator-state';
const VERSION = 1;
const LMDB_MAGIC = 0xbeefc0de;
/** Where this LMDB build puts the magic number in a meta page (after its 24-byte page header). */
const MAGIC_OFFSET = 24;

/** Free bytes of the file system holding `path` (Infinity when it cannot be told). */
function freeBytes(path: string): number {
  try {
    const { bavail, bsize } = statfsSync(dirname(path));
    return bavail * bsize;
  } catch {
    return Infinity;
  }
}

const refuse = (path: string, why: string) =>
  new StateFileError(`state file ${path} ${why}. It was left untouched; move it away (or start with another --state-file).`);

/** The cheap checks, with the clearest messages: empty, an older journal, not LMDB at all. */
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
}

export function openStateFile(path: string, { generation, collections }: { generation: string; collections: readonly string[] }): Durable {
  // An existing file is checked read-only first, so that a file refused is a file untouched.
  if (existsSync(path)) checkExisting(path, generation, collections);
  let env: RootDatabase;
  try {
    env = open({ path, noSubdir: true, maxDbs: collections.length + 1, noSync: true });
  } catch (error) {
    throw refuse(path, `cannot be opened (${(error as Error).message})`);
  }
  try {
    const meta = env.openDB({ name: 'meta' });
    const dbs = new Map<string, Database>(collections.map((name) => [name, env.openDB({ name })]));
    if (meta.get('format') === undefined) env.transactionSync(() => meta.putSync('format', { format: FORMAT, version: VERSION, generation }));
    return durable(path, env, dbs, meta);
  } catch (error) {
    void env.close();
    throw refuse(path, `cannot be opened (${(error as Error).message})`);
  }
}

/**
 * Reads an existing state file whole in a child process, read-only: LMDB maps the file without
 * checking it, so a file cut short or overwritten can crash the process that reads it (SIGBUS,
 * SIGSEGV). In a child, such a crash is a refusal with a message; in this process it would be
 * the end of it. The child also checks the format record. Prints a refusal, or nothing.
 */
const CHECK = `
const [path, generation, format, version, ...collections] = process.argv.slice(1);
const { open } = require(process.env.VIAS_EMULATOR_LMDB);
const env = open({ path, noSubdir: true, maxDbs: collections.length + 1, readOnly: true });
const refuse = (why) => { process.stdout.write(why); process.exit(3); };
const meta = env.openDB({ name: 'meta' });
const found = meta && meta.get('format');
let records = 0;
for (const name of collections) {
  const db = env.openDB({ name });
  if (!db) continue;
  for (const { key, value } of db.getRange()) {
    records++;
    if (!value || typeof value !== 'object' || value.id !== key) refuse('is damaged: the record ' + JSON.stringify(String(key)).slice(0, 80) + ' of ' + name + ' is not one the emulator wrote');
  }
}
if (found === undefined) { if (records > 0) refuse('holds data but no vias-emulator format record'); }
else if (found.format !== format || found.version !== Number(version)) refuse('is in format ' + found.format + ' ' + found.version + ', not ' + format + ' ' + version);
else if (found.generation !== generation) refuse('holds a ' + String(found.generation).toUpperCase() + " emulator's state; start it with --generation " + found.generation);
`;

function checkExisting(path: string, generation: string, collections: readonly string[]): void {
  checkBeforeOpen(path);
  const child = spawnSync(process.execPath, ['-e', CHECK, path, generation, FORMAT, String(VERSION), ...collections], {
    encoding: 'utf8',
    env: { ...process.env, VIAS_EMULATOR_LMDB: createRequire(import.meta.url).resolve('lmdb') },
    maxBuffer: 1024 * 1024,
  });
  if (child.status === 0) return;
  if (child.status === 3) throw refuse(path, child.stdout);
  const how = child.signal ? `reading it crashes LMDB (${child.signal}): it is cut short or overwritten` : `it cannot be read (${(child.stderr || child.error?.message || '').trim().split('\n').pop()})`;
  throw refuse(path, `is damaged: ${how}`);
}

function durable(path: string, env: RootDatabase, dbs: Map<string, Database>, meta: Database): Durable {
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
        // LMDB reports a full disk as ENOSPC or, when it fails writing overflow pages, as EIO:
        // the file system's free space tells which.
        const full = (error as { code?: unknown }).code === 28 || freeBytes(path) < 1024 * 1024;
        const reason = full ? `the disk is full (${freeBytes(path)} bytes free)` : (error as Error).message;
        throw new StorageError(`state file ${path} could not take the change: ${reason}. Nothing was changed.`, full ? 'ENOSPC' : undefined);
      }
      commits++;
    },
    setting: (key) => meta.get(`setting:${key}`),
    setSetting(key, value) {
      try {
        env.transactionSync(() => meta.putSync(`setting:${key}`, value));
      } catch (error) {
        throw new StorageError(`state file ${path} could not keep ${key}: ${(error as Error).message}.`);
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
