import type { errorCodeList as vasCodes } from './generated/vas/operations.js';
import type { errorCodeList as viasCodes } from './generated/vias/operations.js';
import { redactDeep, type Redact } from './redact.js';

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

/** The request could not reach the service, or the answer broke off (after any retries); `cause` holds the fetch error. */
export class ViasNetworkError extends ViasError {
  override name = 'ViasNetworkError';
  constructor(info: CallInfo, cause: unknown, redact: Redact) {
    const detail = (cause as { cause?: Error })?.cause?.message ?? (cause as Error)?.message;
    super(`${describe(info)} failed: network error${detail ? ` (${redact(detail)})` : ''}`, info, { cause });
  }
}

function apiMessage(info: CallInfo, fields: Record<string, unknown>): string {
  const said = [fields.error_code, fields.error_msg].filter((v) => typeof v === 'string' && v).join(' ');
  return `${describe(info)} failed with HTTP ${info.status}${said ? `: ${said}` : ''}${requestIdNote(info)}`;
}

function copyFields(target: object, fields: Record<string, unknown>, keys: readonly string[]) {
  for (const key of keys) if (fields[key] !== undefined) Object.assign(target, { [key]: fields[key] });
}

/** Parses an error body (JSON, else the text) with every string redacted. */
export function parseErrorBody(text: string, redact: Redact): unknown {
  try {
    return redactDeep(JSON.parse(text), redact);
  } catch {
    return redact(text); // not JSON: an HTML page from a proxy, say
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
