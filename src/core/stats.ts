/**
 * Statistics for children's answers. Children's ratings cluster at the top of any scale,
 * so the dashboard leads with distributions, top-two-box shares, forced-choice win rates
 * (with intervals) and favourite rankings, and shows the mean only beside them.
 */

export interface Interval {
  p: number;
  low: number;
  high: number;
}

/** Wilson score interval for a proportion; well-behaved for small n and extreme p. */
export function wilson(successes: number, n: number, z = 1.959964): Interval | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export type Faces = [number, number, number, number, number];

export function facesTotal(f: Faces): number {
  return f[0] + f[1] + f[2] + f[3] + f[4];
}

/** Share of the two happiest faces ("really good" + "brilliant"). */
export function topTwoBox(f: Faces): Interval | null {
  return wilson(f[3] + f[4], facesTotal(f));
}

export function meanFace(f: Faces): number | null {
  const n = facesTotal(f);
  return n ? (f[0] + 2 * f[1] + 3 * f[2] + 4 * f[3] + 5 * f[4]) / n : null;
}

/** Borda count from top-3 favourites: 1st = 3 points, 2nd = 2, 3rd = 1. */
export function bordaPoints(fav1: number, fav2: number, fav3: number): number {
  return 3 * fav1 + 2 * fav2 + fav3;
}

/** Ranks by descending score; ties share the best rank (1, 2, 2, 4). */
export function rankDescending(scores: number[]): number[] {
  return scores.map((s) => 1 + scores.filter((o) => o > s).length);
}

/** Median from a histogram of equal-width buckets (bucket i covers [i·w, (i+1)·w)), interpolated. */
export function histogramMedian(counts: number[], width: number): number | null {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const half = n / 2;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > 0 && seen + c >= half) return i * width + ((half - seen) / c) * width;
    seen += c;
  }
  return (counts.length - 1) * width;
}
