import type { Queryable } from '../database.ts';

/**
 * How a date range is read from the rollups (migration 016): month rows (grain 2) for the whole
 * calendar months inside it, 7-day block rows (grain 1: days 1-7, 8-14, 15-21, 22-28 and 29 to
 * the month's end) for the whole blocks left, day rows for the rest. Coarse rows exist only for
 * periods ending on or before the sealed date, so days after it are always read as day rows.
 * Each list holds the first day of its periods (YYYY-MM-DD).
 */
export interface Spans {
  days: string[];
  blocks: string[];
  months: string[];
  /** Days after the sealed date, read as day rows by range ([first, last]), or null. */
  tail: [string, string] | null;
  /** The sealed days of the range ([first, last]), whose by-day sums rollup_days holds, or null. */
  sealedDays: [string, string] | null;
}

const utc = (day: string) => new Date(`${day}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

function addDays(day: string, n: number): string {
  const d = utc(day);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
}

export function monthEnd(day: string): string {
  const d = utc(day);
  return iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)));
}

/** The last day of the block `day` starts (day must be a block start: 1, 8, 15, 22 or 29). */
function blockEnd(day: string): string {
  const end = addDays(day, 6);
  const last = monthEnd(day);
  return end < last ? end : last;
}

const dayOfMonth = (day: string) => Number(day.slice(8, 10));

/** Splits [from, to] (inclusive) into months, blocks and days; `sealed` is rollup_seal.sealed_through. */
export function spansOf(from: string, to: string, sealed: string | null): Spans {
  const out: Spans = { days: [], blocks: [], months: [], tail: null, sealedDays: null };
  // Only the sealed part is walked (period by period); the rest is one range of day rows.
  const last = sealed !== null && sealed < to ? sealed : to;
  if (sealed === null || sealed < from) return { ...out, tail: [from, to] };
  if (last < to) out.tail = [addDays(last, 1), to];
  out.sealedDays = [from, last];
  let d = from;
  while (d <= last) {
    const dom = dayOfMonth(d);
    if (dom === 1) {
      const end = monthEnd(d);
      if (end <= last) {
        out.months.push(d);
        d = addDays(end, 1);
        continue;
      }
    }
    if ((dom - 1) % 7 === 0) {
      const end = blockEnd(d);
      if (end <= last) {
        out.blocks.push(d);
        d = addDays(end, 1);
        continue;
      }
    }
    out.days.push(d);
    d = addDays(d, 1);
  }
  return out;
}

/** The last sealed day (coarse rows exist for the periods ending on or before it), or null. */
export async function sealedThrough(db: Queryable): Promise<string | null> {
  const { rows } = await db.query<{ day: string | null }>(`select to_char(sealed_through, 'YYYY-MM-DD') as day from rollup_seal`);
  return rows[0]?.day ?? null;
}
