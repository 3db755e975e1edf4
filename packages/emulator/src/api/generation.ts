// One generation of the service as the emulator serves it, taken from its bundled description
// alone: the operations, the schemas' validator, the error catalogue (`x-error-codes`) and the
// shape of an error body. VIAS (host vias.*) answers six-field errors with VIAS.000100xx codes;
// VAS (host iva.*) two-field ones with IVA.00xx codes. Each emulator serves one generation; one
// process may run several (scripts/start.mjs runs a VIAS and a VAS emulator side by side).
import { generations, type Generation as Bundle, type Operation } from '@vias-openapi/spec/bundle';
import { validatorFor, type Validation } from '@vias-openapi/spec/validate';

export type GenerationName = 'vias' | 'vas';

/** A row of the catalogue: `x-error-codes` of the generation's error schema. */
export interface ErrorCode {
  code: string;
  status: number;
  message: string;
  description: string;
  advice: string;
}

/** What an error answer says; the generation decides how its body is laid out. */
export interface ErrorContent {
  code: string;
  detail: string;
  /** The offending field, if there is one. */
  param?: string;
}

export interface Generation {
  name: GenerationName;
  /** `VIAS` or `VAS`, as the printed line and logs name it. */
  label: 'VIAS' | 'VAS';
  spec: Bundle;
  operations: ReadonlyMap<string, Operation>;
  validation: Validation;
  catalogue: ReadonlyMap<string, ErrorCode>;
  /** The error body's schema: the one whose `x-error-codes` is the catalogue. */
  errorSchema: object;
  /** The states a task of this generation can be in (its state schema's enum). */
  taskStates: readonly string[];
  errorBody(error: ErrorContent): Record<string, unknown>;
}

/** The error schema (the one with `x-error-codes`) and its catalogue. */
function catalogueOf(spec: Bundle): { errorSchema: object; catalogue: Map<string, ErrorCode> } {
  const schemas: Record<string, { 'x-error-codes'?: ErrorCode[] }> = spec.bundle.components?.schemas ?? {};
  const errorSchema = Object.values(schemas).find((s) => Array.isArray(s['x-error-codes']));
  const rows = errorSchema?.['x-error-codes'];
  if (!errorSchema || !rows?.length) throw new Error(`${spec.yamlPath}: no error schema with x-error-codes`);
  return { errorSchema, catalogue: new Map(rows.map((row) => [row.code, row])) };
}

function statesOf(spec: Bundle, schemaName: string): string[] {
  const states = spec.bundle.components?.schemas?.[schemaName]?.enum;
  if (!Array.isArray(states)) throw new Error(`${spec.yamlPath}: ${schemaName} has no enum of states`);
  return states;
}

function make(name: GenerationName): Generation {
  const spec = generations[name];
  const { errorSchema, catalogue } = catalogueOf(spec);
  const row = (code: string) => {
    const found = catalogue.get(code);
    if (!found) throw new Error(`${code} is not in the ${name.toUpperCase()} catalogue`);
    return found;
  };
  return {
    name,
    label: name === 'vias' ? 'VIAS' : 'VAS',
    spec,
    operations: new Map(spec.operations.map((op) => [op.id, op])),
    validation: validatorFor(name),
    catalogue,
    errorSchema,
    taskStates: statesOf(spec, name === 'vias' ? 'TaskState' : 'VasTaskState'),
    errorBody:
      name === 'vias'
        ? // The six fields of the VIAS error page: reason and advice are its Description and Solution columns.
          ({ code, detail, param }) => {
            const { message, description, advice } = row(code);
            return { error_code: code, error_msg: message, detail, params: param === undefined ? [] : [param], reason: description, advice };
          }
        : // VAS has two fields; its own examples append the particulars to the catalogue's message.
          ({ code, detail }) => ({ error_code: code, error_msg: `${row(code).message} ${detail}` }),
  };
}

const made = new Map<GenerationName, Generation>();

export function generation(name: GenerationName): Generation {
  let found = made.get(name);
  if (!found) made.set(name, (found = make(name)));
  return found;
}
