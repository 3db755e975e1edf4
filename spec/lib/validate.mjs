// JSON Schema 2020-12 validation against the bundle's schemas (ajv, formats on), shared by
// the spec's tests and the contract suite.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { bundle } from './bundle.mjs';

// ajv knows the component schemas as `vias#/$defs/…`: the bundle is an OpenAPI document, not a
// JSON Schema, so its `#/components/schemas/…` references are rewritten on the way in.
const rewrite = (node) =>
  Array.isArray(node)
    ? node.map(rewrite)
    : node && typeof node === 'object'
      ? Object.fromEntries(
          Object.entries(node).map(([k, v]) => [
            k,
            k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', 'vias#/$defs/') : rewrite(v),
          ]),
        )
      : node;

// The documented vendor extensions (x-enumDescriptions, x-terminal-states…) are annotations.
const extensions = new Set();
(function collect(node) {
  if (Array.isArray(node)) node.forEach(collect);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) extensions.add(key);
      collect(value);
    }
  }
})(bundle.components.schemas);

function createAjv() {
  // Strict, except strictTypes: the if/then rules put `properties` on branches whose `type` is on
  // the parent schema, which is valid JSON Schema but trips ajv's type-locality heuristic.
  const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true });
  addFormats(ajv);
  ajv.addVocabulary([...extensions]);
  ajv.addSchema({ $id: 'vias', $defs: rewrite(bundle.components.schemas) });
  return ajv;
}

const ajv = createAjv();
const compiled = new WeakMap();

/** The compiled validator of a schema object taken from the bundle (memoised). */
export function validator(schema) {
  if (!compiled.has(schema)) compiled.set(schema, ajv.compile(rewrite(schema)));
  return compiled.get(schema);
}

/** `null` when `value` is valid, else ajv's errors as text. */
export function validate(schema, value) {
  const check = validator(schema);
  return check(value) ? null : ajv.errorsText(check.errors, { dataVar: 'body' });
}
