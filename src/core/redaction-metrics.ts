/**
 * Sentence-level precision/recall of the PII detector on a labelled corpus. Pure, so the
 * test suite and scripts/redaction-report.ts print exactly the same figures.
 */
import { containsProfanity, moderateText, PII_KINDS, redact, type PiiKind } from './redaction.ts';

export interface CorpusEntry {
  text: string;
  lang: 'zh' | 'en';
  pii: PiiKind[];
  /** Where a case came from when it was added after the first corpus (e.g. "issue-12 …"). */
  added?: string;
}

export interface MetricsRow {
  label: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface CorpusMiss {
  text: string;
  expected: PiiKind[];
  got: PiiKind[];
}

export interface MetricsReport {
  sentences: number;
  perKind: MetricsRow[];
  /** Micro-average over kinds: every (sentence, kind) decision counts once. */
  overall: MetricsRow;
  /** Binary view: does the sentence contain any personal information at all? */
  anyPii: MetricsRow;
  misses: CorpusMiss[];
}

function row(label: string, tp: number, fp: number, fn: number): MetricsRow {
  // With nothing predicted (or nothing to find) there is nothing wrong: score 1.
  return { label, tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

export function computeMetrics(
  corpus: readonly CorpusEntry[],
  detect: (text: string) => readonly PiiKind[] = (text) => redact(text).kinds,
): MetricsReport {
  const counts = new Map(PII_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }]));
  const any = { tp: 0, fp: 0, fn: 0 };
  const misses: CorpusMiss[] = [];
  for (const entry of corpus) {
    const got = new Set(detect(entry.text));
    const expected = new Set(entry.pii);
    for (const kind of PII_KINDS) {
      const c = counts.get(kind)!;
      if (expected.has(kind) && got.has(kind)) c.tp++;
      else if (got.has(kind)) c.fp++;
      else if (expected.has(kind)) c.fn++;
    }
    if (expected.size > 0 && got.size > 0) any.tp++;
    else if (got.size > 0) any.fp++;
    else if (expected.size > 0) any.fn++;
    if (PII_KINDS.some((k) => expected.has(k) !== got.has(k))) {
      misses.push({ text: entry.text, expected: [...entry.pii], got: PII_KINDS.filter((k) => got.has(k)) });
    }
  }
  const perKind = PII_KINDS.map((k) => {
    const c = counts.get(k)!;
    return row(k, c.tp, c.fp, c.fn);
  });
  const sum = (f: 'tp' | 'fp' | 'fn'): number => perKind.reduce((s, r) => s + r[f], 0);
  return {
    sentences: corpus.length,
    perKind,
    overall: row('overall (micro)', sum('tp'), sum('fp'), sum('fn')),
    anyPii: row('any PII', any.tp, any.fp, any.fn),
    misses,
  };
}

export function formatMetricsTable(report: MetricsReport): string {
  const rows = [...report.perKind, report.overall, report.anyPii];
  const cell = (x: number): string => (x * 100).toFixed(1).padStart(6) + '%';
  const lines = [
    `PII redaction on ${report.sentences} sentences (sentence level)`,
    `${'kind'.padEnd(16)}${'TP'.padStart(5)}${'FP'.padStart(5)}${'FN'.padStart(5)}  precision   recall`,
    ...rows.map(
      (r) => `${r.label.padEnd(16)}${String(r.tp).padStart(5)}${String(r.fp).padStart(5)}${String(r.fn).padStart(5)}    ${cell(r.precision)}  ${cell(r.recall)}`,
    ),
  ];
  return lines.join('\n');
}

/** What the moderator's flags add on top of redaction, over the same corpus. */
export interface FlagStats {
  /** Sentences with PII that redaction missed entirely, and how many of those carry a flag. */
  missedPii: number;
  missedButFlagged: number;
  /** Sentences without PII, and how many of them many_digits / profanity flag anyway. */
  clean: number;
  cleanManyDigits: number;
  cleanProfanity: number;
}

export function computeFlagStats(corpus: readonly CorpusEntry[]): FlagStats {
  const stats: FlagStats = { missedPii: 0, missedButFlagged: 0, clean: 0, cleanManyDigits: 0, cleanProfanity: 0 };
  for (const entry of corpus) {
    const m = moderateText(entry.text);
    if (entry.pii.length > 0 && !m.flags.includes('pii_redacted')) {
      stats.missedPii++;
      if (m.flags.length > 0) stats.missedButFlagged++;
    }
    if (entry.pii.length === 0) {
      stats.clean++;
      if (m.flags.includes('many_digits')) stats.cleanManyDigits++;
      if (m.flags.includes('profanity')) stats.cleanProfanity++;
    }
  }
  return stats;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The per-kind table as markdown (for docs/PERFORMANCE.md). */
export function metricsMarkdown(report: MetricsReport): string {
  const rows = [...report.perKind, report.overall, report.anyPii];
  return [
    '| kind | TP | FP | FN | precision | recall |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.label} | ${r.tp} | ${r.fp} | ${r.fn} | ${pct(r.precision)} | ${pct(r.recall)} |`),
  ].join('\n');
}

export interface ProfanityEntry {
  text: string;
  lang: 'zh' | 'en';
  rude: boolean;
}

/** Precision/recall of the profanity flag, per language and overall. */
export function computeProfanityMetrics(corpus: readonly ProfanityEntry[]): MetricsRow[] {
  const count = (entries: readonly ProfanityEntry[], label: string): MetricsRow => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const e of entries) {
      const got = containsProfanity(e.text);
      if (got && e.rude) tp++;
      else if (got) fp++;
      else if (e.rude) fn++;
    }
    return row(label, tp, fp, fn);
  };
  return [count(corpus.filter((e) => e.lang === 'zh'), 'profanity zh'), count(corpus.filter((e) => e.lang === 'en'), 'profanity en'), count(corpus, 'profanity all')];
}
