import { bandKeys, minhash, similarity } from './minhash.ts';
import { drawingShingles, textShingles, type DrawingLike } from './shingles.ts';

export { bandKeys, jaccard, minhash, similarity, MINHASH_SIZE, LSH_BANDS } from './minhash.ts';
export { drawingShingles, normaliseIdeaText, textShingles } from './shingles.ts';

/**
 * Estimated similarity at or above which two ideas count as near-duplicates. Text needs more
 * than drawings: two children's sentences can share a frame ("I want the car to have…") and
 * differ in the one word that matters, while two honest drawings rarely share a stroke layout.
 */
export const NEAR_DUPLICATE_THRESHOLD = { text: 0.8, drawing: 0.5 } as const;

/** Near-duplicates of one kiosk within this window share a cluster. */
export const CLUSTER_WINDOW_HOURS = 24;

/**
 * A cluster this large is a flood, not children agreeing: its pending ideas leave the
 * moderation queue (shown as one entry) and its kiosk is shown as suspicious.
 */
export const FLOOD_MIN_SIZE = 10;

export type SignedKind = keyof typeof NEAR_DUPLICATE_THRESHOLD;

export interface IdeaSignature {
  kind: SignedKind;
  minhash: number[];
  bands: number[];
}

/** The signature of a text or drawing idea; null for voice and for text with no letters or digits. */
export function ideaSignature(idea: { kind: 'text'; text: string } | ({ kind: 'drawing' } & DrawingLike) | { kind: string }): IdeaSignature | null {
  let shingles: Set<string>;
  if (idea.kind === 'text' && 'text' in idea) shingles = textShingles(idea.text);
  else if (idea.kind === 'drawing' && 'strokes' in idea) shingles = drawingShingles(idea);
  else return null;
  const sig = minhash(shingles);
  if (!sig) return null;
  return { kind: idea.kind, minhash: Array.from(sig), bands: bandKeys(sig) };
}

export function isNearDuplicate(kind: SignedKind, a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return similarity(a, b) >= NEAR_DUPLICATE_THRESHOLD[kind];
}

/** A kiosk is suspicious while one of its near-duplicate clusters reached flood size in the last 24 h. */
export function floodSuspicion(largestCluster24h: number): { suspicious: boolean; suspiciousReason: string | null; nearDuplicateIdeas24h: number } {
  const suspicious = largestCluster24h >= FLOOD_MIN_SIZE;
  return {
    suspicious,
    suspiciousReason: suspicious ? `${largestCluster24h} near-identical ideas in ${CLUSTER_WINDOW_HOURS} h` : null,
    nearDuplicateIdeas24h: largestCluster24h,
  };
}
