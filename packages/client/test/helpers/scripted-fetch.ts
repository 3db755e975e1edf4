// An in-process transport for the client: a `fetch` that records what it was asked and answers
// from a script, so retry, timeout and wait tests run under vitest's fake timers with no socket
// and no race with the wall clock (octokit's plugin-retry tests are the model). Tests where the
// socket is the point (a stalled body, a reset, a redirect) use fixture-server.ts instead.

export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  signal: AbortSignal | undefined;
}

/** A scripted answer: a response, a network failure, or one that never comes (until aborted). */
export type Step =
  | { status?: number; headers?: Record<string, string>; body?: unknown }
  | { throw: unknown }
  | 'hang';

export interface ScriptedFetch {
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  sent: Sent[];
  /** Queues answers, given in order; once empty, every call gets 200 `{}`. */
  answer(...steps: Step[]): void;
}

export function scriptedFetch(): ScriptedFetch {
  const sent: Sent[] = [];
  const queue: Step[] = [];
  return {
    sent,
    answer: (...steps) => void queue.push(...steps),
    fetch: async (input, init) => {
      const headers = Object.fromEntries(new Headers(init.headers));
      const body = init.body == null ? null : typeof init.body === 'string' ? init.body : await new Response(init.body).text();
      sent.push({ method: init.method ?? 'GET', url: input, headers, body, signal: init.signal ?? undefined });
      const step = queue.shift() ?? { body: {} };
      if (step === 'hang') {
        return new Promise((_, reject) => {
          const signal = init.signal;
          if (signal?.aborted) return reject(signal.reason);
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      }
      if ('throw' in step) throw step.throw;
      const { status = 200, headers: responseHeaders = {}, body: value } = step;
      const text = value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value);
      const type = typeof value === 'string' ? 'text/plain' : 'application/json';
      return new Response(text, { status, headers: { 'Content-Type': type, ...responseHeaders } });
    },
  };
}
