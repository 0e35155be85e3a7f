import { CLUSTER_WINDOW_HOURS, ideaSignature, isNearDuplicate, type SignedKind } from '../../core/near-duplicate/index.ts';
import type { Database } from '../../db/database.ts';
import { deleteClusters, joinOrCreateCluster, lockDeviceClusters, storeSignature } from '../../db/repositories/idea-clusters.repository.ts';
import type { NewVisit } from '../../db/repositories/visits.repository.ts';
import type { DrawingIdea } from '../../shared/visit.ts';
import type { Static } from 'typebox';

// Per new idea: the kiosk's newest signatures looked at, and of those sharing a band, how many are
// compared in full. Enough to meet a flood's cluster (its copies are the newest) and far more than
// an honest kiosk's ideas in a day; bounded so a flood of thousands costs what a flood of twenty does.
const SCAN_SIGNATURES = 500;
const MAX_CANDIDATES = 32;

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
  // All under the kiosk's lock: a statement's snapshot starts after the lock is granted, so it
  // sees every idea of this kiosk clustered before, and two visits at once cannot miss each other.
  return db.transaction(async (tx) => {
    await lockDeviceClusters(tx, deviceId);
    const signed = await storeSignature(tx, {
      visitId, deviceId, kind, minhash: sig.minhash, bands: sig.bands,
      hours: CLUSTER_WINDOW_HOURS, pruneHours: 2 * CLUSTER_WINDOW_HOURS, scan: SCAN_SIGNATURES, limit: MAX_CANDIDATES,
    });
    if (!signed) return { clusterId: null };
    const matches = signed.candidates.filter((c) => isNearDuplicate(kind, sig.minhash, c.minhash));
    if (!matches.length) return { clusterId: null };
    const { target, merged } = await joinOrCreateCluster(tx, { deviceId, kind, ideaIds: [signed.idea_id, ...matches.map((m) => m.idea_id)] });
    if (merged.length) await deleteClusters(tx, merged);
    return { clusterId: target };
  });
}
