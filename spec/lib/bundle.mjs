// The bundled descriptions as data, for everything downstream that iterates over them (the
// spec's own tests, the client's generator, the docs' code samples, the contract suite):
// one place that lists operations and resolves references, so none of them can disagree.
// Two generations, one document each: VIAS (dist/openapi.*) and VAS (dist/vas.*). The
// top-level exports are the VIAS document's, as before; `generations` holds both.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** Reads one bundled document of this package and derives its operations. */
function load(name) {
  const yamlPath = fileURLToPath(new URL(`../dist/${name}.yaml`, import.meta.url));
  const jsonPath = fileURLToPath(new URL(`../dist/${name}.json`, import.meta.url));
  if (!existsSync(jsonPath)) {
    throw new Error(`${jsonPath} is missing: run \`npx turbo run build --filter=@vias-openapi/spec\` first`);
  }
  return describeBundle(JSON.parse(readFileSync(jsonPath, 'utf8')), { name, yamlPath, jsonPath });
}

/**
 * Any bundled OpenAPI 3.1 document as data (this package's, or another workspace's such as the
 * emulator's control API): `{ name, bundle, operations, deref, yamlPath, jsonPath }`.
 */
export function describeBundle(bundle, { name, yamlPath, jsonPath }) {
  /** The node at a local reference such as `#/components/schemas/TaskDetail`. */
  const pointer = (ref) => {
    if (!ref.startsWith('#/')) throw new Error(`not a local reference: ${ref}`);
    const target = ref
      .slice(2)
      .split('/')
      .reduce((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], bundle);
    if (target === undefined) throw new Error(`unresolved ${ref}`);
    return target;
  };

  /** Follows local `$ref`s; keywords beside a `$ref` (OpenAPI 3.1 allows them) win over the target's. */
  const deref = (node) => {
    while (node && typeof node.$ref === 'string') {
      const { $ref, ...siblings } = node;
      node = Object.keys(siblings).length ? { ...pointer($ref), ...siblings } : pointer($ref);
    }
    return node;
  };

  const examplesOf = (media) =>
    Object.entries(media?.examples ?? {}).map(([name, example]) => {
      const {
        summary,
        value,
        'x-seed': seed,
        'x-vendor-example': vendor,
        'x-vendor-example-repair': repair,
        'x-source': source,
        'x-illustrative': illustrative,
      } = deref(example);
      return { name, summary, value, seed, vendor, repair, source, illustrative };
    });

  /** A parameter's documented example: its own `example`, its first named example, or its schema's. */
  const parameterExample = (param) => {
    if (param.example !== undefined) return param.example;
    const named = Object.values(param.examples ?? {})[0];
    if (named) return deref(named).value;
    return param.schema?.example ?? param.schema?.examples?.[0];
  };

  /**
   * One entry per operation: `id` (operationId), `vendorOperationId` (`x-vendor-operation-id`, the
   * vendor's own operationId), `vendorOperation` (`x-vendor-operation`, its definition file),
   * `method` (upper case), `path`, `summary`, `tags`, `pathParams` and `queryParams`
   * (resolved, each with its documented `example`), `body` (`{ required, schema, examples }`)
   * and `responses` (`{ status, description, schema, examples, source }`).
   */
  const operations = Object.entries(bundle.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => {
      const op = item[method];
      // Operation-level parameters override path-level ones of the same name and place.
      const params = new Map();
      for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref)) params.set(`${p.in}:${p.name}`, p);
      const body = op.requestBody && deref(op.requestBody);
      const bodyMedia = body?.content?.['application/json'];
      const withExample = (p) => ({ ...p, example: parameterExample(p) });
      return {
        id: op.operationId,
        vendorOperation: op['x-vendor-operation'],
        vendorOperationId: op['x-vendor-operation-id'],
        method: method.toUpperCase(),
        path,
        summary: op.summary,
        tags: op.tags ?? [],
        pathParams: [...params.values()].filter((p) => p.in === 'path').map(withExample),
        queryParams: [...params.values()].filter((p) => p.in === 'query').map(withExample),
        body: body && { required: !!body.required, schema: bodyMedia?.schema, examples: examplesOf(bodyMedia) },
        responses: Object.entries(op.responses ?? {}).map(([status, response]) => {
          const resolved = deref(response);
          const media = resolved.content?.['application/json'];
          return {
            status: Number(status),
            description: resolved.description,
            schema: media?.schema,
            examples: examplesOf(media),
            source: resolved['x-source'],
          };
        }),
      };
    }),
  );

  /**
   * One entry per webhook (OpenAPI 3.1 `webhooks`: a request the service sends, not one it
   * answers): `name` (the key under `webhooks`), `id` (operationId), `method`, `summary`,
   * `tags`, `eventTypes` (`x-event-types`), `body` and `responses` as for operations.
   */
  const webhooks = Object.entries(bundle.webhooks ?? {}).flatMap(([name, item]) =>
    METHODS.filter((m) => deref(item)[m]).map((method) => {
      const op = deref(item)[method];
      const body = op.requestBody && deref(op.requestBody);
      const bodyMedia = body?.content?.['application/json'];
      return {
        name,
        id: op.operationId,
        method: method.toUpperCase(),
        summary: op.summary,
        tags: op.tags ?? [],
        eventTypes: op['x-event-types'] ?? [],
        body: body && { required: !!body.required, schema: bodyMedia?.schema, examples: examplesOf(bodyMedia) },
        responses: Object.entries(op.responses ?? {}).map(([status, response]) => ({ status, description: deref(response).description })),
      };
    }),
  );

  return { name, bundle, operations, webhooks, deref, yamlPath, jsonPath };
}

/** Both documents: `vias` (the current VIAS task API) and `vas` (the older VAS/IVA job API). */
export const generations = { vias: load('openapi'), vas: load('vas') };

// The VIAS document, under the names every consumer already uses.
export const { bundle, operations, webhooks, deref } = generations.vias;
export const specYamlPath = generations.vias.yamlPath;
export const specJsonPath = generations.vias.jsonPath;
