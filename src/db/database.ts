/**
 * One small interface over the two engines. PGlite and node-postgres both speak
 * `query(text, params)` with `$n` placeholders, so repositories write plain SQL once.
 */
export interface QueryResult<T> {
  rows: T[];
  affectedRows?: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type Engine = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly engine: Engine;
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Subscribes to a NOTIFY channel; returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** Connections in use and waiting, for monitoring (PGlite reports its one connection). */
  poolStats?(): PoolStats;
  /** PGlite only: a gzipped tarball of the data directory, consistent (taken between transactions). */
  dumpDataDir?(): Promise<Buffer>;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** Byte columns come back as Buffer from pg and Uint8Array from PGlite. */
export function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError('expected a byte column');
}
