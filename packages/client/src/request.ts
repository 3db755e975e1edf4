// The request object openapi-fetch builds for each call (its `Request` option). A real Request
// costs ~10 µs in Node and undici copies it again when it is sent; this keeps what openapi-fetch
// set (URL, method, headers, the serialised body, any other fetch option) and the transport sends
// it as `fetch(url, init)`. Calls that run middleware get a real Request instead, so middleware
// sees what it expects.

export class CallRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  /** The body as openapi-fetch serialised it (a JSON string for this API). */
  readonly bodyInit: BodyInit | null;
  /** The other fetch options of the call (credentials, cache, keepalive, undici's dispatcher, …). */
  readonly extras: RequestInit;

  constructor(url: string, init: RequestInit = {}) {
    const { method = 'GET', headers, body = null, signal: _signal, redirect: _redirect, ...extras } = init;
    this.url = url;
    this.method = method.toUpperCase();
    this.headers = headers instanceof Headers ? headers : new Headers(headers);
    this.bodyInit = body;
    this.extras = extras;
  }
}
