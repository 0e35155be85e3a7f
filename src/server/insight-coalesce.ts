import type { InsightScope } from '../db/repositories/insight.repository.ts';

/**
 * Identical insight requests in flight at the same moment share one computation (issue 10: a
 * morning meeting opens eight dashboards at once, on the same default filters).
 *
 * "Identical" is the endpoint, the product (love map) and the *effective* scope — after
 * toScope() has applied the user's showroom limits and filled in the default dates — so two users
 * whose limits differ never share an answer, and a limited user can never receive rows computed
 * for someone who sees more. The in-flight promise is removed from the map as soon as it settles
 * (fulfilled or rejected): a failure reaches every request that was waiting on it, and the next
 * request computes again. There is deliberately no TTL cache: insight must show a visit ≤ 1 s after
 * its 201, and a request that starts after another finished always reads the database again.
 */
export type InsightEndpoint = 'overview' | 'love-map';

/** 'computed': this request ran the service; 'shared': it joined one already in flight. */
export type CoalesceOutcome = 'computed' | 'shared';

export class InsightCoalescer {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly observers: Array<(endpoint: InsightEndpoint, outcome: CoalesceOutcome) => void> = [];

  /**
   * Awaited before a computation starts, inside the shared promise (so requests joining it wait
   * too). Null in production; tests set it to hold the first computation until every concurrent
   * request has arrived, which makes "they overlapped" certain instead of likely.
   */
  gate: ((endpoint: InsightEndpoint) => Promise<void>) | null = null;

  /** Called for every request with its outcome (metrics, tests). */
  observe(fn: (endpoint: InsightEndpoint, outcome: CoalesceOutcome) => void): () => void {
    this.observers.push(fn);
    return () => {
      const i = this.observers.indexOf(fn);
      if (i >= 0) this.observers.splice(i, 1);
    };
  }

  /** Computations running now (0 when idle: nothing is kept once settled). */
  get size(): number {
    return this.inFlight.size;
  }

  run<T>(endpoint: InsightEndpoint, productId: string | null, scope: InsightScope, compute: () => Promise<T>): Promise<T> {
    const key = coalesceKey(endpoint, productId, scope);
    const running = this.inFlight.get(key);
    if (running) {
      this.notify(endpoint, 'shared');
      return running as Promise<T>;
    }
    this.notify(endpoint, 'computed');
    const gate = this.gate;
    // The computation starts on the next turn of the event loop (setImmediate runs after the poll
    // phase): requests already received on other sockets are parsed and authenticated first and
    // join it. On PGlite this is what makes sharing possible at all: its queries run on this
    // thread and settle without giving the event loop back, so without the yield a request is
    // answered before the next one is even read (measured: 0 of 40 shared without it).
    const p = (gate ? gate(endpoint) : new Promise<void>((resolve) => setImmediate(resolve))).then(compute);
    const settled = p.then(
      (v) => {
        this.inFlight.delete(key);
        return v;
      },
      (err: unknown) => {
        this.inFlight.delete(key);
        throw err;
      },
    );
    this.inFlight.set(key, settled);
    return settled;
  }

  private notify(endpoint: InsightEndpoint, outcome: CoalesceOutcome): void {
    for (const fn of this.observers) fn(endpoint, outcome);
  }
}

/** Order-insensitive lists (`= any(...)` in the queries), everything else verbatim. */
export function coalesceKey(endpoint: InsightEndpoint, productId: string | null, s: InsightScope): string {
  const list = (xs: string[] | null) => (xs === null ? null : [...new Set(xs)].sort());
  return JSON.stringify([endpoint, productId, s.from, s.to, list(s.showroomIds), list(s.ageBands), s.quality ?? null]);
}
