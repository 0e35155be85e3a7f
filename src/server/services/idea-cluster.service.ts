import { CLUSTER_WINDOW_HOURS, ideaSignature, isNearDuplicate, type IdeaSignature } from '../../core/near-duplicate/index.ts';
import type { Database } from '../../db/database.ts';
import { joinOrCreateCluster, storeVisitClustered, type StoredClustered } from '../../db/repositories/idea-clusters.repository.ts';
import type { NewVisit } from '../../db/repositories/visits.repository.ts';
import type { DrawingIdea } from '../../shared/visit.ts';
import type { Static } from 'typebox';
import { ClusterBandIndex } from './cluster-band-index.ts';

// Per new idea: of the kiosk's ideas of the same kind within the window sharing an LSH band, the
// newest this many are compared in full. A flood meets its own copies (the newest) at once; bounded
// so a flood of thousands costs what a flood of twenty does.
const MAX_CANDIDATES = 32;

const WINDOW_MS = CLUSTER_WINDOW_HOURS * 3_600_000;
/** PGlite's in-memory band index, one per database (cluster-band-index.ts). */
const memoryIndexes = new WeakMap<Database, ClusterBandIndex>();

function memoryIndex(db: Database): ClusterBandIndex | null {
  if (db.engine !== 'pglite') return null;
  let index = memoryIndexes.get(db);
  if (!index) memoryIndexes.set(db, (index = new ClusterBandIndex(MAX_CANDIDATES, 2 * WINDOW_MS)));
  return index;
}

/**
 * PGlite: of the matches, one per cluster the index knows them to be in (the newest), and every
 * match in no cluster. The join's outcome depends only on the clusters met and the ideas in none,
 * so it is the same as with every match, for a fraction of the look-ups: a flood's new copy meets
 * 32 copies already in one cluster.
 */
function representatives(matches: Array<{ idea_id: string; cluster?: string | null }>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const m of matches) {
    if (!m.cluster) out.push(m.idea_id);
    else if (!seen.has(m.cluster)) {
      seen.add(m.cluster);
      out.push(m.idea_id);
    }
  }
  return out;
}

export interface ClusteredVisit {
  outcome: StoredClustered['outcome'];
  /** The stored idea's id, when the visit was stored with an idea. */
  ideaId: string | null;
  clusterId: string | null;
}

/**
 * The signature of the visit's idea: signed from the stored (redacted) text, never the raw one
 * (trigram hashes of a phone number could be brute-forced back, and spam that differs only in the
 * number it pushes is one flood). Null for no idea, voice, and text without letters or digits.
 */
export function visitSignature(idea: NewVisit['idea']): IdeaSignature | null {
  if (!idea || idea.kind === 'voice') return null;
  return ideaSignature(idea.kind === 'text' ? idea : (idea.drawing as Static<typeof DrawingIdea>));
}

/**
 * Stores a visit that has an idea and, for a signed idea, puts it into the near-duplicate cluster
 * of its kiosk's last 24 hours, all in ONE transaction: store_visit, the signature, its band rows
 * and the candidates in one statement (migration 017, under the kiosk's cluster lock), then the
 * cluster join when some candidate is a near-duplicate. Only a visit stored now is clustered, so a
 * replay is never counted twice. Visits without an idea never come here (insertWholeVisit).
 */
export async function storeAndCluster(db: Database, visit: NewVisit, idHash: Buffer, sig: IdeaSignature | null): Promise<ClusteredVisit> {
  const args = sig && { kind: sig.kind, minhash: sig.minhash, bands: sig.bands, hours: CLUSTER_WINDOW_HOURS, pruneHours: 2 * CLUSTER_WINDOW_HOURS, limit: MAX_CANDIDATES };
  // A voice idea (nothing to cluster) needs no transaction: one statement is atomic by itself.
  if (!sig) {
    const r = await storeVisitClustered(db, visit, idHash, null);
    return { outcome: r.outcome, ideaId: r.ideaId, clusterId: null };
  }
  const memory = memoryIndex(db);
  if (memory) await memory.ready(db);
  let undo: (() => void) | null = null;
  try {
    return await db.transaction(async (tx) => {
      // PGlite: transactions run one at a time, so the index read and updated here is never
      // touched by another visit meanwhile; the undo runs if this transaction rolls back.
      const r = await storeVisitClustered(tx, visit, idHash, memory ? { ...args!, limit: null } : args);
      if (r.outcome !== 'stored' || !r.ideaId) return { outcome: r.outcome, ideaId: r.ideaId, clusterId: null };
      let candidates: Array<{ idea_id: string; minhash: Int32Array; cluster?: string | null }> = r.candidates;
      if (memory) {
        const at = r.createdAt!.getTime();
        candidates = memory.candidates(visit.deviceId, sig.kind, sig.bands, at, WINDOW_MS);
        undo = memory.add(visit.deviceId, sig.kind, r.ideaId, Int32Array.from(sig.minhash), sig.bands, at);
      }
      const matches = candidates.filter((c) => isNearDuplicate(sig.kind, sig.minhash, c.minhash));
      if (!matches.length) return { outcome: r.outcome, ideaId: r.ideaId, clusterId: null };
      const join = (ids: string[]) =>
        joinOrCreateCluster(tx, { deviceId: visit.deviceId, kind: sig.kind, ideaIds: [r.ideaId!, ...ids], confirmHours: memory ? CLUSTER_WINDOW_HOURS : undefined });
      const all = matches.map((m) => m.idea_id);
      const few = memory ? representatives(matches) : all;
      let joined = await join(few);
      // A representative deleted (or re-timed) since it was indexed: the join with every match decides.
      if (few.length < all.length && joined.confirmed < few.length) joined = await join(all);
      const { target, merged } = joined;
      if (memory && target) {
        const undoAdd = undo;
        const undoJoin = memory.joined([r.ideaId, ...all], target, merged);
        undo = () => {
          undoJoin();
          undoAdd?.();
        };
      }
      return { outcome: r.outcome, ideaId: r.ideaId, clusterId: target };
    });
  } catch (err) {
    // Rolled back (or the commit failed): the idea is not stored, so it must not stay indexed.
    (undo as (() => void) | null)?.();
    throw err;
  }
}
