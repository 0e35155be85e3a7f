import { CLUSTER_WINDOW_HOURS, ideaSignature, isNearDuplicate, type IdeaSignature } from '../../core/near-duplicate/index.ts';
import type { Database } from '../../db/database.ts';
import { deleteClusters, joinOrCreateCluster, storeVisitClustered, type StoredClustered } from '../../db/repositories/idea-clusters.repository.ts';
import type { NewVisit } from '../../db/repositories/visits.repository.ts';
import type { DrawingIdea } from '../../shared/visit.ts';
import type { Static } from 'typebox';

// Per new idea: of the kiosk's ideas of the same kind within the window sharing an LSH band, the
// newest this many are compared in full. A flood meets its own copies (the newest) at once; bounded
// so a flood of thousands costs what a flood of twenty does.
const MAX_CANDIDATES = 32;

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
  return db.transaction(async (tx) => {
    const r = await storeVisitClustered(tx, visit, idHash, args);
    if (r.outcome !== 'stored' || !r.ideaId) return { outcome: r.outcome, ideaId: r.ideaId, clusterId: null };
    const matches = r.candidates.filter((c) => isNearDuplicate(sig.kind, sig.minhash, c.minhash));
    if (!matches.length) return { outcome: r.outcome, ideaId: r.ideaId, clusterId: null };
    const { target, merged } = await joinOrCreateCluster(tx, { deviceId: visit.deviceId, kind: sig.kind, ideaIds: [r.ideaId, ...matches.map((m) => m.idea_id)] });
    if (merged.length) await deleteClusters(tx, merged);
    return { outcome: r.outcome, ideaId: r.ideaId, clusterId: target };
  });
}
