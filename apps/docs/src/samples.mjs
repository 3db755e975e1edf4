// Code samples for every operation of every generation, generated from the bundled documents
// at build time so they cannot disagree with them. The TypeScript samples are type-checked
// against the built client by test/docs.test.ts; change the templates below, never the output.

import { generations as specGenerations } from '@vias-openapi/spec/bundle';

// `project_id` is set once on the client (and by an environment variable for curl), so the
// samples never hard-code a project.
const CLIENT_PARAMS = new Set(['project_id']);
const REGION = 'cn-north-4';

/**
 * The API generations the site documents, one OpenAPI document each, in the bundle's order:
 * `key` (vias, vas), the document, its reference page, its raw files and the client factory
 * (`createViasClient`, `createVasClient`).
 */
export const generations = Object.entries(specGenerations).map(([key, g], index) => ({
  key,
  bundle: g.bundle,
  deref: g.deref,
  specOperations: g.operations,
  // The requests the service sends (OpenAPI 3.1 `webhooks`), rendered beside the operations.
  webhooks: g.webhooks,
  yamlPath: g.yamlPath,
  jsonPath: g.jsonPath,
  // The first generation keeps the page name every existing link points at.
  page: index === 0 ? 'reference.html' : `reference-${key}.html`,
  files: [g.yamlPath, g.jsonPath].map((path) => path.split(/[\\/]/).pop()),
  factory: `create${key[0].toUpperCase()}${key.slice(1)}Client`,
}));

/** The generation of `key`; throws on an unknown one. */
export function generation(key) {
  const found = generations.find((g) => g.key === key);
  if (!found) throw new Error(`no generation ${key}`);
  return found;
}

/**
 * What the samples and the tests know of one operation of a bundle (`describeBundle`'s
 * operations), whichever document it is from: the API generations here, the control API in
 * src/control.mjs. Path parameters without an example get a `<name>` placeholder.
 */
export function operationShape(key, op) {
  return {
    generation: key,
    method: op.method.toLowerCase(),
    path: op.path,
    operationId: op.id,
    summary: op.summary,
    tags: op.tags,
    statuses: op.responses.map((r) => String(r.status)),
    successBody: op.responses.some((r) => r.status >= 200 && r.status < 300 && r.schema),
    pathParams: op.pathParams.map((p) => ({ name: p.name, example: p.example ?? `<${p.name}>` })),
  };
}

/** Every operation of a generation (default: every generation), with what the samples and the tests need to know. */
export function operations(key) {
  return (key === undefined ? generations : [generation(key)]).flatMap((g) =>
    g.specOperations.map((op) => ({
      ...operationShape(g.key, op),
      body: op.body && conforming(op.body.examples[0]?.value ?? g.deref(op.body.schema)?.example ?? {}, op.body.schema, g.deref),
    })),
  );
}

/**
 * An example reduced to what its schema declares: the vendor's examples carry a few fields the
 * request schema does not have (the spec says which), and a sample must be a call that
 * type-checks. Objects lose undeclared keys unless the schema allows any; arrays and nested
 * objects are reduced the same way; unions are left as they are.
 */
function conforming(value, schema, deref) {
  const s = deref(schema);
  if (!s || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return s.items ? value.map((v) => conforming(v, s.items, deref)) : value;
  if (!s.properties || s.additionalProperties === true || typeof s.additionalProperties === 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key in s.properties)
      .map(([key, v]) => [key, conforming(v, s.properties[key], deref)]),
  );
}

function serverUrl(g) {
  const server = g.bundle.servers?.[0] ?? { url: '' };
  return server.url.replace(/\{(\w+)\}/g, (_, name) =>
    name === 'region' ? REGION : (server.variables?.[name]?.default ?? `{${name}}`),
  );
}

/** A value as a TypeScript literal in the repo's style: bare keys, single quotes, trailing commas. */
export function tsLiteral(value, pad = '') {
  const inner = `${pad}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${tsLiteral(v, inner)},\n`).join('')}${pad}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const key = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : tsLiteral(k));
    return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${tsLiteral(v, inner)},\n`).join('')}${pad}}`;
  }
  if (typeof value === 'string') {
    return `'${JSON.stringify(value).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'")}'`;
  }
  return JSON.stringify(value);
}

/** A path parameter's example (or its name), URL-encoded for a sample's URL. */
const pathValue = (op, name) => encodeURIComponent(String(op.pathParams.find((p) => p.name === name)?.example ?? name));

/**
 * A curl command for an operation of any document: `base` then the path with each parameter's
 * `param(name)` (default: its example) then `query`; `headers`; and the body as JSON when the
 * operation has one.
 */
export function curlCommand(op, base, { headers = [], param = (name) => pathValue(op, name), query = '' } = {}) {
  const url = base + op.path.replace(/\{(\w+)\}/g, (_, name) => param(name)) + query;
  const verb = op.method === 'get' ? '' : `-X ${op.method.toUpperCase()} `;
  const lines = [`curl ${verb}"${url}"`, ...headers.map((h) => `  -H "${h}"`)];
  if (op.body !== undefined) {
    // Single-quoted for the shell; a quote inside the JSON becomes '\'' .
    const json = JSON.stringify(op.body, null, 2).replaceAll("'", `'\\''`);
    lines.push(`  -H "Content-Type: application/json"`, `  -d '${json}'`);
  }
  return lines.join(' \\\n');
}

const curlSample = (op) =>
  curlCommand(op, serverUrl(generation(op.generation)), {
    headers: ['X-Auth-Token: ${VIAS_TOKEN}'],
    param: (name) => (CLIENT_PARAMS.has(name) ? '${VIAS_PROJECT_ID}' : pathValue(op, name)),
  });

const AUTH = {
  token: '{ token: process.env.VIAS_TOKEN! }',
  aksk: '{ accessKey: process.env.VIAS_ACCESS_KEY!, secretKey: process.env.VIAS_SECRET_KEY! }',
};

/** The client set-up every TypeScript sample starts with; `aksk` signs instead of a token. */
export function clientSample(auth = 'token', key = generations[0].key) {
  const g = generation(key);
  return `import { ${g.factory} } from '@vias-openapi/client';

const ${g.key} = ${g.factory}({
  region: '${REGION}',
  projectId: process.env.VIAS_PROJECT_ID!,
  auth: ${AUTH[auth]},
});
`;
}

/** What a call's result is called in its sample, from the verb of its operationId. */
const resultName = (operationId) =>
  operationId.startsWith('list') ? 'page' : operationId.startsWith('create') ? 'created' : operationId.startsWith('show') ? 'task' : 'result';

function typescriptSample(op) {
  const args = [];
  const path = op.pathParams.filter((p) => !CLIENT_PARAMS.has(p.name));
  if (path.length > 0) {
    args.push(`path: { ${path.map((p) => `${p.name}: ${tsLiteral(p.example)}`).join(', ')} }`);
  }
  if (op.body !== undefined) args.push(`body: ${tsLiteral(op.body, '  ')}`);
  // A short argument stays on the call's line (the sample panel is narrow); else one per line.
  const oneLine = args.length === 1 && !args[0].includes('\n') && args[0].length <= 60;
  const call = args.length === 0 ? '' : oneLine ? `{ ${args[0]} }` : `{\n  ${args.join(',\n  ')},\n}`;
  const invocation = `await ${op.generation}.${op.operationId}(${call});`;
  if (!op.successBody) return `${clientSample('token', op.generation)}\n${invocation}\n`;
  const name = resultName(op.operationId);
  return `${clientSample('token', op.generation)}
const ${name} = ${invocation}
console.log(${name});
`;
}

/** An operation's curl and TypeScript samples, in the shape of Redoc's `x-codeSamples`. */
export const samplesFor = (curl, typescript) => [
  { lang: 'curl', label: 'curl', source: curl },
  { lang: 'TypeScript', label: 'TypeScript', source: typescript },
];

/** The samples of one operation of a generation. */
export const codeSamples = (op) => samplesFor(curlSample(op), typescriptSample(op));

// Extensions Redoc acts on; every other `x-` key (the spec's provenance: sources, vendor
// definitions, error catalogues) is for tools, and is left out of the rendered copy.
const REDOC_EXTENSIONS = new Set(['x-codeSamples', 'x-tagGroups', 'x-logo', 'x-displayName', 'x-enumDescriptions', 'x-traitTag']);

/** A copy of `node` with only the extensions Redoc acts on. */
function withoutProvenance(node) {
  if (Array.isArray(node)) return node.map(withoutProvenance);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !key.startsWith('x-') || REDOC_EXTENSIONS.has(key))
      .map(([key, value]) => [key, withoutProvenance(value)]),
  );
}

/**
 * The copy of a generation's document that the reference page renders: `x-codeSamples` on every
 * operation, provenance extensions removed. The published bundle is not touched. `doc` is the
 * document in the page's language (default: the bundle, in English); the samples are the same in
 * every language.
 */
export const withCodeSamples = (key = generations[0].key, doc = generation(key).bundle) => withSamples(doc, operations(key), codeSamples);

/** A copy of `doc` without provenance, with `samplesOf(op)` as `x-codeSamples` on each of `ops`. */
export function withSamples(doc, ops, samplesOf) {
  const copy = withoutProvenance(doc);
  for (const op of ops) copy.paths[op.path][op.method]['x-codeSamples'] = samplesOf(op);
  return copy;
}

/**
 * The error catalogues of a generation: every `x-error-codes` list on its component schemas
 * (`[{ code, status, message, description, advice }]`), with the schema that carries it and
 * the fields of that error body; from `doc` when given (a translated document).
 */
export function errorCatalogues(key, doc = generation(key).bundle) {
  const schemas = doc.components?.schemas ?? {};
  return Object.entries(schemas)
    .filter(([, schema]) => Array.isArray(schema['x-error-codes']))
    .map(([schema, { 'x-error-codes': codes, properties = {} }]) => ({ schema, fields: Object.keys(properties), codes }));
}
