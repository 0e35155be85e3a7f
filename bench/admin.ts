/**
 * Dashboard budgets (issue 10): `npm run bench -- admin`.
 *
 *  1. First-load JS of /admin/ ≤ 120 kB gzipped: `npm run build`, then dist/admin-meta.json (esbuild's
 *     metafile, written by scripts/build.mjs) measured by bench/kiosk/bundle.ts's measureBundle: the
 *     entry plus its static imports, transitively, each gzipped at level 9. Chart.js must be in no
 *     first-load chunk (it is reached only through import()).
 *  2. Lighthouse desktop performance ≥ 95 on /admin/#/love-map over a big data set: the insight
 *     bench's set-based SQL generator (bench/insight/generate.ts) fills a throwaway database
 *     (PostgreSQL with 1,000,000 visits when TEST_DATABASE_URL is set, else PGlite with 100,000;
 *     `--visits=N` and `--engine=` override), an admin is made with the CLI, the real server runs as
 *     a child process, and Lighthouse (desktop config) gets the session cookie as an extra header.
 *
 * A missed budget is reported, never a failed process. Loopback only; databases, temp dirs, the
 * server and Chromium are removed on the way out (on error and Ctrl+C too).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { prepareDatabase } from '../src/server/boot.ts';
import { createPgDatabase, dropPgDatabase, TEST_PG_URL } from '../test/helpers/engines.ts';
import { ROOT } from '../test/helpers/process.ts';
import { pgSession } from './insight.ts';
import { generate, type GenerateResult } from './insight/generate.ts';
import { signIn } from './insight/http.ts';
import { measureBundle, type BundleReport } from './kiosk/bundle.ts';
import { auditPage, launchChrome, medianRun, type LighthouseRun } from './kiosk/lighthouse.ts';
import { onCleanup } from './lib/cleanup.ts';
import { startServer, type BenchServer } from './lib/server.ts';

export const id = 'admin';
export const title = 'Dashboard budgets (issue 10)';

export const JS_BUDGET_BYTES = 120_000; // 120 kB gzipped, kB = 1000 bytes
export const PERF_BUDGET = 95;
const LAZY_LIBS = /node_modules\/(chart\.js|@kurkle\/color)\//;

export interface AdminBenchOptions {
  quick?: boolean;
  engines?: string[];
  visits?: number;
  log?: (line: string) => void;
}

interface Headers {
  entry: string;
  encoding: string;
  cacheControl: string;
  htmlCacheControl: string;
}

interface Data {
  engine: 'postgres' | 'pglite';
  visits: number;
  gen: GenerateResult | null;
  error?: string;
}

export async function run(opts: AdminBenchOptions = {}): Promise<string> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  log('admin: npm run build');
  await promisify(execFile)('npm', ['run', 'build', '--silent'], { cwd: ROOT, timeout: 180_000 });
  const bundle = measureBundle(ROOT, 'admin');
  const chartInFirst = bundle.chunks.filter((c) => c.load === 'first' && c.modules.some((m) => LAZY_LIBS.test(m))).map((c) => c.file);
  const chartLazy = bundle.chunks.filter((c) => c.load === 'lazy' && c.modules.some((m) => LAZY_LIBS.test(m))).map((c) => c.file);
  log(`admin: first-load JS ${(bundle.firstLoadGzip / 1000).toFixed(1)} kB gz (budget ${JS_BUDGET_BYTES / 1000} kB): ${bundle.firstLoadGzip <= JS_BUDGET_BYTES ? 'PASS' : 'FAIL'}`);
  log(`admin: Chart.js in first load: ${chartInFirst.length ? `YES (${chartInFirst.join(', ')}) FAIL` : `no (lazy in ${chartLazy.join(', ') || 'no chunk?'}) PASS`}`);

  const engine: 'postgres' | 'pglite' = opts.engines?.length ? (opts.engines.includes('postgres') ? 'postgres' : 'pglite') : TEST_PG_URL ? 'postgres' : 'pglite';
  if (engine === 'postgres' && !TEST_PG_URL) throw new Error('--engine=postgres needs TEST_DATABASE_URL or DATABASE_URL');
  const visits = opts.visits ?? (engine === 'postgres' ? (opts.quick ? 100_000 : 1_000_000) : opts.quick ? 20_000 : 100_000);
  const timeZone = process.env.REPORT_TIMEZONE || 'UTC';

  const tmp = mkdtempSync(join(tmpdir(), 'la-bench-admin-'));
  const removeTmp = onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
  const dataDir = join(tmp, 'data');
  let url: string | undefined;
  let dropDb = async () => {};
  if (engine === 'postgres') {
    url = await createPgDatabase();
    const created = url;
    dropDb = onCleanup(() => dropPgDatabase(created));
  }
  let server: BenchServer | undefined;
  const stopServer = onCleanup(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  });
  const data: Data = { engine, visits, gen: null };
  let lh: { run: LighthouseRun; lighthouseVersion: string; chromeVersion: string } | { error: string };
  let headers: Headers | null = null;
  try {
    // 1. The data: the insight bench's generator, on the product's own schema and rollups.
    log(`admin: ${engine}, generating ${visits.toLocaleString('en')} visits (set-based SQL)…`);
    const prepared = await prepareDatabase(engine === 'postgres' ? { databaseUrl: url, dataDir } : { databaseUrl: undefined, dataDir });
    if (engine === 'postgres') {
      await prepared.db.close();
      const session = await pgSession(url!);
      try {
        data.gen = await generate(session.db, { visits, timeZone, settings: { maintenance_work_mem: '1GB', work_mem: '256MB' }, log });
      } finally {
        await session.close();
      }
    } else {
      try {
        data.gen = await generate(prepared.db, { visits, timeZone, settings: { maintenance_work_mem: '512MB', work_mem: '64MB' }, log });
      } finally {
        await prepared.db.close();
      }
    }
    log(`admin: generated in ${data.gen.seconds.toFixed(0)} s`);

    // 2. An admin (CLI, server stopped), the server, a session.
    const email = 'bench-admin@example.com';
    const password = randomBytes(12).toString('base64url');
    const dbEnv = engine === 'postgres' ? { DATABASE_URL: url!, DATA_DIR: dataDir } : { DATABASE_URL: '', DATA_DIR: dataDir };
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'create-admin', '--email', email, `--password=${password}`], { cwd: ROOT, env: { ...process.env, ...dbEnv }, timeout: 120_000 });
    server = await startServer({ ...dbEnv, REPORT_TIMEZONE: timeZone });
    const cookie = await signIn(server.base, email, password);
    headers = await assetHeaders(server.base, bundle);

    // 3. Lighthouse, desktop, on the love map, with the session cookie; the median of 3 runs.
    const pageUrl = `${server.base}/admin/#/love-map`;
    const reports = mkdtempSync(join(tmpdir(), 'la-bench-admin-lh-'));
    const chrome = await launchChrome();
    try {
      const runs: LighthouseRun[] = [];
      let lighthouseVersion = '';
      const repeat = opts.quick ? 1 : 3;
      for (let i = 0; i < repeat; i++) {
        log(`lighthouse: desktop, love map (run ${i + 1} of ${repeat})`);
        const one = () => auditPage(chrome.port, pageUrl, { label: 'love map, desktop', finalScreen: '#/love-map', reportPath: join(reports, `love-map-${i + 1}.json`), extraHeaders: { cookie }, config: desktopConfig });
        let r = await one();
        if (r.run.error) {
          runs.push(r.run);
          log(`lighthouse: run failed (${r.run.error}); once more`);
          r = await one();
        }
        runs.push(r.run);
        lighthouseVersion ||= r.lighthouseVersion;
        log(`  performance ${r.run.scores.performance ?? '–'}, FCP ${ms(r.run.fcpMs)}, LCP ${ms(r.run.lcpMs)}, TBT ${ms(r.run.tbtMs)}, CLS ${r.run.clsValue?.toFixed(3) ?? '–'}`);
      }
      log(`lighthouse: JSON reports in ${reports}`);
      lh = { run: medianRun(runs), lighthouseVersion, chromeVersion: chrome.version };
    } finally {
      await chrome.stop();
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    data.error = message;
    lh = { error: message };
  } finally {
    await stopServer();
    await dropDb();
    await removeTmp();
  }
  if ('run' in lh) {
    const p = lh.run.scores.performance;
    log(`admin: Lighthouse desktop performance ${p ?? '–'} (budget ≥ ${PERF_BUDGET}): ${p !== null && p >= PERF_BUDGET ? 'PASS' : 'FAIL'}`);
  }
  return markdown(bundle, chartInFirst, chartLazy, data, headers, lh);
}

/** What the server sends the entry chunk and the shell with. */
async function assetHeaders(base: string, bundle: BundleReport): Promise<Headers> {
  const entry = bundle.chunks.find((c) => c.contents.startsWith('entry'))?.file ?? '';
  const res = await fetch(`${base}/admin/${entry}`, { headers: { 'accept-encoding': 'gzip, br' } });
  await res.arrayBuffer();
  const html = await fetch(`${base}/admin/`);
  await html.arrayBuffer();
  return { entry, encoding: res.headers.get('content-encoding') ?? 'none', cacheControl: res.headers.get('cache-control') ?? 'none', htmlCacheControl: html.headers.get('cache-control') ?? 'none' };
}

// ---------------------------------------------------------------------------------------------
// Markdown

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const int = (n: number) => n.toLocaleString('en-US');
const ms = (n: number | null) => (n === null ? '–' : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(0)} ms`);
const verdict = (ok: boolean) => (ok ? 'PASS' : '**FAIL**');

function markdown(b: BundleReport, chartInFirst: string[], chartLazy: string[], data: Data, h: Headers | null, lh: { run: LighthouseRun; lighthouseVersion: string; chromeVersion: string } | { error: string }): string {
  const first = b.chunks.filter((c) => c.load === 'first');
  const L: string[] = [
    '### 1. JavaScript on first load of /admin/',
    '',
    "`npm run build`, then dist/admin-meta.json (esbuild's metafile) through bench/kiosk/bundle.ts's `measureBundle` (the kiosk bench's code): the entry `app-*.js` and every chunk it reaches through static imports, transitively, are first load; chunks reached only through `import()` are lazy. Gzip level 9; kB = 1,000 bytes.",
    '',
    '| Budget | Measured | Result |',
    '|---|---:|:---:|',
    `| Admin JS on first load ≤ ${JS_BUDGET_BYTES / 1000} kB gzipped | ${kB(b.firstLoadGzip)} gzipped in ${first.length} files (${kB(b.firstLoadRaw)} raw) | ${verdict(b.firstLoadGzip <= JS_BUDGET_BYTES)} |`,
    `| Chart.js not in the first load | ${chartInFirst.length ? `in ${chartInFirst.join(', ')}` : `lazy only (${chartLazy.join(', ') || 'no chunk'})`} | ${verdict(chartInFirst.length === 0)} |`,
    '',
    '| File | Loaded | Raw bytes | Gzip bytes | Contains |',
    '|---|---|---:|---:|---|',
    ...b.chunks.map((c) => `| ${c.file} | ${c.load === 'first' ? 'first load' : 'lazy'} | ${int(c.raw)} | ${int(c.gzip)} | ${c.contents} |`),
    ...b.css.map((c) => `| ${c.file} | first load (CSS) | ${int(c.raw)} | ${int(c.gzip)} | styles |`),
    ...(b.html ? [`| index.html | first load (HTML) | ${int(b.html.raw)} | ${int(b.html.gzip)} | the shell |`] : []),
    '',
  ];
  if (h) L.push(`Served: the entry chunk \`${h.entry}\` with \`Content-Encoding: ${h.encoding}\` and \`Cache-Control: ${h.cacheControl}\`; the shell /admin/ with \`Cache-Control: ${h.htmlCacheControl}\`.`, '');

  L.push('### 2. Lighthouse desktop on /admin/#/love-map', '');
  const gen = data.gen;
  L.push(
    `Data: ${data.engine === 'postgres' ? 'PostgreSQL (throwaway database)' : 'PGlite (temp DATA_DIR)'} with ${int(data.visits)} visits generated by the insight bench's set-based SQL (bench/insight/generate.ts, the product's schema, rollups by INSERT … SELECT … GROUP BY)${gen ? ` in ${gen.seconds.toFixed(0)} s: ${Object.entries(gen.counts).map(([k, v]) => `${k} ${int(v)}`).join(', ')}` : ''}. An admin made with \`little-advisors create-admin\`, the real server (\`src/cli.ts start\`, LOG_LEVEL=warn) as a child process, signed in over \`POST /api/v1/admin/session\`; Lighthouse's node API with \`lighthouse/core/config/desktop-config.js\` (desktop screen, its desktop throttling) and the session cookie as an extra header, Debian's Chromium launched like the kiosk bench's. Three runs; the median run (by performance score) is shown.${data.visits < 1_000_000 ? ' **Fewer than the 1 M visits of the target**: run with TEST_DATABASE_URL set (PostgreSQL, 1 M by default) for the target figure.' : ''}`,
    '',
  );
  if ('error' in lh) {
    L.push(`Not measured: ${lh.error.replace(/\n/g, ' ').slice(0, 500)}`);
    return L.join('\n');
  }
  const r = lh.run;
  if (r.error || r.scores.performance === null) {
    L.push(`Not measured: ${r.error ?? 'no score'}`);
    return L.join('\n');
  }
  L.push(
    `Lighthouse ${lh.lighthouseVersion}, ${lh.chromeVersion}.`,
    '',
    '| Budget | Measured | Result |',
    '|---|---:|:---:|',
    `| Performance (desktop) ≥ ${PERF_BUDGET} | ${r.scores.performance} (every run: ${r.repeats.map((x) => x.scores.performance ?? '–').join(', ')}) | ${verdict(r.scores.performance >= PERF_BUDGET)} |`,
    '',
    '| FCP | LCP | TBT | CLS | LCP element | Accessibility | Best practices |',
    '|---:|---:|---:|---:|---|---:|---:|',
    `| ${ms(r.fcpMs)} | ${ms(r.lcpMs)} | ${ms(r.tbtMs)} | ${r.clsValue === null ? '–' : r.clsValue.toFixed(3)} | ${r.lcpElement ?? '–'} | ${r.scores.accessibility ?? '–'} | ${r.scores['best-practices'] ?? '–'} |`,
    '',
  );
  const fmt = (f: LighthouseRun['failing'][number]) => `  - ${f.category}: \`${f.id}\` ${f.title} (score ${f.score?.toFixed(2)}${f.displayValue ? `, ${f.displayValue}` : ''})${f.items.length ? `: ${f.items.join(', ')}` : ''}`;
  const scored = r.failing.filter((f) => f.weight > 0);
  L.push(`Audits that count toward a score and are below 0.9: ${scored.length ? '' : 'none.'}`, ...scored.map(fmt));
  const info = r.failing.filter((f) => f.weight === 0);
  if (info.length) L.push('- Flagged, weight 0 (do not change the scores):', ...info.map(fmt));
  if (r.runWarnings.length) L.push(`- Lighthouse warnings: ${r.runWarnings.join(' / ')}`);
  if (r.failedRuns.length) L.push(`- Runs Lighthouse could not finish (tried again once each): ${r.failedRuns.map((e) => e.replace(/\|/g, '/')).join('; ')}`);
  return L.join('\n').trimEnd();
}
