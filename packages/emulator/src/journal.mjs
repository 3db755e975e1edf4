// The state file: a write-ahead journal of JSON records, one a line, each behind its CRC-32.
// A change is answered only after its record is written and fdatasync'ed; records waiting at
// the same moment share one write and one sync (group commit), which keeps 200 concurrent
// clients fast. On start the journal is read back whole; any damage (a torn or altered line,
// a wrong header) is refused with an error naming the file and line, and the file is left as it
// is. A good journal is then compacted to the live records, written to a temporary file,
// synced and renamed over the old one, so the file never holds a half-written state.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';

const HEADER = JSON.stringify({ format: 'vias-emulator-journal', version: 1 });

export class StateFileError extends Error {
  name = 'StateFileError';
}

const line = (record) => {
  const json = JSON.stringify(record);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
};

/** Reads every record of `path`; throws StateFileError on any damage. `[]` when it does not exist. */
export function readJournal(path) {
  if (!existsSync(path)) return [];
  const refuse = (why) =>
    new StateFileError(`state file ${path} is damaged: ${why}. It was left untouched; move it away (or fix it) and start again.`);
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new StateFileError(`cannot read state file ${path}: ${error.message}`);
  }
  if (text === '') throw refuse('it is empty (the emulator never writes an empty state file)');
  if (!text.endsWith('\n')) throw refuse('its last line is cut short (truncated)');
  const lines = text.slice(0, -1).split('\n');
  if (lines[0] !== HEADER) throw refuse('line 1 is not the header of a vias-emulator state file');
  return lines.slice(1).map((entry, i) => {
    const match = /^([0-9a-f]{8}) (.*)$/.exec(entry);
    if (!match || crc32(match[2]).toString(16).padStart(8, '0') !== match[1]) throw refuse(`line ${i + 2} fails its checksum`);
    try {
      return JSON.parse(match[2]);
    } catch {
      throw refuse(`line ${i + 2} is not JSON`);
    }
  });
}

/** Writes `records` as a fresh journal at `path`, atomically (temporary file, fsync, rename, fsync of the folder). */
export function writeSnapshot(path, records) {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, `${HEADER}\n${records.map(line).join('')}`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** Appends records durably. `append` resolves once the record is on disk. */
export async function openJournal(path) {
  const handle = await open(path, 'a');
  let queue = [];
  let waiters = [];
  let flushing = null;

  async function flush() {
    while (queue.length) {
      const text = queue.join('');
      const done = waiters;
      queue = [];
      waiters = [];
      try {
        const bytes = Buffer.from(text);
        // One write for the whole batch: a killed process leaves all of it or none of it.
        for (let offset = 0; offset < bytes.length; ) offset += (await handle.write(bytes, offset)).bytesWritten;
        await handle.datasync();
        done.forEach((w) => w.resolve());
      } catch (error) {
        done.forEach((w) => w.reject(error));
      }
    }
    flushing = null;
  }

  return {
    append(record) {
      queue.push(line(record));
      const promise = new Promise((resolve, reject) => waiters.push({ resolve, reject }));
      flushing ??= Promise.resolve().then(flush);
      return promise;
    },
    async close() {
      await flushing;
      await handle.close();
    },
  };
}
