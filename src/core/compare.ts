// No runtime imports here: the dashboard bundle includes this file.

/** Figures resting on fewer answers than this are shown as "too few answers to say". */
export const SMALL_SAMPLE = 30;

/** Whether two 95 % intervals leave a gap between them: the only case a difference is marked. */
export function intervalsApart(a: { low: number | null; high: number | null } | null, b: { low: number | null; high: number | null } | null): boolean {
  if (!a || !b || a.low === null || a.high === null || b.low === null || b.high === null) return false;
  return a.high < b.low || b.high < a.low;
}
