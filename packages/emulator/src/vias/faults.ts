// Every error the VIAS emulator answers, by name, with the catalogue code it uses (the Error
// Codes page of the VIAS reference, as `x-error-codes` of the description has it). Where the
// catalogue has no code for a case, the choice is said beside it.
import { fault, faults, injectedFault, type CommonFaults } from '../api/errors.js';
import type { Generation } from '../api/generation.js';

export function viasFaults(generation: Generation) {
  const named = faults(generation, {
    invalid: fault('VIAS.00010001', (field: string | undefined, detail: string) => ({ detail, ...(field === undefined ? {} : { param: field }) })),
    badBody: fault('VIAS.00010001', (detail: string) => ({ detail, param: 'body' })),
    unauthorized: fault('VIAS.00010005', (detail: string) => ({ detail })),
    // The catalogue has no 404; an unknown path is "the object does not exist", at 404 (choice).
    noRoute: fault('VIAS.00010002', (method: string, path: string) => ({ detail: `No VIAS operation at ${method} ${path}.`, status: 404 })),
    // The catalogue's own example of this case: VIAS.00010006 "Request method 'GET' not supported" (at 405, choice).
    methodNotAllowed: fault('VIAS.00010006', (method: string) => ({ detail: `Request method '${method}' not supported`, status: 405 })),
    internal: fault('VIAS.00010006', (detail: string) => ({ detail })),
    taskNotFound: fault('VIAS.00010007', (id: string) => ({ detail: `No task with ID ${id} in this project.`, param: 'task_id' })),
    batchNotFound: fault('VIAS.00010008', (id: string) => ({ detail: `No batch configuration with ID ${id} in this project.`, param: 'id' })),
    taskNameTaken: fault('VIAS.00010011', (name: string, otherId: string) => ({ detail: `A task named ${name} already exists in this project (task ${otherId}).`, param: 'name' })),
    // No code says "a batch configuration of that name exists": the generic "The object already exists." (choice).
    batchNameTaken: fault('VIAS.00010003', (name: string, otherId: string) => ({ detail: `A batch configuration named ${name} already exists (${otherId}).`, param: 'name' })),
    // The catalogue states no "not allowed in this state" code fully (VIAS.00010012 is seen only as a
    // fragment): "The object or parameter is invalid." (choice).
    notAllowedInState: fault('VIAS.00010004', (id: string, state: string, command: string, allowed: readonly string[], param: string) => ({
      detail: `Task ${id} is ${state}: ${command} is allowed only when it is ${allowed.join(', ')}.`,
      param,
    })),
    // Video sources, groups, edge pools, algorithm services. The catalogue's only not-found codes
    // name tasks: another resource not found is "The object does not exist." (choice).
    notFound: fault('VIAS.00010002', (what: string, id: string, param: string) => ({ detail: `No ${what} with ID ${id} in this project.`, param })),
    videoSourceNameTaken: fault('VIAS.00010010', (name: string, otherId: string) => ({ detail: `A video source named ${name} already exists in this project (${otherId}).`, param: 'video_source_name' })),
    videoSourceQuota: fault('VIAS.0010047', (quota: number) => ({ detail: `The project has its ${quota} video sources, the quota.` })),
    // Names of groups and pools unique per project (choice; only video-source names are said to be).
    nameTaken: fault('VIAS.00010003', (what: string, name: string, otherId: string, param: string) => ({ detail: `A ${what} named ${name} already exists in this project (${otherId}).`, param })),
    // A source of the other access type in a group (choice: the console filters groups by access type).
    accessTypeMismatch: fault('VIAS.00010004', (sourceId: string, sourceType: string, groupType: string) => ({
      detail: `Video source ${sourceId} is accessed from the ${sourceType}; the group holds ${groupType} sources only.`,
      param: 'video_source_ids',
    })),
    // "This operation is not allowed." (seen with HTTP 500 in the catalogue) for what a state or a
    // dependant forbids on the resources beyond tasks.
    notAllowed: fault('VIAS.00010012', (detail: string, param?: string) => ({ detail, ...(param === undefined ? {} : { param }) })),
    // "A task created with video_source cannot be changed to another type" (TaskInput.type).
    inputTypeFixed: fault('VIAS.00010001', (id: string, type: string) => ({
      detail: `Task ${id} takes its input from a video source; input.type cannot change to ${type}.`,
      param: 'input.type',
    })),
  });
  return { ...named, injected: injectedFault(generation) } satisfies CommonFaults & typeof named;
}

export type ViasFaults = ReturnType<typeof viasFaults>;
