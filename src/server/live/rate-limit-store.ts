import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sha256 } from '../../core/ticket.ts';
import type { Database } from '../../db/database.ts';
import { hitRateLimit, pruneRateLimits, readRateLimit } from '../../db/repositories/rate-limits.repository.ts';

type Callback = (err: Error | null, result?: { current: number; ttl: number }) => void;
const PRUNE_EVERY = 500;

/**
 * A @fastify/rate-limit store whose counters live in the database, so several server
 * instances behind one load balancer share one limit per client instead of each
 * allowing the full amount. Used on PostgreSQL; PGlite (one process) keeps the
 * in-memory store. Keys (route + client address) are stored only as SHA-256 hashes.
 */
export function databaseRateLimitStore(db: Database): FastifyRateLimitStoreCtor {
  let hits = 0;
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly prefix = 'global:',
    ) {}

    incr(key: string, cb: Callback, timeWindow: number): void {
      if (++hits % PRUNE_EVERY === 0) void pruneRateLimits(db).catch(() => {});
      hitRateLimit(db, sha256(this.prefix + key), Math.max(1, Math.round(timeWindow))).then(
        (r) => cb(null, { current: r.hits, ttl: r.ttl }),
        (err: Error) => cb(err),
      );
    }

    read(key: string, cb: Callback): void {
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
