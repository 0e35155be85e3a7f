import type { Queryable } from '../../db/database.ts';
import { addRateLimitHits } from '../../db/repositories/rate-limits.repository.ts';

/** How often the hits counted in this process are added to the shared counters. */
export const RATE_LIMIT_FLUSH_MS = 200;

interface Counter {
  keyHash: Buffer;
  windowMs: number;
  /** When this window ends (ms since the epoch), as the shared counter says once written. */
  resetAt: number;
  /** The shared counter's hits as of the last write (every instance's, ours included). */
  known: number;
  /** Hits being written right now. */
  writing: number;
  /** Hits counted here since. */
  pending: number;
}

/**
 * Counters for the generous limits (hundreds of requests a minute per client) that several
 * instances share through the database without a write per request: each hit is counted here
 * at once and answered from "shared count at the last write + hits since", and every
 * RATE_LIMIT_FLUSH_MS the hits since are added to the shared counters in one statement
 * (rate-limits.repository.ts addRateLimitHits), which also brings back the other instances'
 * hits. One instance alone is exact; with several, each sees the others' hits at most one flush
 * late, so a client could get about one flush interval's worth of requests past the limit per
 * instance. The small limits (pairing, ticket look-ups) do not come here: they are counted in
 * the database on every hit (rate-limit-store.ts).
 */
export class RateLimitBatch {
  private readonly counters = new Map<string, Counter>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Queryable,
    private readonly now: () => number = Date.now,
  ) {}

  hit(keyHash: Buffer, windowMs: number): { current: number; ttl: number } {
    const now = this.now();
    const id = keyHash.toString('hex');
    let c = this.counters.get(id);
    if (!c || (c.resetAt <= now && c.writing === 0)) {
      c = { keyHash, windowMs, resetAt: now + windowMs, known: 0, writing: 0, pending: 0 };
      this.counters.set(id, c);
    }
    c.pending++;
    this.schedule();
    return { current: c.known + c.writing + c.pending, ttl: Math.max(0, c.resetAt - now) };
  }

  /** The counter as hit() would answer it, without a hit; null when this process has none for the key. */
  peek(keyHash: Buffer): { current: number; ttl: number } | null {
    const c = this.counters.get(keyHash.toString('hex'));
    const now = this.now();
    if (!c || c.resetAt <= now) return null;
    return { current: c.known + c.writing + c.pending, ttl: c.resetAt - now };
  }

  /** Writes the hits counted so far (also what the timer calls). */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, RATE_LIMIT_FLUSH_MS);
    this.timer.unref();
  }

  private async write(): Promise<void> {
    const batch = [...this.counters.values()].filter((c) => c.pending > 0);
    const now = this.now();
    for (const [id, c] of this.counters) if (c.pending === 0 && c.writing === 0 && c.resetAt <= now) this.counters.delete(id);
    if (batch.length === 0) return;
    const amounts = batch.map((c) => c.pending);
    batch.forEach((c, i) => {
      c.writing += amounts[i]!;
      c.pending = 0;
    });
    try {
      const rows = await addRateLimitHits(this.db, batch.map((c, i) => ({ keyHash: c.keyHash, hits: amounts[i]!, windowMs: c.windowMs })));
      const byKey = new Map(rows.map((r) => [r.keyHash.toString('hex'), r]));
      const at = this.now();
      batch.forEach((c, i) => {
        c.writing -= amounts[i]!;
        const row = byKey.get(c.keyHash.toString('hex'));
        if (!row) return;
        c.known = row.hits;
        c.resetAt = at + row.ttl;
      });
    } catch {
      // The database is unreachable: keep counting here and try again (requests are not refused
      // for it, as with skipOnError on the per-hit counters).
      batch.forEach((c, i) => {
        c.writing -= amounts[i]!;
        c.pending += amounts[i]!;
      });
      this.schedule();
    }
  }
}
