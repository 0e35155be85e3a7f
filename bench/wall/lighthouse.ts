import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../../e2e/browser.ts';
import { freePort } from '../../test/helpers/process.ts';

export interface LhScores {
  url: string;
  performance: number | null;
  accessibility: number | null;
  bestPractices: number | null;
  lcpMs: number | null;
  tbtMs: number | null;
  cls: number | null;
  failing: string[];
  error?: string;
}

/**
 * Lighthouse (its default: mobile form factor, simulated slow 4G and 4× CPU slowdown) against
 * pages of a running server, in Debian's Chromium started by playwright-core with a DevTools
 * port for Lighthouse. Each page is measured `runs` times; the median run by performance is kept.
 */
export async function lighthousePages(urls: string[], runs = 3, log: (s: string) => void = () => {}): Promise<{ results: LhScores[]; version: string; chrome: string }> {
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--remote-debugging-port=${port}`],
  });
  try {
    const chrome = browser.version();
    let version = '';
    const results: LhScores[] = [];
    for (const url of urls) {
      const all: LhScores[] = [];
      for (let i = 0; i < runs; i++) {
        log(`lighthouse: ${url.replace(/^https?:\/\/[^/]+/, '')} (${i + 1}/${runs})`);
        try {
          const r = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] });
          if (!r) throw new Error('lighthouse returned nothing');
          const lhr = r.lhr;
          version = lhr.lighthouseVersion;
          const score = (c: string) => (lhr.categories[c]?.score == null ? null : Math.round(lhr.categories[c]!.score! * 100));
          const failing = Object.values(lhr.audits)
            .filter((a) => a.score !== null && a.score < 0.9 && ['binary', 'numeric', 'metricSavings'].includes(a.scoreDisplayMode) && !a.id.endsWith('-insight'))
            .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ''}`)
            .slice(0, 6);
          all.push({
            url,
            performance: score('performance'),
            accessibility: score('accessibility'),
            bestPractices: score('best-practices'),
            lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? null,
            tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? null,
            cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? null,
            failing,
          });
        } catch (err) {
          all.push({ url, performance: null, accessibility: null, bestPractices: null, lcpMs: null, tbtMs: null, cls: null, failing: [], error: err instanceof Error ? err.message : String(err) });
        }
      }
      const ok = all.filter((r) => r.performance !== null).sort((a, b) => a.performance! - b.performance!);
      results.push(ok[Math.floor(ok.length / 2)] ?? all[0]!);
    }
    return { results, version, chrome };
  } finally {
    await browser.close();
  }
}
