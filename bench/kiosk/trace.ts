/**
 * What runs on the renderer's main thread between a tap and the next screen's frame:
 * `node --import tsx bench/kiosk/trace.ts [--out=/tmp/kiosk-trace.json]` (after `npm run build`).
 *
 * One whole visit untraced (warm-up, as the bench's first visit), then one traced visit in a
 * paired tablet with the CPU throttled 4× exactly as bench/kiosk/taps.ts does. Each tap's window is
 * the `bench-tap` user-timing measure the tap harness leaves; for every window the script prints the
 * tasks on CrRendererMain (offset from the tap, duration) with their largest children (script by
 * function and file, style, layout, paint, image decode, GC, IndexedDB…). The raw trace is kept
 * for chrome://tracing or the DevTools performance panel. A diagnostic, not a benchmark: it
 * writes nothing to docs/.
 */
import { writeFileSync } from 'node:fs';
import { launchBrowser, tabletContext } from '../../e2e/browser.ts';
import { KioskDriver } from '../../e2e/kiosk-driver.ts';
import { issuePairingCode } from '../../src/server/services/setup.service.ts';
import { startTestServer } from '../../test/helpers/server.ts';
import { CPU_SLOWDOWN, visit, type TapSample } from './taps.ts';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  id2?: { local?: string };
  args?: { name?: string; data?: { functionName?: string; url?: string; type?: string } };
}

const outArg = process.argv.find((a) => a.startsWith('--out='));
const OUT = outArg ? outArg.slice('--out='.length) : '/tmp/kiosk-trace.json';
const MIN_SLOW_MS = Number(process.argv.find((a) => a.startsWith('--min='))?.slice(6) ?? 60);

const server = await startTestServer('pglite');
const browser = await launchBrowser();
try {
  const ctx = await tabletContext(browser);
  const page = await ctx.newPage();
  const d = new KioskDriver(page);
  await d.pair(server.base, (await issuePairingCode(server.tdb.db, 'demo')).code.replace('-', ''));
  await page.evaluate(() => navigator.serviceWorker?.ready.then(() => true));
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const warm: TapSample[] = [];
  await visit(page, warm, { avatar: 0, draw: false });
  await page.evaluate(() => performance.clearMeasures());

  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8.execute', 'toplevel', 'disabled-by-default-v8.gc'],
  });
  const samples: TapSample[] = [];
  await visit(page, samples, { avatar: 1, draw: true });
  const buf = await browser.stopTracing();
  writeFileSync(OUT, buf);
  const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  report(events, samples);
} finally {
  await browser.close();
  await server.close();
}

function report(events: TraceEvent[], samples: TapSample[]): void {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'bench-tap'));
  if (!main) throw new Error('no renderer main thread with bench-tap measures in the trace');
  const begins = events.filter((e) => e.name === 'bench-tap' && (e.ph === 'b' || e.ph === 'B')).sort((a, b) => a.ts - b.ts);
  const ends = events.filter((e) => e.name === 'bench-tap' && (e.ph === 'e' || e.ph === 'E')).sort((a, b) => a.ts - b.ts);
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  // Outermost tasks only (RunTask nests inside ThreadControllerImpl::RunTask).
  const tasks: TraceEvent[] = [];
  for (const t of onMain) {
    if (t.name !== 'RunTask' && t.name !== 'ThreadControllerImpl::RunTask') continue;
    const last = tasks[tasks.length - 1];
    if (last && t.ts < last.ts + last.dur!) continue;
    tasks.push(t);
  }
  begins.forEach((b, i) => {
    const e = ends[i];
    const s = samples[i];
    if (!e || !s) return;
    const ms = (e.ts - b.ts) / 1000;
    if (ms < MIN_SLOW_MS) return;
    console.log(`\n## ${s.label}: ${ms.toFixed(0)} ms (net ${s.netMs.toFixed(0)} ms)`);
    for (const t of tasks) {
      if (t.ts + t.dur! < b.ts || t.ts > e.ts || t.dur! < 1000) continue;
      const kids = onMain.filter((k) => k !== t && k.ts >= t.ts && k.ts + k.dur! <= t.ts + t.dur! && k.dur! >= 1000 && k.name !== 'RunTask' && k.name !== 'ThreadControllerImpl::RunTask' && !k.name.startsWith('SimpleWatcher') && !k.name.startsWith('Receive mojo'));
      const desc = kids
        .slice(0, 14)
        .map((k) => {
          const data = k.args?.data;
          const what = [data?.functionName, data?.url?.split('/').pop()?.split('?')[0], data?.type].filter(Boolean).join(' ');
          return `${k.name}${what ? `(${what})` : ''} ${(k.dur! / 1000).toFixed(1)}`;
        })
        .join(' · ');
      console.log(`  +${((t.ts - b.ts) / 1000).toFixed(0).padStart(4)} ms  ${(t.dur! / 1000).toFixed(1).padStart(6)} ms  ${desc}`);
    }
  });
  console.log(`\ntrace: ${OUT}`);
}
