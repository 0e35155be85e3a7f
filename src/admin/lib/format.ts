import type { Locale } from './i18n.ts';

const tag = (l: Locale) => (l === 'zh-CN' ? 'zh-CN' : 'en-GB');

export function num(n: number, l: Locale): string {
  return new Intl.NumberFormat(tag(l)).format(n);
}

/** 0.623 → "62%" (one decimal under 10%). */
export function pct(p: number | null | undefined, l: Locale, digits?: number): string {
  if (p === null || p === undefined || Number.isNaN(p)) return '—';
  const d = digits ?? (p > 0 && p < 0.1 ? 1 : 0);
  return new Intl.NumberFormat(tag(l), { style: 'percent', maximumFractionDigits: d, minimumFractionDigits: 0 }).format(p);
}

/** A 95% interval as "48–74%". */
export function interval(i: { low: number; high: number } | null, l: Locale): string {
  if (!i) return '—';
  return `${Math.round(i.low * 100)}–${pct(i.high, l, 0)}`;
}

export function duration(sec: number | null, l: Locale): string {
  if (sec === null) return '—';
  const m = Math.floor(sec / 60);
  const s = Math.round(sec % 60);
  if (l === 'zh-CN') return m ? `${m} 分 ${s} 秒` : `${s} 秒`;
  return m ? `${m} min ${s} s` : `${s} s`;
}

export function dateTime(iso: string | null, l: Locale): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(tag(l), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function date(iso: string, l: Locale): string {
  return new Intl.DateTimeFormat(tag(l), { dateStyle: 'medium' }).format(new Date(iso.length === 10 ? `${iso}T12:00:00` : iso));
}

export function shortDay(day: string, l: Locale): string {
  return new Intl.DateTimeFormat(tag(l), { month: 'short', day: 'numeric' }).format(new Date(`${day}T12:00:00`));
}

/** 1.5 MB, 2 GB: storage sizes in the units people read (powers of 1024). */
export function bytes(n: number, l: Locale): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${new Intl.NumberFormat(tag(l), { maximumFractionDigits: v < 10 && u > 0 ? 1 : 0 }).format(v)} ${units[u]}`;
}

/** "5 minutes ago", "in 9 minutes". */
export function relative(iso: string | null, l: Locale, now = Date.now()): string {
  if (!iso) return '—';
  const diff = (new Date(iso).getTime() - now) / 1000;
  const rtf = new Intl.RelativeTimeFormat(tag(l), { numeric: 'auto' });
  const a = Math.abs(diff);
  if (a < 45) return rtf.format(Math.round(diff), 'second');
  if (a < 2700) return rtf.format(Math.round(diff / 60), 'minute');
  if (a < 79200) return rtf.format(Math.round(diff / 3600), 'hour');
  return rtf.format(Math.round(diff / 86400), 'day');
}
