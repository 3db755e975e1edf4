// Every OpenAPI document the site renders as a reference page: the API generations of
// `@vias-openapi/spec` (src/samples.mjs), then the emulator's control API (src/control.mjs). The
// build, the translations and the tests iterate over these; what is about the emulated API
// alone (the landing page's operation tables, the error codes) iterates over the generations.
import { control, controlOperations, controlSamples, withControlSamples } from './control.mjs';
import { codeSamples, generations, operations, withCodeSamples } from './samples.mjs';

export { control };

/** The documents, each `{ key, bundle, yamlPath, jsonPath, page, files }`: the generations, then the control API. */
export const documents = [...generations, control];

/** The operations of a document (default: of every document), each with `generation` its document's key. */
export const documentOperations = (key) =>
  key === undefined ? [...operations(), ...controlOperations()] : key === control.key ? controlOperations() : operations(key);

/** The code samples of an operation of any document (curl and TypeScript). */
export const samplesOf = (op) => (op.generation === control.key ? controlSamples(op) : codeSamples(op));

/** The copy of a document (in a language: `doc`) that its reference page renders, with its samples. */
export const renderedDocument = (key, doc) => (key === control.key ? withControlSamples(doc) : withCodeSamples(key, doc));
