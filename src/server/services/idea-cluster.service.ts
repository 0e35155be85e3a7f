import { CLUSTER_WINDOW_HOURS, ideaSignature, isNearDuplicate, type SignedKind } from '../../core/near-duplicate/index.ts';
import type { Database } from '../../db/database.ts';
import { createCluster, findCandidates, insertSignature, joinCluster, lockDeviceClusters } from '../../db/repositories/idea-clusters.repository.ts';
import type { NewVisit } from '../../db/repositories/visits.repository.ts';
import type { DrawingIdea } from '../../shared/visit.ts';
import type { Static } from 'typebox';

// Per new idea: the kiosk's newest signatures looked at, and of those sharing a band, how many are
// compared in full. Enough to meet a flood's cluster (its copies are the newest) and far more than
// an honest kiosk's ideas in a day; bounded so a flood of thousands costs what a flood of twenty does.
const SCAN_SIGNATURES = 500;
const MAX_CANDIDATES = 64;

export interface ClusterOutcome {
  clusterId: string | null;
}

/**
 * Puts a just-stored idea into the near-duplicate cluster of its kiosk's last 24 hours, if it has
 * near-duplicates there. Runs after the visit is stored, in its own transaction: clusters are
 * derived data, and running it again for the same idea changes nothing (its signature is stored once).
 */
export async function assignDuplicateCluster(db: Database, deviceId: string, visitId: string, idea: NewVisit['idea']): Promise<ClusterOutcome> {
  if (!idea || idea.kind === 'voice') return { clusterId: null };
  // Signed from the stored (redacted) text, never the raw one: trigram hashes of a phone number
  // could be brute-forced back, and spam that differs only in the number it pushes is one flood.
  const sig = ideaSignature(idea.kind === 'text' ? idea : (idea.drawing as Static<typeof DrawingIdea>));
  if (!sig) return { clusterId: null };
  const kind: SignedKind = sig.kind;
  return db.transaction(async (tx) => {
    await lockDeviceClusters(tx, deviceId);
    const stored = await insertSignature(tx, { visitId, deviceId, kind, minhash: sig.minhash, bands: sig.bands, pruneHours: 2 * CLUSTER_WINDOW_HOURS });
    if (!stored) return { clusterId: null };
    const candidates = await findCandidates(tx, {
      deviceId, kind, ideaId: stored.idea_id, at: stored.created_at, hours: CLUSTER_WINDOW_HOURS, bands: sig.bands, scan: SCAN_SIGNATURES, limit: MAX_CANDIDATES,
    });
    const matches = candidates.filter((c) => isNearDuplicate(kind, sig.minhash, c.minhash));
    if (!matches.length) return { clusterId: null };
    // Join the oldest cluster met (merges keep the id moderators may already have seen).
    const met = matches.filter((m) => m.cluster_id !== null).sort((a, b) => +a.cluster_created_at! - +b.cluster_created_at! || a.cluster_id!.localeCompare(b.cluster_id!));
    const clusters = [...new Set(met.map((m) => m.cluster_id!))];
    const target = clusters[0] ?? (await createCluster(tx, deviceId, kind, stored.created_at));
    const loose = matches.filter((m) => m.cluster_id === null).map((m) => m.idea_id);
    await joinCluster(tx, target, [stored.idea_id, ...loose], clusters.filter((c) => c !== target));
    return { clusterId: target };
  });
}
