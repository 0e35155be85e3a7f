/**
 * Prints the redaction precision/recall table for the labelled corpus, plus every sentence
 * the detector got wrong (so a regression is easy to see), what the moderator's flags add,
 * and the profanity flag on its own labelled set. `npm run bench -- redaction` writes the
 * same figures to docs/PERFORMANCE.md.
 *   node --import tsx scripts/redaction-report.ts
 */
import { readFileSync } from 'node:fs';
import {
  computeFlagStats,
  computeMetrics,
  computeProfanityMetrics,
  formatMetricsTable,
  type CorpusEntry,
  type ProfanityEntry,
} from '../src/core/redaction-metrics.ts';

const load = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8')) as T;
const corpus = load<CorpusEntry[]>('redaction-corpus.json');
const report = computeMetrics(corpus);

console.log(formatMetricsTable(report));
if (report.misses.length > 0) {
  console.log(`\n${report.misses.length} sentence(s) not labelled exactly:`);
  for (const miss of report.misses) {
    console.log(`  expected [${miss.expected.join(', ')}] got [${miss.got.join(', ')}]: ${JSON.stringify(miss.text)}`);
  }
}
const flags = computeFlagStats(corpus);
console.log(`\nmissed PII sentences flagged anyway: ${flags.missedButFlagged} of ${flags.missedPii}`);
console.log(`clean sentences flagged many_digits: ${flags.cleanManyDigits} of ${flags.clean}; profanity: ${flags.cleanProfanity}`);
for (const r of computeProfanityMetrics(load<ProfanityEntry[]>('profanity-corpus.json'))) {
  console.log(`${r.label}: precision ${(r.precision * 100).toFixed(1)}%, recall ${(r.recall * 100).toFixed(1)}% (TP ${r.tp}, FP ${r.fp}, FN ${r.fn})`);
}
