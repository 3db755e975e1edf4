// The bundled description as data, for everything downstream that iterates over it (the
// spec's own tests, the client's generator, the docs' code samples, the contract suite):
// one place that lists operations and resolves references, so none of them can disagree.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const specYamlPath = fileURLToPath(new URL('../dist/openapi.yaml', import.meta.url));
export const specJsonPath = fileURLToPath(new URL('../dist/openapi.json', import.meta.url));

if (!existsSync(specJsonPath)) {
  throw new Error(`${specJsonPath} is missing: run \`npx turbo run build --filter=@vias-openapi/spec\` first`);
}

export const bundle = JSON.parse(readFileSync(specJsonPath, 'utf8'));

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** The node at a local reference such as `#/components/schemas/TaskDetail`. */
function pointer(ref) {
  if (!ref.startsWith('#/')) throw new Error(`not a local reference: ${ref}`);
  const target = ref
    .slice(2)
    .split('/')
    .reduce((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], bundle);
  if (target === undefined) throw new Error(`unresolved ${ref}`);
  return target;
}

/** Follows local `$ref`s; keywords beside a `$ref` (OpenAPI 3.1 allows them) win over the target's. */
export function deref(node) {
  while (node && typeof node.$ref === 'string') {
    const { $ref, ...siblings } = node;
    node = Object.keys(siblings).length ? { ...pointer($ref), ...siblings } : pointer($ref);
  }
  return node;
}

const examplesOf = (media) =>
  Object.entries(media?.examples ?? {}).map(([name, example]) => {
    const { summary, value, 'x-seed': seed } = deref(example);
    return { name, summary, value, seed };
  });

/** A parameter's documented example: its own `example`, its first named example, or its schema's. */
function parameterExample(param) {
  if (param.example !== undefined) return param.example;
  const named = Object.values(param.examples ?? {})[0];
  if (named) return deref(named).value;
  return param.schema?.example ?? param.schema?.examples?.[0];
}

/**
 * One entry per operation: `id` (operationId), `method` (upper case), `path`, `summary`, `tags`,
 * `pathParams` (resolved, each with its documented `example`), `body` (`{ required, schema,
 * examples }`) and `responses` (`{ status, description, schema, examples }`).
 */
export const operations = Object.entries(bundle.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method) => {
    const op = item[method];
    // Operation-level parameters override path-level ones of the same name and place.
    const params = new Map();
    for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref)) params.set(`${p.in}:${p.name}`, p);
    const body = op.requestBody && deref(op.requestBody);
    const bodyMedia = body?.content?.['application/json'];
    return {
      id: op.operationId,
      method: method.toUpperCase(),
      path,
      summary: op.summary,
      tags: op.tags ?? [],
      pathParams: [...params.values()].filter((p) => p.in === 'path').map((p) => ({ ...p, example: parameterExample(p) })),
      body: body && { required: !!body.required, schema: bodyMedia?.schema, examples: examplesOf(bodyMedia) },
      responses: Object.entries(op.responses ?? {}).map(([status, response]) => {
        const { description, content } = deref(response);
        const media = content?.['application/json'];
        return { status: Number(status), description, schema: media?.schema, examples: examplesOf(media) };
      }),
    };
  }),
);
