// Tasks and batch configurations in memory, every change journalled (journal.mjs) before it is
// answered. Checks and changes happen in one synchronous step, so concurrent requests cannot
// create two tasks of one name; only the wait for the disk is asynchronous.
import { randomBytes } from 'node:crypto';
import { openJournal, readJournal, writeSnapshot } from './journal.mjs';
import { GONE, stateAt } from './machine.mjs';

const nameKey = (task) => `${task.project_id}\u0000${task.name}`;

export const newId = () => randomBytes(16).toString('hex');

export class Store {
  /** @param {{ clock: () => number, transitionMs: number, runMs: number }} options */
  constructor({ clock, transitionMs, runMs }) {
    this.clock = clock;
    this.timing = { transitionMs, runMs };
    /** @type {Map<string, any>} in creation order */
    this.tasks = new Map();
    /** @type {Map<string, any>} */
    this.batches = new Map();
    /** project + name → task id, for the unique-name check without a scan */
    this.names = new Map();
    this.journal = null;
  }

  /** Loads `path` (refusing a damaged one), compacts it, and journals every later change to it. */
  async persistTo(path) {
    for (const record of readJournal(path)) this.apply(record);
    this.sweep();
    writeSnapshot(path, [
      ...[...this.tasks.values()].map((v) => ({ t: 'task', v })),
      ...[...this.batches.values()].map((v) => ({ t: 'batch', v })),
    ]);
    this.journal = await openJournal(path);
  }

  apply(record) {
    if (record.t === 'task') {
      const previous = this.tasks.get(record.v.id);
      if (previous && this.names.get(nameKey(previous)) === previous.id) this.names.delete(nameKey(previous));
      this.tasks.set(record.v.id, record.v);
      this.names.set(nameKey(record.v), record.v.id);
    } else if (record.t === 'batch') this.batches.set(record.v.id, record.v);
    else if (record.t === 'unbatch') this.batches.delete(record.id);
    else throw new Error(`unknown journal record ${record.t}`);
  }

  /** Records changes; resolves once they are durable (at once without a state file). */
  commit(records) {
    for (const record of records) this.apply(record);
    return this.journal ? Promise.all(records.map((r) => this.journal.append(r))) : Promise.resolve();
  }

  saveTask(task) {
    return this.commit([{ t: 'task', v: task }]);
  }

  now() {
    return this.clock();
  }

  state(task, now = this.now()) {
    return stateAt(task, now, this.timing);
  }

  /** The task if it exists in the project (not gone), else undefined. */
  task(projectId, id) {
    const task = this.tasks.get(id);
    if (!task || task.project_id !== projectId) return undefined;
    if (this.state(task).state === GONE) return void this.forget(task);
    return task;
  }

  /** Live tasks of a project, oldest first. */
  projectTasks(projectId) {
    const now = this.now();
    const out = [];
    for (const task of this.tasks.values()) {
      if (task.project_id !== projectId) continue;
      if (this.state(task, now).state === GONE) this.forget(task);
      else out.push(task);
    }
    return out;
  }

  /** The live task of this name in the project, if any (names are unique among live tasks). */
  taskNamed(projectId, name) {
    const id = this.names.get(nameKey({ project_id: projectId, name }));
    return id === undefined ? undefined : this.task(projectId, id);
  }

  /** Forgets tasks whose deletion has finished. */
  sweep() {
    const now = this.now();
    for (const task of this.tasks.values()) if (this.state(task, now).state === GONE) this.forget(task);
  }

  forget(task) {
    this.tasks.delete(task.id);
    if (this.names.get(nameKey(task)) === task.id) this.names.delete(nameKey(task));
  }

  batch(projectId, id) {
    const batch = this.batches.get(id);
    return batch && batch.project_id === projectId ? batch : undefined;
  }

  async close() {
    await this.journal?.close();
  }
}
