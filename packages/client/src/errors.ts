import type { errorCodeList as vasCodes } from './generated/vas/operations.js';
import type { errorCodeList as viasCodes } from './generated/vias/operations.js';
import type { Redact } from './redact.js';

// One error contract: everything the client throws for a response or a transport failure is a
// ViasError carrying what is known (method, path, status, request id). Every string in it has
// been through the client's redactor, so errors are safe to log as they are. Bad arguments are
// TypeErrors (thrown before anything is sent); the caller's own abort rejects with its reason.

/** What is known about the call that failed. */
export interface CallInfo {
  /** `VIAS` or `VAS`: which service was called. */
  service: string;
  method: string;
  /** Path of the request, without origin or query. */
  path: string;
  status?: number;
  /** `X-Request-Id` of the response: quote it when you ask Huawei Cloud support. */
  requestId?: string;
}

/** Base class of every error this client throws for a response or a transport failure. */
export class ViasError extends Error {
  override name = 'ViasError';
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
  readonly requestId?: string;

  constructor(message: string, info?: Partial<CallInfo>, options?: { cause?: unknown }) {
    super(message, options);
    if (info?.method !== undefined) this.method = info.method;
    if (info?.path !== undefined) this.path = info.path;
    if (info?.status !== undefined) this.status = info.status;
    if (info?.requestId !== undefined) this.requestId = info.requestId;
  }
}

const describe = (info: CallInfo) => `${info.service} ${info.method} ${info.path}`;
const requestIdNote = (info: CallInfo) => (info.requestId ? ` (request id ${info.requestId})` : '');

/** A code of the VIAS error-code catalogue. */
export type ViasErrorCode = (typeof viasCodes)[number];
/** A code of the VAS (IVA) error-code catalogue. */
export type VasErrorCode = (typeof vasCodes)[number];

/** The VIAS service answered with a non-2xx status; the fields are its six-field error body. */
export class ViasApiError extends ViasError {
  override name = 'ViasApiError';
  declare readonly status: number;
  declare readonly method: string;
  declare readonly path: string;
  /** `error_code` when it is a code of the catalogue (typed, so comparisons are checked). */
  readonly code?: ViasErrorCode;
  readonly error_code?: string;
  readonly error_msg?: string;
  readonly detail?: string;
  readonly params?: string[];
  readonly reason?: string;
  readonly advice?: string;
  /** The parsed JSON body, or the raw text when the body is not JSON (redacted either way). */
  readonly body: unknown;

  constructor(info: CallInfo & { status: number }, body: unknown, known: readonly string[] = []) {
    const fields = isObject(body) ? body : {};
    super(apiMessage(info, fields), info);
    copyFields(this, fields, ['error_code', 'error_msg', 'detail', 'params', 'reason', 'advice']);
    if (typeof fields.error_code === 'string' && known.includes(fields.error_code)) this.code = fields.error_code as ViasErrorCode;
    this.body = body;
  }
}

/** The VAS (IVA) service answered with a non-2xx status; the fields are its two-field error body. */
export class VasApiError extends ViasError {
  override name = 'VasApiError';
  declare readonly status: number;
  declare readonly method: string;
  declare readonly path: string;
  /** `error_code` when it is a code of the VAS catalogue (typed, so comparisons are checked). */
  readonly code?: VasErrorCode;
  readonly error_code?: string;
  readonly error_msg?: string;
  readonly body: unknown;

  constructor(info: CallInfo & { status: number }, body: unknown, known: readonly string[] = []) {
    const fields = isObject(body) ? body : {};
    super(apiMessage(info, fields), info);
    copyFields(this, fields, ['error_code', 'error_msg']);
    if (typeof fields.error_code === 'string' && known.includes(fields.error_code)) this.code = fields.error_code as VasErrorCode;
    this.body = body;
  }
}

/** The service answered, but not with what the description documents (not JSON, no body, another shape). */
export class ViasResponseError extends ViasError {
  override name = 'ViasResponseError';
  declare readonly status: number;
  constructor(info: CallInfo & { status: number }, problem: string) {
    super(`${describe(info)} answered HTTP ${info.status} with ${problem}${requestIdNote(info)}`, info);
  }
}

/**
 * The credentials could not be had: the credentials provider failed (the IAM token request was
 * refused, IAM could not be reached…) or returned something that is not a token or a key pair.
 * Nothing was sent to the service. `cause` is a redacted copy of what the provider threw.
 */
export class ViasCredentialsError extends ViasError {
  override name = 'ViasCredentialsError';
}

/** A request attempt, or a wait, took longer than its `timeoutMs`. */
export class ViasTimeoutError extends ViasError {
  override name = 'ViasTimeoutError';
  constructor(
    message: string,
    readonly timeoutMs: number,
    info?: Partial<CallInfo>,
  ) {
    super(message, info);
  }
}

/**
 * The request could not reach the service, or the answer broke off (after any retries). `cause`
 * is a copy of the fetch error (name, code, message, its own cause) with every message redacted.
 */
export class ViasNetworkError extends ViasError {
  override name = 'ViasNetworkError';
  constructor(info: CallInfo, cause: unknown, redact: Redact) {
    const safe = redactedError(cause, redact);
    const detail = (safe.cause as Error | undefined)?.message ?? safe.message;
    super(`${describe(info)} failed: network error${detail ? ` (${detail})` : ''}`, info, { cause: safe });
  }
}

/** A copy of an error with every message redacted and no stack that could quote the original. */
export function redactedError(error: unknown, redact: Redact, depth = 0): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(redact(source.message));
  copy.name = source.name;
  copy.stack = `${copy.name}: ${copy.message}`; // the original stack may quote the message
  const { code } = source as { code?: unknown };
  if (typeof code === 'string') Object.assign(copy, { code });
  if (source.cause !== undefined && depth < 3) copy.cause = redactedError(source.cause, redact, depth + 1);
  return copy;
}

// The service's `detail` in a message is cut at this many characters (the field keeps it whole).
const DETAIL_IN_MESSAGE = 500;

/**
 * `VIAS POST /v2/…/tasks failed with HTTP 400: VIAS.00010001 The parameters are invalid. —
 * input.data[0].path is required. [input.data[0].path] (request id …)`: the code and message,
 * then what the service says was wrong (`detail`, when it adds to the message) and where
 * (`params`). The fields come redacted.
 */
function apiMessage(info: CallInfo, fields: Record<string, unknown>): string {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const said = [text(fields.error_code), text(fields.error_msg)].filter(Boolean).join(' ');
  let detail = text(fields.detail);
  if (detail && detail === text(fields.error_msg)) detail = undefined;
  if (detail && detail.length > DETAIL_IN_MESSAGE) detail = `${detail.slice(0, DETAIL_IN_MESSAGE)}…`;
  const params = Array.isArray(fields.params) ? fields.params.filter((p): p is string => typeof p === 'string' && p !== '') : [];
  const why = [detail, params.length ? `[${params.join(', ')}]` : undefined].filter(Boolean).join(' ');
  return `${describe(info)} failed with HTTP ${info.status}${said ? `: ${said}` : ''}${why ? `${said ? ' — ' : ': '}${why}` : ''}${requestIdNote(info)}`;
}

/** Copies the server's fields that have their documented type (`params`: strings), so the typed fields never lie. */
function copyFields(target: object, fields: Record<string, unknown>, keys: readonly string[]) {
  for (const key of keys) {
    const value = fields[key];
    const typed = key === 'params' ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === 'string';
    if (typed) Object.assign(target, { [key]: value });
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
