// The emulator's control API (`/_emulator/…`) as the site renders it: a reference page of its
// own, beside the API generations. Its description is read through the emulator package's
// export (`@vias-openapi/emulator/control.json`, the bundle `npm run build` of the emulator
// writes), never from the emulator's sources; its operations are the bundle's, and its code
// samples are generated here from each operation's path, parameter examples and first request
// example, so they cannot disagree with it. The TypeScript samples use the package's typed
// client (`createControlClient` of `@vias-openapi/emulator/control`) and are type-checked
// against it by test/docs.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describeBundle } from '@vias-openapi/spec/bundle';
import { curlCommand, operationShape, samplesFor, tsLiteral, withSamples } from './samples.mjs';

const require = createRequire(import.meta.url);

/** The bundled control description, by the package's exports; a missing build says how to make it. */
function load() {
  const packageDir = dirname(require.resolve('@vias-openapi/emulator/package.json'));
  const resolve = (file) => {
    try {
      return require.resolve(`@vias-openapi/emulator/${file}`);
    } catch {
      return join(packageDir, 'dist', file);
    }
  };
  const jsonPath = resolve('control.json');
  const yamlPath = resolve('control.yaml');
  if (!existsSync(jsonPath) || !existsSync(yamlPath)) {
    throw new Error(`${jsonPath} is missing: run \`npx turbo run build --filter=@vias-openapi/emulator\` first`);
  }
  return describeBundle(JSON.parse(readFileSync(jsonPath, 'utf8')), { name: 'control', yamlPath, jsonPath });
}

const described = load();

/**
 * The control API as a document of the site, in the shape of a generation of src/samples.mjs
 * where the build and the translations need one: `key`, the bundle, its files, its page and the
 * names of its downloads (at the site's root, named for the emulator).
 */
export const control = {
  key: 'emulator',
  bundle: described.bundle,
  deref: described.deref,
  specOperations: described.operations,
  webhooks: described.webhooks,
  yamlPath: described.yamlPath,
  jsonPath: described.jsonPath,
  page: 'reference-emulator.html',
  files: ['emulator-control.yaml', 'emulator-control.json'],
};

// The server every sample calls: the description's first (the emulator of `npm start`).
const BASE_URL = control.bundle.servers?.[0]?.url ?? 'http://127.0.0.1:4020';

/**
 * Every operation of the control API, in the shape of `operations()` of src/samples.mjs
 * (`generation` is the key of its document, `emulator`), with its required query parameters and
 * their examples, and the value of its first request example.
 */
export function controlOperations() {
  return control.specOperations.map((op) => ({
    ...operationShape(control.key, op),
    queryParams: op.queryParams.filter((p) => p.required).map((p) => ({ name: p.name, example: p.example ?? `<${p.name}>` })),
    body: op.body?.examples[0]?.value,
  }));
}

function curlSample(op) {
  const query = op.queryParams.map((p) => `${p.name}=${encodeURIComponent(String(p.example))}`).join('&');
  return curlCommand(op, BASE_URL, { query: query ? `?${query}` : '' });
}

function typescriptSample(op) {
  const params = [];
  if (op.pathParams.length) params.push(`path: { ${op.pathParams.map((p) => `${p.name}: ${tsLiteral(p.example)}`).join(', ')} }`);
  if (op.queryParams.length) params.push(`query: { ${op.queryParams.map((p) => `${p.name}: ${tsLiteral(p.example)}`).join(', ')} }`);
  const init = [];
  if (params.length) init.push(`params: {\n    ${params.join(',\n    ')},\n  }`);
  if (op.body !== undefined) init.push(`body: ${tsLiteral(op.body, '  ')}`);
  const call = `control.${op.method.toUpperCase()}('${op.path}'${init.length ? `, {\n  ${init.join(',\n  ')},\n}` : ''})`;
  // A body to show, or (204) only the status.
  const [names, shown] = op.successBody ? ['data, error', 'data'] : ['error, response', 'response.status'];
  return `import { createControlClient } from '@vias-openapi/emulator/control';

const control = createControlClient('${BASE_URL}');

const { ${names} } = await ${call};
if (error) throw new Error(error.detail);
console.log(${shown});
`;
}

/** The samples of one control operation, in the shape of Redoc's `x-codeSamples`. */
export const controlSamples = (op) => samplesFor(curlSample(op), typescriptSample(op));

/** The copy of the control description the reference page renders: `doc` (a language's) with the samples. */
export const withControlSamples = (doc = control.bundle) => withSamples(doc, controlOperations(), controlSamples);
