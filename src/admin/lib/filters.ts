import type { AgeBand } from './types.ts';
import { AGE_BANDS } from './types.ts';

/** The insight filters every chart, table and export honours. */
export interface Filters {
  from: string;
  to: string;
  showrooms: string[];
  ageBands: AgeBand[];
  /** Leave out low-effort visits (same face everywhere, or too fast): `quality=ok` in the API. */
  okOnly?: boolean;
}

export function isoDay(d: Date): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00`);
  d.setDate(d.getDate() + n);
  return isoDay(d);
}

export function lastDays(n: number, to = isoDay(new Date())): { from: string; to: string } {
  return { from: addDays(to, -(n - 1)), to };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f-]{36}$/i;

/** Filters from the route's query (f… keys), with the last 30 days by default. */
export function filtersFrom(params: URLSearchParams, prefix = ''): Filters {
  const def = lastDays(30);
  const from = params.get(prefix + 'from') ?? '';
  const to = params.get(prefix + 'to') ?? '';
  return {
    from: DAY.test(from) ? from : def.from,
    to: DAY.test(to) ? to : def.to,
    showrooms: (params.get('showrooms') ?? '').split(',').filter((s) => UUID.test(s)),
    ageBands: (params.get('ages') ?? '').split(',').filter((a): a is AgeBand => (AGE_BANDS as readonly string[]).includes(a)),
    okOnly: params.get('quality') === 'ok',
  };
}

/** Writes filters into route params (keeps the other params). */
export function filtersInto(params: URLSearchParams, f: Filters, prefix = ''): URLSearchParams {
  const p = new URLSearchParams(params);
  p.set(prefix + 'from', f.from);
  p.set(prefix + 'to', f.to);
  if (!prefix) {
    if (f.showrooms.length) p.set('showrooms', f.showrooms.join(','));
    else p.delete('showrooms');
    if (f.ageBands.length) p.set('ages', f.ageBands.join(','));
    else p.delete('ages');
    if (f.okOnly) p.set('quality', 'ok');
    else p.delete('quality');
  }
  return p;
}

/** The API's query parameters for these filters. */
export function apiFilter(f: Filters): Record<string, string | undefined> {
  return {
    from: f.from,
    to: f.to,
    showrooms: f.showrooms.length ? f.showrooms.join(',') : undefined,
    ageBands: f.ageBands.length ? f.ageBands.join(',') : undefined,
    quality: f.okOnly ? 'ok' : undefined,
  };
}

/** Only the filter params, for carrying them across pages. */
export function filterParams(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['from', 'to', 'showrooms', 'ages', 'quality']) {
    const v = params.get(k);
    if (v) out[k] = v;
  }
  return out;
}
