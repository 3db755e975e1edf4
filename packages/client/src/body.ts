// Reading an answer with a bound on its size. The attempt reads the body itself, counting the
// bytes as `fetch` hands them over — decoded, so a gzip body is counted at its inflated size —
// and stops at `maxResponseBytes`: a 1 MiB gzip bomb or an endless body costs at most the limit
// (and one chunk), never the process. openapi-fetch then parses the bytes already read, from a
// light stand-in for the Response (reading a body this way is also cheaper than `text()` in
// Node 20).

/** The answer was larger than the limit (decoded); thrown while reading, nothing more is read. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`larger than ${limit} bytes`);
  }
}

const decoder = new TextDecoder();
const EMPTY = new Uint8Array(0);

/** The body's bytes, or BodyTooLarge as soon as more than `limit` arrived. Cancels the body when it stops early. */
export async function readBody(response: Response, limit: number): Promise<Uint8Array> {
  const body = response.body;
  if (!body) return EMPTY;
  // A length the server declares for an uncompressed body is the decoded size: refuse before reading.
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limit && !response.headers.has('content-encoding')) {
    await body.cancel().catch(() => {});
    throw new BodyTooLarge(limit);
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw new BodyTooLarge(limit);
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
  if (chunks.length === 1) return chunks[0]!;
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}

/** The body could not become a string (over V8's limit of about 512 MiB of text): only with a raised `maxResponseBytes`. */
export class BodyUndecodable extends Error {}

/** The text of bytes read (UTF-8, as `Response.text()` decodes them). */
export function textOf(bytes: Uint8Array): string {
  if (!bytes.byteLength) return '';
  try {
    return decoder.decode(bytes);
  } catch (error) {
    throw new BodyUndecodable('the body cannot be decoded as a string', { cause: error });
  }
}

/**
 * What openapi-fetch reads an answer from: the status and headers of the real Response and the
 * bytes already read. It has what openapi-fetch and a logging middleware use of a Response
 * (`status`, `ok`, `headers`, `text()`, `json()`, `clone()`, …); a call with middleware gets a
 * real Response built from the same bytes instead (see toResponse).
 */
export class BufferedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: Headers;
  readonly url: string;
  readonly type: ResponseType;
  readonly redirected: boolean;
  bodyUsed = false;

  constructor(
    readonly original: Response,
    readonly bytes: Uint8Array,
  ) {
    this.status = original.status;
    this.statusText = original.statusText;
    this.ok = original.ok;
    this.headers = original.headers;
    this.url = original.url;
    this.type = original.type;
    this.redirected = original.redirected;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.toResponse().body;
  }
  async text(): Promise<string> {
    this.bodyUsed = true;
    return textOf(this.bytes);
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    return this.bytes.slice().buffer as ArrayBuffer;
  }
  async blob(): Promise<Blob> {
    this.bodyUsed = true;
    return new Blob([this.bytes.slice()], { type: this.headers.get('content-type') ?? '' });
  }
  clone(): BufferedResponse {
    return new BufferedResponse(this.original, this.bytes);
  }
  /** A real Response with the same status, headers and bytes (for middleware, which may expect one). */
  toResponse(): Response {
    const body = this.bytes.byteLength && this.status !== 204 && this.status !== 304 ? this.bytes.slice() : null;
    const response = new Response(body, { status: this.status, statusText: this.statusText, headers: this.headers });
    if (this.url) Object.defineProperty(response, 'url', { value: this.url });
    return response;
  }
}
