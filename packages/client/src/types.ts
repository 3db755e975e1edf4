import type { components, paths } from './generated/schema.js';

type Schemas = components['schemas'];

export type TaskDetail = Schemas['TaskDetail'];
export type ServiceTaskDetail = Schemas['ServiceTaskDetail'];
export type InferTaskDetail = Schemas['InferTaskDetail'];
export type CreateServiceTaskRequest = Schemas['CreateServiceTaskRequest'];
export type TaskState = Schemas['TaskState'];
export type ErrorResponse = Schemas['ErrorResponse'];

/** An operation with `project_id` removed from its path parameters: the client fills it in. */
export type WithoutProjectId<Op> = Op extends { parameters: { path: infer P } }
  ? Omit<Op, 'parameters'> & { parameters: Omit<Op['parameters'], 'path'> & { path: Omit<P, 'project_id'> } }
  : Op;

/** The spec's `paths`, as callers of this client see them (no `project_id`). */
export type ViasPaths = {
  [Path in keyof paths]: { [Method in keyof paths[Path]]: WithoutProjectId<paths[Path][Method]> };
};
