// Every error the VAS emulator answers, by name, with the catalogue code it uses (the VAS
// "错误码" page, as `x-error-codes` of the VAS description has it). VAS error bodies have two
// fields: the code and the catalogue's message, followed by what exactly is wrong.
import { fault, faults, injectedFault, type CommonFaults } from '../api/errors.js';
import type { Generation } from '../api/generation.js';

export function vasFaults(generation: Generation) {
  const named = faults(generation, {
    invalid: fault('IVA.0004', (field: string | undefined, detail: string) => ({ detail, ...(field === undefined ? {} : { param: field }) })),
    badBody: fault('IVA.0003', (detail: string) => ({ detail })),
    unauthorized: fault('IVA.0001', (detail: string) => ({ detail })),
    noRoute: fault('IVA.0005', (method: string, path: string) => ({ detail: `No VAS operation at ${method} ${path}.` })),
    // No code says "method not allowed": the resource's "NOT found" code at 405 (choice).
    methodNotAllowed: fault('IVA.0005', (method: string, path: string) => ({ detail: `Request method '${method}' is not supported at ${path}.`, status: 405 })),
    internal: fault('IVA.0006', (detail: string) => ({ detail })),
    // As the vendor's own 404 examples write it: "The requested resource is NOT found. Service … not found."
    taskNotFound: fault('IVA.0005', (id: string) => ({ detail: `Job ${id} not found.` })),
    // TaskTiming: "计划任务不支持obs输入,对于url输入则仅支持rtmp和rtsp两种形式。"
    timedFile: fault('IVA.0004', (type: string) => ({
      detail: `timing is for streams: a scheduled job takes no obs input, and a url input only rtmp:// or rtsp:// (this ${type} input is a file).`,
      param: 'timing',
    })),
    // "This operation is forbidden." for a command the job's state does not allow (choice).
    notAllowedInState: fault('IVA.0009', (id: string, state: string, command: string, allowed: readonly string[]) => ({
      detail: `Job ${id} is ${state}: ${command} is allowed only when it is ${allowed.join(', ')}.`,
    })),
  });
  return { ...named, injected: injectedFault(generation) } satisfies CommonFaults & typeof named;
}

export type VasFaults = ReturnType<typeof vasFaults>;
