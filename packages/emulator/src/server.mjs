// node:http in front of openapi-backend's router (routing and path/query parsing from the
// bundle), the authenticator, the spec's ajv validation and the handlers.
import { createServer } from 'node:http';
import { bundle, operations } from '@vias-openapi/spec/bundle';
import { validator } from '@vias-openapi/spec/validate';
import { OpenAPIRouter } from 'openapi-backend';
import { authenticator } from './auth.mjs';
import { ViasFault, invalid } from './errors.mjs';
import { handlers } from './handlers.mjs';
import { newId } from './store.mjs';
import { validateRequest } from './validation.mjs';

const BODY_LIMIT = 1024 * 1024;

class BodyTooLarge extends Error {}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > BODY_LIMIT) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * What the bundle says an answer of `operationId` with `status` looks like: the documented
 * response, else for an error the spec's ErrorResponse (whether each operation lists every
 * error status is the contract suite's business), else undefined.
 */
function responseSchema(operationId, status) {
  const documented = operations.find((o) => o.id === operationId)?.responses.find((r) => r.status === status);
  if (documented) return documented.schema;
  return status >= 400 ? bundle.components.schemas.ErrorResponse : undefined;
}

/**
 * The request listener. `checkResponses` validates every answer against the bundle and turns a
 * non-conforming one into a 500 naming the problem (tests run with it on).
 */
export function createListener({ store, token, accessKey, secretKey, checkResponses = false, log = console.error }) {
  const router = new OpenAPIRouter({ definition: bundle });
  const authenticate = authenticator({ token, accessKey, secretKey });

  async function answer(req, seen) {
    let raw;
    try {
      raw = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) throw invalid('body', `The request body is larger than ${BODY_LIMIT} bytes.`);
      throw error;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const request = { method: req.method, path: url.pathname, headers: req.headers, query: url.search.slice(1) };
    let operation;
    try {
      operation = router.matchOperation(request, true);
    } catch (error) {
      if (String(error.message).startsWith('405')) {
        // The catalogue's own example of this case: VIAS.00010006 "Request method 'GET' not supported".
        throw new ViasFault('VIAS.00010006', `Request method '${req.method}' not supported`, undefined, 405);
      }
      throw new ViasFault('VIAS.00010002', `No VIAS operation at ${req.method} ${url.pathname}.`, undefined, 404);
    }
    seen.id = operation.operationId;
    const refused = await authenticate({ method: req.method, url: url.href, headers: req.headers, body: raw });
    if (refused) throw new ViasFault('VIAS.00010005', refused);

    const id = operation.operationId;
    seen.id = id;
    const handler = handlers[id];
    if (!handler) throw new ViasFault('VIAS.00010006', `The emulator does not implement ${id}.`, undefined, 501);
    let parsed;
    try {
      parsed = router.parseRequest(request, operation); // decodes the path parameters
    } catch (error) {
      if (error instanceof URIError) throw invalid('path', `${url.pathname} is not valid percent-encoded text.`);
      throw error;
    }
    const { params: path, query } = parsed;
    const bodyText = raw.toString('utf8');
    let body;
    if (operation.requestBody && bodyText !== '') {
      try {
        body = JSON.parse(bodyText);
      } catch (error) {
        throw invalid('body', `The request body is not valid JSON: ${error.message}.`);
      }
    }
    const typedQuery = validateRequest(id, { path, query, body, bodyText });
    return { status: 200, body: await handler({ path, query: typedQuery, body }, store) };
  }

  return async (req, res) => {
    const seen = { id: undefined };
    let status;
    let body;
    try {
      ({ status, body } = await answer(req, seen));
    } catch (error) {
      if (error instanceof ViasFault) ({ status, body } = error);
      else {
        log(`vias-emulator: ${req.method} ${(req.url ?? '').split('?')[0]} failed: ${error?.stack ?? error}`);
        ({ status, body } = new ViasFault('VIAS.00010006', 'The emulator failed to answer; see its log.'));
      }
    }
    const { id } = seen;
    if (checkResponses && id) {
      const schema = responseSchema(id, status);
      const check = schema && validator(schema);
      if (!schema || !check(body)) {
        const why = schema ? JSON.stringify(check.errors.slice(0, 3)) : `status ${status} is not documented`;
        log(`vias-emulator: the answer of ${id} does not conform to the spec: ${why}`);
        ({ status, body } = new ViasFault('VIAS.00010006', `The emulator's answer of ${id} does not conform to the spec: ${why}`));
      }
    }
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json;charset=UTF-8',
      'Content-Length': Buffer.byteLength(text),
      'X-Request-Id': newId(),
    });
    res.end(text);
  };
}

/** Starts listening; rejects with the listen error (EADDRINUSE…). */
export function listen(listener, { host, port }) {
  const server = createServer(listener);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
