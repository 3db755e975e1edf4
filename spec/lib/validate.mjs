// JSON Schema 2020-12 validation against a bundle's schemas (ajv, formats on), shared by
// the spec's tests and the contract suite. `validator`/`validate` use the VIAS document;
// `validatorFor('vas')` gives the same pair for the VAS document.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { generations } from './bundle.mjs';

// ajv knows the component schemas as `<generation>#/$defs/…`: a bundle is an OpenAPI
// document, not a JSON Schema, so its `#/components/schemas/…` references are rewritten. A
// `discriminator`'s `mapping` (OpenAPI's, to component names) is left out: ajv refuses it and
// maps each value to the branch whose `properties.<propertyName>` has it as `const`, which is
// what the description's mappings say.
const rewrite = (node, id) =>
  Array.isArray(node)
    ? node.map((n) => rewrite(n, id))
    : node && typeof node === 'object'
      ? Object.fromEntries(
          Object.entries(node).map(([k, v]) => [
            k,
            k === '$ref' && typeof v === 'string'
              ? v.replace('#/components/schemas/', `${id}#/$defs/`)
              : k === 'discriminator' && v && typeof v === 'object' && typeof v.propertyName === 'string'
                ? { propertyName: v.propertyName }
                : rewrite(v, id),
          ]),
        )
      : node;

/** The documented vendor extensions (x-enumDescriptions, x-terminal-states…) are annotations. */
function extensionsOf(schemas) {
  const found = new Set();
  (function collect(node) {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key.startsWith('x-')) found.add(key);
        collect(value);
      }
    }
  })(schemas);
  return [...found];
}

/**
 * `{ validator, validate }` over the component schemas of any bundled document (`id` names it
 * inside ajv): this package's two, or another workspace's such as the emulator's control API.
 */
export function validatorForBundle(bundle, id) {
  // Strict, except strictTypes (a `oneOf` branch puts `properties` on a schema whose `type` is
  // on the parent) and strictRequired (a schema may require what a sibling in `allOf` defines):
  // both valid JSON Schema that trip ajv's locality heuristics. `discriminator`: a task input is
  // checked against the branch its `type` selects only, so its errors are that branch's.
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true, discriminator: true });
  addFormats(ajv);
  const schemas = bundle.components?.schemas ?? {};
  ajv.addVocabulary(extensionsOf(schemas));
  ajv.addSchema({ $id: id, $defs: rewrite(schemas, id) });
  const compiled = new WeakMap();

  /** The compiled validator of a schema object taken from the bundle (memoised). */
  const validator = (schema) => {
    if (!compiled.has(schema)) compiled.set(schema, ajv.compile(rewrite(schema, id)));
    return compiled.get(schema);
  };
  /** `null` when `value` is valid, else ajv's errors as text. */
  const validate = (schema, value) => {
    const check = validator(schema);
    return check(value) ? null : ajv.errorsText(check.errors, { dataVar: 'body' });
  };
  return { validator, validate };
}

const made = {};
/** `{ validator, validate }` over the schemas of one generation's document: `'vias'` or `'vas'`. */
export function validatorFor(generation) {
  if (!generations[generation]) throw new Error(`unknown generation ${generation}: vias or vas`);
  return (made[generation] ??= validatorForBundle(generations[generation].bundle, generation));
}

export const { validator, validate } = validatorFor('vias');
