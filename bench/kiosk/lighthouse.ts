/**
 * Lighthouse (its default config: mobile form factor, simulated slow-4G + 4× CPU throttling) on
 * /kiosk/ with Debian's Chromium, launched by chrome-launcher (a dependency of lighthouse) with the
 * flags e2e/browser.ts uses in this closed network. Two runs in one browser profile:
 *  1. a fresh tablet (storage reset by Lighthouse): the pairing screen, the real first load;
 *  2. the same profile after pairing (playwright connects over CDP, pairs, disconnects), with
 *     disableStorageReset so the tablet stays paired: the attract screen, service worker installed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { onCleanup } from '../lib/cleanup.ts';

export const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

export const LH_BUDGETS = { performance: 90, accessibility: 95, 'best-practices': 95 } as const;
type Category = keyof typeof LH_BUDGETS;
const CATEGORIES = Object.keys(LH_BUDGETS) as Category[];

export interface FailingAudit {
  category: string;
  id: string;
  title: string;
  score: number | null;
  weight: number;
  displayValue?: string;
  items: string[];
}

export interface LighthouseRun {
  label: string;
  url: string;
  finalScreen: string;
  scores: Record<Category, number | null>;
  lcpMs: number | null;
  tbtMs: number | null;
  fcpMs: number | null;
  clsValue: number | null;
  lcpElement: string | null;
  failing: FailingAudit[];
  runWarnings: string[];
  reportPath: string;
  /** Every run of this page (the fields above are the median run's). */
  repeats: Array<{ scores: Record<Category, number | null>; lcpMs: number | null; tbtMs: number | null }>;
  /** Runs that Lighthouse could not finish (each was tried again once). */
  failedRuns: string[];
  error?: string;
}

interface LhAudit {
  id: string;
  title: string;
  score: number | null;
  scoreDisplayMode: string;
  numericValue?: number;
  displayValue?: string;
  details?: { type?: string; items?: Array<Record<string, unknown>> };
}
interface LhResult {
  finalDisplayedUrl: string;
  runWarnings: string[];
  runtimeError?: { code: string; message: string };
  categories: Record<string, { score: number | null; auditRefs: Array<{ id: string; weight: number }> }>;
  audits: Record<string, LhAudit>;
}

function itemText(item: Record<string, unknown>): string | null {
  const node = item.node as { selector?: string; snippet?: string; nodeLabel?: string } | undefined;
  if (node?.selector) return `\`${node.selector}\``;
  if (typeof item.url === 'string') return item.url.replace(/^https?:\/\/[^/]+/, '');
  if (typeof item.source === 'object' && item.source && typeof (item.source as { url?: string }).url === 'string') return (item.source as { url: string }).url.replace(/^https?:\/\/[^/]+/, '');
  return null;
}

function failingAudits(lhr: LhResult): FailingAudit[] {
  const out: FailingAudit[] = [];
  const seen = new Set<string>();
  for (const cat of CATEGORIES) {
    for (const ref of lhr.categories[cat]?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (!a || a.score === null || seen.has(`${cat}:${a.id}`)) continue;
      if (!['binary', 'numeric', 'metricSavings'].includes(a.scoreDisplayMode)) continue;
      // Binary audits fail at 0; numeric ones count as failing below 0.9 (Lighthouse's green).
      if (a.score >= 0.9) continue;
      // Lighthouse 12's "insight" audits repeat the classic audits listed beside them.
      if (a.id.endsWith('-insight')) continue;
      seen.add(`${cat}:${a.id}`);
      const items = (a.details?.items ?? []).map(itemText).filter((s): s is string => Boolean(s)).slice(0, 4);
      out.push({ category: cat, id: a.id, title: a.title, score: a.score, weight: ref.weight, displayValue: a.displayValue, items });
    }
  }
  return out;
}

function lcpElement(lhr: LhResult): string | null {
  const a = lhr.audits['largest-contentful-paint-element'];
  const items = a?.details?.items ?? [];
  // v12: a list of tables; the first holds the element.
  for (const it of items as Array<{ items?: Array<Record<string, unknown>> } & Record<string, unknown>>) {
    const inner = it.items?.[0] ?? it;
    const t = itemText(inner);
    if (t) return t;
  }
  return null;
}

/** Lighthouse's advice for a noisy machine: run each page several times and keep the median run. */
export function medianRun(runs: LighthouseRun[]): LighthouseRun {
  const ok = runs.filter((r) => !r.error && r.scores.performance !== null);
  if (!ok.length) return { ...runs[runs.length - 1]!, failedRuns: runs.map((r) => r.error ?? 'no score') };
  const sorted = [...ok].sort((a, b) => a.scores.performance! - b.scores.performance! || (b.tbtMs ?? 0) - (a.tbtMs ?? 0));
  const mid = sorted[(sorted.length - 1) >> 1]!;
  return { ...mid, repeats: ok.map((r) => ({ scores: r.scores, lcpMs: r.lcpMs, tbtMs: r.tbtMs })), failedRuns: runs.filter((r) => r.error).map((r) => r.error!) };
}

export async function runLighthouse(base: string, pairingCode: () => Promise<string>, log: (s: string) => void, repeat = 3): Promise<{ runs: LighthouseRun[]; chromeVersion: string; lighthouseVersion: string }> {
  const reports = mkdtempSync(join(tmpdir(), 'la-bench-lh-reports-'));
  const chrome = await launchChrome();
  const stop = chrome.stop;
  try {
    const version = { Browser: chrome.version };
    const url = `${base}/kiosk/`;
    const runs: LighthouseRun[] = [];
    let lighthouseVersion = '';

    const one = async (label: string, disableStorageReset: boolean, screenSelector: string, i: number): Promise<LighthouseRun> => {
      log(`lighthouse: ${label} (run ${i + 1} of ${repeat})`);
      const reportPath = join(reports, `${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${i + 1}.json`);
      const r = await auditPage(chrome.port, url, { label, finalScreen: screenSelector, reportPath, disableStorageReset });
      if (r.lighthouseVersion) lighthouseVersion = r.lighthouseVersion;
      return r.run;
    };

    // 1. A fresh tablet: Lighthouse resets the origin's storage, so the app shows the pairing screen.
    const several = async (label: string, disableStorageReset: boolean, screenSelector: string) => {
      const all: LighthouseRun[] = [];
      for (let i = 0; i < repeat; i++) {
        let r = await one(label, disableStorageReset, screenSelector, i);
        // A fresh browser's first trace sometimes lacks its navigation start (NO_NAVSTART): once more.
        if (r.error) {
          all.push(r);
          log(`lighthouse: run failed (${r.error}); once more`);
          r = await one(label, disableStorageReset, screenSelector, i);
        }
        all.push(r);
      }
      return medianRun(all);
    };
    runs.push(await several('fresh tablet: pairing screen', false, '.pairing'));

    // 2. Pair in the same profile, then measure the attract screen of a paired tablet.
    let paired = false;
    try {
      const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
      try {
        const ctx = browser.contexts()[0]!;
        const page = await ctx.newPage();
        const code = await pairingCode();
        await page.goto(`${url}#pair=${code.replace('-', '')}`);
        await page.getByLabel(/Staff PIN/).fill('2468');
        await page.getByRole('button', { name: /Pair/ }).click();
        await page.locator('.attract').waitFor({ timeout: 30_000 });
        // Let the service worker finish installing (it precaches the shell) before measuring.
        await page.evaluate(() => navigator.serviceWorker?.ready.then(() => true));
        await page.close();
        paired = true;
      } finally {
        await browser.close(); // disconnects; chrome-launcher owns the process
      }
    } catch (err) {
      log(`lighthouse: pairing failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (paired) runs.push(await several('paired tablet: attract screen', true, '.attract'));
    else runs.push({ ...emptyRun('paired tablet: attract screen', url, '.attract', ''), error: 'pairing in the Lighthouse profile failed' });

    log(`lighthouse: JSON reports in ${reports}`);
    return { runs, chromeVersion: version.Browser, lighthouseVersion };
  } finally {
    await stop();
  }
}

export interface AuditOptions {
  label: string;
  finalScreen: string;
  reportPath: string;
  disableStorageReset?: boolean;
  /** Sent with every request of the run (e.g. a session cookie). */
  extraHeaders?: Record<string, string>;
  /** A Lighthouse config (e.g. lighthouse/core/config/desktop-config.js); its default (mobile) when absent. */
  config?: unknown;
}

/** One Lighthouse run of `url` in the Chromium listening on `port`; the report is written to reportPath. */
export async function auditPage(port: number, url: string, o: AuditOptions): Promise<{ run: LighthouseRun; lighthouseVersion: string }> {
  const empty = emptyRun(o.label, url, o.finalScreen, o.reportPath);
  try {
    const flags = { port, output: 'json' as const, logLevel: 'error' as const, onlyCategories: [...CATEGORIES], disableStorageReset: Boolean(o.disableStorageReset), ...(o.extraHeaders ? { extraHeaders: o.extraHeaders } : {}) };
    const result = await withTimeout(lighthouse(url, flags, o.config as never), 120_000, 'lighthouse run');
    if (!result) throw new Error('lighthouse returned nothing');
    const lhr = result.lhr as unknown as LhResult & { lighthouseVersion: string };
    writeFileSync(o.reportPath, typeof result.report === 'string' ? result.report : JSON.stringify(lhr));
    if (lhr.runtimeError) throw new Error(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    const score = (c: Category) => (lhr.categories[c]?.score == null ? null : Math.round(lhr.categories[c]!.score! * 100));
    return {
      lighthouseVersion: lhr.lighthouseVersion,
      run: {
        ...empty,
        scores: { performance: score('performance'), accessibility: score('accessibility'), 'best-practices': score('best-practices') },
        lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? null,
        tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? null,
        fcpMs: lhr.audits['first-contentful-paint']?.numericValue ?? null,
        clsValue: lhr.audits['cumulative-layout-shift']?.numericValue ?? null,
        lcpElement: lcpElement(lhr),
        failing: failingAudits(lhr),
        runWarnings: lhr.runWarnings ?? [],
      },
    };
  } catch (err) {
    return { lighthouseVersion: '', run: { ...empty, error: err instanceof Error ? err.message : String(err) } };
  }
}

/** Debian's Chromium through chrome-launcher with CHROME_FLAGS, in a temp profile; killed on cleanup. */
export async function launchChrome(): Promise<{ port: number; version: string; stop: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'la-bench-lh-profile-'));
  process.env.CHROME_PATH ||= '/usr/bin/chromium';
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH,
    chromeFlags: CHROME_FLAGS,
    userDataDir: profile,
    logLevel: 'silent',
    handleSIGINT: false,
    connectionPollInterval: 250,
    maxConnectionRetries: 120,
  });
  const stop = onCleanup(async () => {
    try {
      chrome.kill();
    } catch {
      /* already gone */
    }
    rmSync(profile, { recursive: true, force: true });
  });
  const version = (await (await fetch(`http://127.0.0.1:${chrome.port}/json/version`)).json()) as { Browser: string };
  return { port: chrome.port, version: version.Browser, stop };
}

function emptyRun(label: string, url: string, finalScreen: string, reportPath: string): LighthouseRun {
  const scores = { performance: null, accessibility: null, 'best-practices': null };
  return { label, url, finalScreen, scores, lcpMs: null, tbtMs: null, fcpMs: null, clsValue: null, lcpElement: null, failing: [], runWarnings: [], reportPath, repeats: [], failedRuns: [] };
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
    }),
  ]);
}
