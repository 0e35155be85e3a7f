import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sha256 } from '../../core/ticket.ts';
import type { Database } from '../../db/database.ts';
import { hitRateLimit, pruneRateLimits, readRateLimit } from '../../db/repositories/rate-limits.repository.ts';
import { RateLimitBatch } from './rate-limit-batch.ts';

type Callback = (err: Error | null, result?: { current: number; ttl: number }) => void;
const PRUNE_EVERY = 500;

/**
 * Limits of at most this many hits per window are counted in the database on every hit, exact
 * across instances: they guard against guessing (pairing codes, ticket look-ups), where every
 * extra try counts. Larger ones (the per-client request budget, a kiosk's visits) only stop
 * floods; they are counted in this process and written in batches (rate-limit-batch.ts), so
 * an ordinary request pays no database write and no commit for its rate limit.
 */
export const EXACT_LIMIT_MAX = 100;

/**
 * A @fastify/rate-limit store whose counters live in the database, so several server
 * instances behind one load balancer share one limit per client instead of each
 * allowing the full amount. Used on PostgreSQL; PGlite (one process) keeps the
 * in-memory store. Keys (route + client address) are stored only as SHA-256 hashes.
 */
export function databaseRateLimitStore(db: Database): FastifyRateLimitStoreCtor {
  let hits = 0;
  const batch = new RateLimitBatch(db);
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly prefix = 'global:',
    ) {}

    incr(key: string, cb: Callback, timeWindow: number, max: number): void {
      if (++hits % PRUNE_EVERY === 0) void pruneRateLimits(db).catch(() => {});
      const window = Math.max(1, Math.round(timeWindow));
      if (max > EXACT_LIMIT_MAX) {
        cb(null, batch.hit(sha256(this.prefix + key), window));
        return;
      }
      hitRateLimit(db, sha256(this.prefix + key), window).then(
        (r) => cb(null, { current: r.hits, ttl: r.ttl }),
        (err: Error) => cb(err),
      );
    }

    read(key: string, cb: Callback): void {
      const local = batch.peek(sha256(this.prefix + key));
      if (local) {
        cb(null, local);
        return;
      }
      readRateLimit(db, sha256(this.prefix + key)).then(
        (r) => cb(null, { current: r.hits, ttl: r.ttl }),
        (err: Error) => cb(err),
      );
    }

    child(routeOptions: { routeInfo?: { method?: string | string[]; url?: string }; path?: string }): FastifyRateLimitStore {
      const info = routeOptions.routeInfo ?? {};
      const method = Array.isArray(info.method) ? info.method.join(',') : (info.method ?? '');
      return new DatabaseRateLimitStore({}, `${method} ${info.url ?? routeOptions.path ?? ''}:`);
    }
  }
  return DatabaseRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
