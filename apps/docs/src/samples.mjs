// Code samples for every operation, generated from the bundled spec at build time so they
// cannot disagree with it. The TypeScript sample is type-checked against the built client
// by test/docs.test.ts; change the templates below, never the generated output.

import { bundle, deref, operations as specOperations } from '@vias-openapi/spec/bundle';

// `project_id` is set once on the client (and by an environment variable for curl), so the
// samples never hard-code a project.
const CLIENT_PARAMS = new Set(['project_id']);
const REGION = 'cn-north-4';

/** Every operation of the bundle, with what the samples and the tests need to know. */
export function operations() {
  return specOperations.map((op) => ({
    method: op.method.toLowerCase(),
    path: op.path,
    operationId: op.id,
    summary: op.summary,
    tags: op.tags,
    statuses: op.responses.map((r) => String(r.status)),
    pathParams: op.pathParams.map((p) => ({ name: p.name, example: p.example ?? `<${p.name}>` })),
    body: op.body && (op.body.examples[0]?.value ?? deref(op.body.schema)?.example ?? {}),
  }));
}

function serverUrl() {
  const server = bundle.servers?.[0] ?? { url: '' };
  return server.url.replace(/\{(\w+)\}/g, (_, name) =>
    name === 'region' ? REGION : (server.variables?.[name]?.default ?? `{${name}}`),
  );
}

/** A value as a TypeScript literal in the repo's style: bare keys, single quotes, trailing commas. */
function tsLiteral(value, pad = '') {
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

function curlSample(op) {
  const url =
    serverUrl() +
    op.path.replace(/\{(\w+)\}/g, (_, name) => {
      if (CLIENT_PARAMS.has(name)) return '${VIAS_PROJECT_ID}';
      return encodeURIComponent(String(op.pathParams.find((p) => p.name === name)?.example ?? name));
    });
  const verb = op.method === 'get' ? '' : `-X ${op.method.toUpperCase()} `;
  const lines = [`curl ${verb}"${url}"`, `  -H "X-Auth-Token: \${VIAS_TOKEN}"`];
  if (op.body !== undefined) {
    // Single-quoted for the shell; a quote inside the JSON becomes '\'' .
    const json = JSON.stringify(op.body, null, 2).replaceAll("'", `'\\''`);
    lines.push(`  -H "Content-Type: application/json"`, `  -d '${json}'`);
  }
  return lines.join(' \\\n');
}

const AUTH = {
  token: '{ token: process.env.VIAS_TOKEN! }',
  aksk: '{ accessKey: process.env.VIAS_ACCESS_KEY!, secretKey: process.env.VIAS_SECRET_KEY! }',
};

/** The client set-up every TypeScript sample starts with; `aksk` signs instead of a token. */
export function clientSample(auth = 'token') {
  return `import { createViasClient } from '@vias-openapi/client';

const vias = createViasClient({
  region: '${REGION}',
  projectId: process.env.VIAS_PROJECT_ID!,
  auth: ${AUTH[auth]},
});
`;
}

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
  // The client resolves to the success body: a created job list, or the job itself.
  const name = op.operationId.startsWith('create') ? 'created' : 'task';
  return `${clientSample()}
const ${name} = await vias.${op.operationId}(${call});
console.log(${name});
`;
}

/** The samples of one operation, in the shape of Redoc's `x-codeSamples`. */
export function codeSamples(op) {
  return [
    { lang: 'curl', label: 'curl', source: curlSample(op) },
    { lang: 'TypeScript', label: 'TypeScript', source: typescriptSample(op) },
  ];
}

/** A copy of the bundle with `x-codeSamples` on every operation; the bundle is not touched. */
export function withCodeSamples() {
  const copy = structuredClone(bundle);
  for (const op of operations()) {
    copy.paths[op.path][op.method]['x-codeSamples'] = codeSamples(op);
  }
  return copy;
}
