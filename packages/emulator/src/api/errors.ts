// Error answers. Every error the emulator gives comes from a named factory (`taskNotFound(id)`,
// `invalid(field, detail)`, …) declared with the catalogue code it uses; a catalogue is built
// against a generation's `x-error-codes` and refuses to exist if a factory names a code the
// description lacks, so the emulator cannot start with an undocumented code.
import type { ErrorContent, Generation } from './generation.js';

/** An error answer: thrown by handlers and the pipeline, written by the server. */
export class ApiFault extends Error {
  readonly status: number;
  readonly content: ErrorContent;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, content: ErrorContent, headers: Record<string, string> = {}) {
    super(content.detail);
    this.status = status;
    this.content = content;
    this.headers = headers;
  }
}

/** What a factory says about one case: the detail, the field, a status other than the catalogue's. */
export interface FaultCase {
  detail: string;
  param?: string;
  status?: number;
  headers?: Record<string, string>;
}

export interface FaultSpec<A extends unknown[]> {
  code: string;
  make: (...args: A) => FaultCase;
}

/** Declares a factory: the catalogue code and how its detail is written. */
export const fault = <A extends unknown[]>(code: string, make: (...args: A) => FaultCase): FaultSpec<A> => ({ code, make });

export type Faults<Specs> = { [K in keyof Specs]: Specs[K] extends FaultSpec<infer A> ? (...args: A) => ApiFault : never };

/** The factories of `specs`, checked against the generation's catalogue. */
export function faults<Specs extends Record<string, FaultSpec<any>>>(generation: Generation, specs: Specs): Faults<Specs> {
  const out: Record<string, (...args: unknown[]) => ApiFault> = {};
  for (const [name, { code, make }] of Object.entries(specs)) {
    const row = generation.catalogue.get(code);
    if (!row) {
      throw new Error(`the emulator's ${name} answers ${code}, which the ${generation.label} description's x-error-codes lacks`);
    }
    out[name] = (...args) => {
      const { detail, param, status, headers } = make(...args);
      return new ApiFault(status ?? row.status, { code, detail, ...(param === undefined ? {} : { param }) }, headers);
    };
  }
  return out as Faults<Specs>;
}

/**
 * The faults every generation must answer, outside any one resource: the pipeline's (routing,
 * credentials, validation, storage) and the server's. Each generation maps them to its codes.
 */
export interface CommonFaults {
  invalid(field: string | undefined, detail: string): ApiFault;
  badBody(detail: string): ApiFault;
  unauthorized(detail: string): ApiFault;
  noRoute(method: string, path: string): ApiFault;
  methodNotAllowed(method: string, path: string): ApiFault;
  internal(detail: string): ApiFault;
  /** An injected fault (the control API's), with the status and code the test asked for. */
  injected(status: number, code: string, detail: string, headers?: Record<string, string>): ApiFault;
}

/** `injected` for a generation: any code of its catalogue, at the status asked for. */
export function injectedFault(generation: Generation) {
  return (status: number, code: string, detail: string, headers: Record<string, string> = {}) => {
    if (!generation.catalogue.has(code)) throw new Error(`${code} is not in the ${generation.label} catalogue`);
    return new ApiFault(status, { code, detail }, headers);
  };
}
