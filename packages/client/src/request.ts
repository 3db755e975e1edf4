// The request object openapi-fetch builds for each call (its `Request` option). A real Request
// costs ~10 µs in Node and undici copies it again when it is sent; this keeps what openapi-fetch
// set (URL, method, headers, the serialised body) and the transport sends it as `fetch(url, init)`.
// Calls on a client with middleware get a real Request, so middleware sees what it expects.

export class CallRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  /** The body as openapi-fetch serialised it (a JSON string for this API). */
  readonly bodyInit: BodyInit | null;

  constructor(url: string, init: RequestInit = {}) {
    this.url = url;
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.bodyInit = init.body ?? null;
  }
}

/** The bytes or text to send, from either kind of request; `null` when there is no body. */
export async function bodyOf(request: Request | CallRequest): Promise<string | ArrayBuffer | null> {
  if (request instanceof CallRequest) {
    const body = request.bodyInit;
    if (body === null || typeof body === 'string') return body;
    return new Response(body).arrayBuffer();
  }
  return request.body === null ? null : request.arrayBuffer();
}
