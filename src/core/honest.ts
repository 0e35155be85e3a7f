/**
 * "Honest insight": measures that correct for how children answer. Children rate almost
 * everything with the happiest face, so a part's own average says little; what a child rates
 * above their own usual face says more (within-child score). Some visits are answered without
 * looking (the same face everywhere, or taps faster than anyone reads): those are flagged so a
 * reader can leave them out. Pure functions; the database keeps the sums they need.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export { SMALL_SAMPLE } from './compare.ts';

/**
 * Each rated part's within-child score: its face minus the mean face this child gave.
 * Only defined for a child who rated at least two parts (one rating has nothing to stand out from).
 */
export function withinChildScores(faces: readonly number[]): number[] | null {
  if (faces.length < 2) return null;
  const mean = faces.reduce((a, b) => a + b, 0) / faces.length;
  return faces.map((f) => f - mean);
}

/** Running sums of a set of scores: what the rollups keep per part. */
export interface ScoreSums {
  n: number;
  sum: number;
  sumSq: number;
}

export interface MeanInterval {
  mean: number | null;
  low: number | null;
  high: number | null;
  n: number;
}

/**
 * Mean with a 95 % Student-t interval from count, sum and sum of squares. With n < 2 there is
 * no spread to measure, so the interval is null (never drawn as if it were known).
 */
export function meanInterval(s: ScoreSums, level = 0.95): MeanInterval {
  if (s.n <= 0) return { mean: null, low: null, high: null, n: 0 };
  const mean = s.sum / s.n;
  if (s.n < 2) return { mean, low: null, high: null, n: s.n };
  // Sums of squares minus the squared sum can dip below 0 by rounding when every score is equal.
  const variance = Math.max(0, (s.sumSq - (s.sum * s.sum) / s.n) / (s.n - 1));
  const half = tQuantile(1 - (1 - level) / 2, s.n - 1) * Math.sqrt(variance / s.n);
  return { mean, low: mean - half, high: mean + half, n: s.n };
}

export function addScores(into: ScoreSums, scores: readonly number[]): ScoreSums {
  for (const x of scores) {
    into.n += 1;
    into.sum += x;
    into.sumSq += x * x;
  }
  return into;
}

export type Quality = 'ok' | 'same-face' | 'too-fast';
export const QUALITIES: readonly Quality[] = ['ok', 'same-face', 'too-fast'];

/** The fewest ratings for "the same face on every part" to count as not looking. */
export const SAME_FACE_MIN_RATINGS = 4;
/** A median answer faster than this is quicker than a child can look at a part and choose. */
export const TOO_FAST_MEDIAN_MS = 700;

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/**
 * Flags a visit answered without looking. `answerMs` holds the times of every rating, choice and
 * favourite that carried one (older kiosks send none: then only the same-face rule applies).
 */
export function visitQuality(faces: readonly number[], answerMs: readonly number[]): Quality {
  if (faces.length >= SAME_FACE_MIN_RATINGS && faces.every((f) => f === faces[0])) return 'same-face';
  const m = median(answerMs);
  if (m !== null && m < TOO_FAST_MEDIAN_MS) return 'too-fast';
  return 'ok';
}
