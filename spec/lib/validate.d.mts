// Types of validate.mjs: ajv over a bundle's component schemas.
import type { ValidateFunction } from 'ajv';

export interface Validation {
  /** The compiled validator of a schema object taken from the bundle (memoised). */
  validator(schema: object): ValidateFunction;
  /** `null` when `value` is valid, else ajv's errors as text. */
  validate(schema: object, value: unknown): string | null;
}

/** Validation against the component schemas of any bundled document; `id` names it inside ajv. */
export declare function validatorForBundle(bundle: object, id: string): Validation;

/** Validation against one generation's document: `'vias'` or `'vas'`. */
export declare function validatorFor(generation: 'vias' | 'vas'): Validation;

/** Validation against the VIAS document. */
export declare const validator: Validation['validator'];
export declare const validate: Validation['validate'];
