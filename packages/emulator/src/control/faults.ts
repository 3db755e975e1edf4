// The faults of the control API: what the emulated API does instead of answering, for a count of
// requests or at random. They apply after a request is authenticated (so an unauthenticated
// client sees its 401, as it would), in the order they were given: the first that matches.
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CommonFaults } from '../api/errors.js';
import type { Generation } from '../api/generation.js';
import type { components } from '../generated/control.js';
import type { BeforeHandler } from '../http/server.js';

export type FaultRequest = components['schemas']['FaultRequest'];
export type Fault = components['schemas']['Fault'];

/** A fault that cannot be kept, with why (the control API answers 400). */
export class FaultError extends Error {}

export class Faults {
  private waiting: Fault[] = [];

  constructor(
    private readonly generation: Generation,
    private readonly faults: CommonFaults,
    private readonly random: () => number = Math.random,
  ) {}

  list(): Fault[] {
    return [...this.waiting];
  }

  add(request: FaultRequest): Fault {
    const operationId = request.operation_id ?? '*';
    if (operationId !== '*' && !this.generation.operations.has(operationId)) {
      throw new FaultError(`operation_id ${operationId} is not an operation of the ${this.generation.label} description.`);
    }
    if (request.code !== undefined && !this.generation.catalogue.has(request.code)) {
      throw new FaultError(`code ${request.code} is not in the ${this.generation.label} error catalogue (${[...this.generation.catalogue.keys()].join(', ')}).`);
    }
    if (request.probability !== undefined && request.count !== undefined) throw new FaultError('give count or probability, not both.');
    const fault: Fault = { ...request, operation_id: operationId, id: randomUUID(), remaining: request.probability === undefined ? request.count ?? 1 : null };
    this.waiting.push(fault);
    return fault;
  }

  delete(id: string): boolean {
    const before = this.waiting.length;
    this.waiting = this.waiting.filter((f) => f.id !== id);
    return this.waiting.length < before;
  }

  clear(): void {
    this.waiting = [];
  }

  /** The fault that applies to this request of `operationId`, used once (or drawn), if any. */
  private take(operationId: string): Fault | undefined {
    const fault = this.waiting.find((f) => f.operation_id === '*' || f.operation_id === operationId);
    if (!fault) return undefined;
    if (fault.probability !== undefined) return this.random() < fault.probability ? fault : undefined;
    fault.remaining = (fault.remaining ?? 1) - 1;
    if (fault.remaining <= 0) this.waiting = this.waiting.filter((f) => f !== fault);
    return fault;
  }

  /** The server's hook: acts out the fault of each request, if there is one. */
  readonly before: BeforeHandler = async (operationId: string, _request: IncomingMessage, response: ServerResponse) => {
    if (this.waiting.length === 0) return undefined;
    const fault = this.take(operationId);
    if (!fault) return undefined;
    switch (fault.action) {
      case 'latency':
        await sleep(fault.latency_ms ?? 1000);
        return undefined;
      case 'reset':
        response.socket?.destroy();
        return 'handled';
      case 'truncate':
        return 'truncate';
      default: {
        const code = fault.code ?? this.faults.internal('').content.code;
        const headers: Record<string, string> = fault.retry_after_s === undefined ? {} : { 'Retry-After': String(fault.retry_after_s) };
        throw this.faults.injected(fault.status ?? 503, code, fault.detail ?? "Injected by the emulator's control API.", headers);
      }
    }
  };
}
