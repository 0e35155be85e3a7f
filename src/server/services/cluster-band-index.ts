import type { Database, Queryable } from '../../db/database.ts';
import { toBuffer } from '../../db/database.ts';

/**
 * The LSH band index of near-duplicate clustering kept in memory, for PGlite only: there the
 * server is the one process that writes the database (the data directory is locked), and every
 * index probe costs the single PGlite thread ~50 µs, so the 64 probes per idea of the database's
 * band table (migration 017) would cost more than the visit itself. On PostgreSQL (several
 * instances) the band table is probed instead.
 *
 * Per kiosk and kind, per band key, the newest `limit` ideas having that key (newest first).
 * That is all "the newest `limit` ideas sharing a band" ever needs: an idea among those is, for a
 * band it shares, among that band's newest `limit`. Loaded from idea_signatures (the truth) on
 * first use; the caller confirms candidates against the database (an idea deleted, or its time
 * changed, since it was indexed is dropped there).
 */
export class ClusterBandIndex {
  private readonly bands = new Map<string, Array<{ id: string; at: number }>>();
  private readonly sigs = new Map<string, { minhash: Int32Array; at: number; refs: number; cluster: string | null }>();
  private loaded: Promise<void> | null = null;
  private addsSinceSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly keepMs: number,
  ) {}

  /** Loads the signatures young enough to meet a new idea (once). */
  ready(db: Database | Queryable): Promise<void> {
    this.loaded ??= (async () => {
      const { rows } = await db.query<{ idea_id: string; device_id: string; kind: string; minhash: unknown; bands: number[]; created_at: Date; cluster: string | null }>(
        `select s.idea_id, s.device_id, s.kind, s.minhash, s.bands, s.created_at, i.duplicate_cluster_id as cluster
           from idea_signatures s join ideas i on i.id = s.idea_id
          where s.created_at > now() - make_interval(secs => $1) order by s.created_at, s.idea_id`,
        [this.keepMs / 1000],
      );
      for (const r of rows) this.add(r.device_id, r.kind, r.idea_id, unpack(r.minhash), r.bands, r.created_at.getTime(), r.cluster);
    })().catch((err) => {
      this.loaded = null;
      throw err;
    });
    return this.loaded;
  }

  /** The newest `limit` ideas of the kiosk and kind within ±windowMs of `at` sharing a band, newest first, with their signatures. */
  candidates(deviceId: string, kind: string, bands: number[], at: number, windowMs: number): Array<{ idea_id: string; minhash: Int32Array; at: number; cluster: string | null }> {
    const seen = new Map<string, number>();
    for (const b of bands) {
      const list = this.bands.get(key(deviceId, kind, b));
      if (!list) continue;
      for (const e of list) if (Math.abs(e.at - at) <= windowMs && !seen.has(e.id)) seen.set(e.id, e.at);
    }
    return [...seen]
      .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
      .slice(0, this.limit)
      .map(([id, t]) => ({ idea_id: id, minhash: this.sigs.get(id)!.minhash, at: t, cluster: this.sigs.get(id)!.cluster }));
  }

  /** Indexes a signature; returns the undo (for a transaction that rolls back). */
  add(deviceId: string, kind: string, ideaId: string, minhash: Int32Array, bands: number[], at: number, cluster: string | null = null): () => void {
    if (this.sigs.has(ideaId)) return () => {};
    if (++this.addsSinceSweep >= 1000) this.sweep(at - this.keepMs);
    const sig = { minhash, at, refs: 0, cluster };
    this.sigs.set(ideaId, sig);
    const cutoff = at - this.keepMs;
    const added: string[] = [];
    for (const b of new Set(bands)) {
      const k = key(deviceId, kind, b);
      let list = this.bands.get(k);
      if (!list) this.bands.set(k, (list = []));
      let i = 0;
      while (i < list.length && list[i]!.at > at) i++;
      list.splice(i, 0, { id: ideaId, at });
      sig.refs++;
      added.push(k);
      // Beyond the newest `limit`, or too old to meet anything: never a candidate again.
      while (list.length > this.limit || (list.length && list[list.length - 1]!.at < cutoff)) this.release(list.pop()!.id);
      if (!list.length) this.bands.delete(k);
    }
    if (sig.refs === 0) this.sigs.delete(ideaId);
    return () => {
      for (const k of added) {
        const list = this.bands.get(k);
        const i = list?.findIndex((e) => e.id === ideaId) ?? -1;
        if (list && i >= 0) {
          list.splice(i, 1);
          this.release(ideaId);
          if (!list.length) this.bands.delete(k);
        }
      }
    };
  }

  /**
   * What a cluster join did (only joinOrCreateCluster changes membership): these ideas are now in
   * `target`, and so is every member of the clusters merged away. Returns the undo.
   */
  joined(ideaIds: string[], target: string, merged: string[]): () => void {
    const before: Array<[{ cluster: string | null }, string | null]> = [];
    const move = (s: { cluster: string | null } | undefined) => {
      if (!s || s.cluster === target) return;
      before.push([s, s.cluster]);
      s.cluster = target;
    };
    for (const id of ideaIds) move(this.sigs.get(id));
    // Merges are rare (two clusters bridged by one idea): only then is every entry looked at.
    if (merged.length) {
      const gone = new Set(merged);
      for (const s of this.sigs.values()) if (s.cluster !== null && gone.has(s.cluster)) move(s);
    }
    return () => {
      for (const [s, c] of before) s.cluster = c;
    };
  }

  /** Drops what is too old to meet a new idea from every list (band lists of honest ideas are rarely touched again). */
  private sweep(cutoff: number): void {
    this.addsSinceSweep = 0;
    for (const [k, list] of this.bands) {
      while (list.length && list[list.length - 1]!.at < cutoff) this.release(list.pop()!.id);
      if (!list.length) this.bands.delete(k);
    }
  }

  private release(id: string): void {
    const s = this.sigs.get(id);
    if (s && --s.refs <= 0) this.sigs.delete(id);
  }

  /** How many signatures are held (tests, monitoring). */
  get size(): number {
    return this.sigs.size;
  }
}

function key(deviceId: string, kind: string, band: number): string {
  return `${deviceId}|${kind}|${band}`;
}

function unpack(value: unknown): Int32Array {
  const b = toBuffer(value);
  const out = new Int32Array(b.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = b.readInt32LE(i * 4);
  return out;
}
