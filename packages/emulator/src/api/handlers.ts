// The types every resource module implements: one handler per operationId of a generation's
// description, typed from the generated `operations` (src/generated/), so a missing handler, a
// wrong status or a body the description does not allow fails to compile.

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;

/** The documented successes of an operation: `{ status, body }` for each 2xx. */
export type Success<Op> = Op extends { responses: infer Rs }
  ? { [S in keyof Rs]: S extends 200 | 201 | 202 | 204 ? { status: S; body: JsonOf<Rs[S]>; headers?: Record<string, string> } : never }[keyof Rs]
  : never;

export type PathOf<Op> = Op extends { parameters: { path: infer P } } ? P : Record<string, never>;
export type QueryOf<Op> = Op extends { parameters: { query?: infer Q } } ? ([Q] extends [undefined] ? Record<string, never> : NonNullable<Q>) : Record<string, never>;
export type BodyOf<Op> = Op extends { requestBody: { content: { 'application/json': infer B } } }
  ? B
  : Op extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B | undefined
    : undefined;

/** A request as a handler receives it: validated against the description, the query typed. */
export interface HandlerRequest<Op> {
  path: PathOf<Op>;
  query: QueryOf<Op>;
  body: BodyOf<Op>;
}

export type Handler<Op, Context> = (request: HandlerRequest<Op>, context: Context) => Success<Op> | Promise<Success<Op>>;

/** A handler for every operation of `Ops`. */
export type Handlers<Ops, Context> = { [K in keyof Ops]: Handler<Ops[K], Context> };

/** What the server calls: the same, untyped. */
export type AnyHandler = (request: { path: Record<string, string>; query: Record<string, unknown>; body: unknown }, context: unknown) =>
  | { status: number; body: unknown; headers?: Record<string, string> }
  | Promise<{ status: number; body: unknown; headers?: Record<string, string> }>;
