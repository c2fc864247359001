import type { Json } from './types';

/**
 * What a faulted request gets instead of (or on top of) the real answer.
 * - status: the handler does not run; answers `{detail}` with that status (429 adds `Retry-After`).
 * - timeout: never answers; the socket is destroyed when the peer closes.
 * - reset: the socket is reset before any byte is written.
 * - truncated-json: the handler runs; the body is cut (default: half) with a matching
 *   Content-Length, so the response completes but does not parse.
 * - slow-body: the handler runs; the full body trickles out `bytesPerChunk` every `delayMs`.
 */
export type Fault =
  | { status: number; retryAfterSeconds?: number; detail?: string; body?: Json }
  | { kind: 'timeout' }
  | { kind: 'reset' }
  | { kind: 'truncated-json'; keepBytes?: number }
  | { kind: 'slow-body'; bytesPerChunk: number; delayMs: number };

export type RequestInfo = {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
};

export type FaultRule = {
  /** Requests this rule faulted so far. */
  readonly hits: number;
  remove(): void;
};

export interface FaultController {
  /** The next `count` requests, whatever they are, get `fault`. Queued calls apply in order. */
  next(count: number, fault: Fault): void;
  /** Matching requests get `fault`, at most `times` times (default: until removed). */
  match(predicate: (request: RequestInfo) => boolean, fault: Fault, options?: { times?: number }): FaultRule;
  clear(): void;
  /** Faults still queued by `next`. */
  pending(): number;
}

type Rule = {
  predicate: (r: RequestInfo) => boolean;
  fault: Fault;
  remaining: number;
  hits: number;
  removed: boolean;
};

export class FaultTable implements FaultController {
  private readonly queue: { fault: Fault; remaining: number }[] = [];
  private rules: Rule[] = [];

  next(count: number, fault: Fault): void {
    if (count > 0) this.queue.push({ fault, remaining: count });
  }

  match(
    predicate: (request: RequestInfo) => boolean,
    fault: Fault,
    options: { times?: number } = {},
  ): FaultRule {
    const rule: Rule = {
      predicate,
      fault,
      remaining: options.times ?? Number.POSITIVE_INFINITY,
      hits: 0,
      removed: false,
    };
    this.rules.push(rule);
    return {
      get hits() {
        return rule.hits;
      },
      remove: () => {
        rule.removed = true;
        this.rules = this.rules.filter((r) => r !== rule);
      },
    };
  }

  clear(): void {
    this.queue.length = 0;
    this.rules = [];
  }

  pending(): number {
    return this.queue.reduce((sum, q) => sum + q.remaining, 0);
  }

  /** Consumes and returns the fault for this request, if any. */
  take(request: RequestInfo): Fault | null {
    const head = this.queue[0];
    if (head) {
      head.remaining--;
      if (head.remaining <= 0) this.queue.shift();
      return head.fault;
    }
    for (const rule of this.rules) {
      if (rule.removed || rule.remaining <= 0 || !rule.predicate(request)) continue;
      rule.remaining--;
      rule.hits++;
      if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
      return rule.fault;
    }
    return null;
  }
}

export function faultLabel(fault: Fault): string {
  return 'status' in fault ? `status-${fault.status}` : fault.kind;
}
