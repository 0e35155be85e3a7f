/**
 * Prints the redaction precision/recall table for the labelled corpus, plus every sentence
 * the detector got wrong (so a regression is easy to see).
 *   node --import tsx scripts/redaction-report.ts
 */
import { readFileSync } from 'node:fs';
import { computeMetrics, formatMetricsTable, type CorpusEntry } from '../src/core/redaction-metrics.ts';

const corpusUrl = new URL('../test/fixtures/redaction-corpus.json', import.meta.url);
const corpus = JSON.parse(readFileSync(corpusUrl, 'utf8')) as CorpusEntry[];
const report = computeMetrics(corpus);

console.log(formatMetricsTable(report));
if (report.misses.length > 0) {
  console.log(`\n${report.misses.length} sentence(s) not labelled exactly:`);
  for (const miss of report.misses) {
    console.log(`  expected [${miss.expected.join(', ')}] got [${miss.got.join(', ')}]: ${miss.text}`);
  }
}
