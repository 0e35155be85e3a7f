/**
 * Tap-to-next-screen times in a paired tablet (Debian's Chromium through playwright-core), with the
 * renderer's CPU throttled 4× (CDP Emulation.setCPUThrottlingRate).
 *
 * Each tap: the page is armed (a capture pointerdown listener and a MutationObserver), the mouse
 * clicks the middle of the button (real input events through CDP), and the page reports
 *   start = the pointerdown event's timeStamp (when the input arrived, so input delay counts);
 *   end   = the next frame after the DOM first shows the expected result: requestAnimationFrame,
 *           then a MessageChannel task, which runs once that frame has been produced.
 * For the three taps whose next screen the app delays on purpose (a 250–300 ms pause that shows
 * the chosen tile pressed), the pressed-state frame is recorded too, and the budget uses the time
 * to the next screen net of that designed delay.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, tabletContext } from '../../e2e/browser.ts';
import { KioskDriver, numberFromWords } from '../../e2e/kiosk-driver.ts';
import { onCleanup } from '../lib/cleanup.ts';

export const CPU_SLOWDOWN = 4;
export const TAP_BUDGET_MS = 100;
const THINK_MS = 200; // a pause between taps, as a child's is (far longer in life)

type Cond =
  | { kind: 'appear'; selector: string }
  | { kind: 'gone'; selector: string }
  | { kind: 'pressed' }
  | { kind: 'text'; selector: string }
  | { kind: 'any'; of: Cond[] };

interface TapSpec {
  /** What the tap is, for the table. */
  label: string;
  /** 'screen': a new screen or overlay (the budget); 'in-screen': a selection on the same screen. */
  type: 'screen' | 'in-screen';
  done: Cond;
  /** The app waits this long on purpose before moving on (the tapped tile shows pressed first). */
  designedDelayMs?: number;
}

export interface TapSample {
  label: string;
  type: 'screen' | 'in-screen';
  /** Tap → first frame showing a response (the pressed tile for delayed moves, else the result). */
  responseMs: number;
  /** Tap → frame with the expected result (next screen, overlay, state). */
  resultMs: number;
  designedDelayMs: number;
  /** resultMs − designedDelayMs: what the budget is checked on. */
  netMs: number;
}

export interface TapReport {
  samples: TapSample[];
  visits: number;
  errors: string[];
}

interface InPageResult {
  error?: string;
  start: number;
  feedbackFrame: number | null;
  resultFrame: number;
}

/** Runs in the page: arms the measurement of the next tap (no eval: the kiosk's CSP forbids it). */
function arm(spec: { done: Cond; feedback: boolean; timeoutMs: number }) {
  type C = typeof spec.done;
  const w = window as unknown as { __benchTap?: Promise<unknown> };
  const initialText = new Map<string, string | null>();
  const collect = (c: C) => {
    if (c.kind === 'text') initialText.set(c.selector, document.querySelector(c.selector)?.textContent ?? null);
    if (c.kind === 'any') c.of.forEach(collect);
  };
  collect(spec.done);
  let start: number | null = null;
  let target: Element | null = null;
  let feedbackFrame: number | null = null;
  let feedbackSeen = false;
  let finished = false;
  const test = (c: C): boolean => {
    switch (c.kind) {
      case 'appear':
        return document.querySelector(c.selector) !== null;
      case 'gone':
        return document.querySelector(c.selector) === null;
      case 'pressed':
        return target?.getAttribute('aria-pressed') === 'true';
      case 'text':
        return (document.querySelector(c.selector)?.textContent ?? null) !== initialText.get(c.selector);
      case 'any':
        return c.of.some(test);
    }
  };
  const afterNextFrame = (cb: (t: number) => void) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => cb(performance.now());
      ch.port2.postMessage(null);
    });
  w.__benchTap = new Promise((resolve) => {
    let mo: MutationObserver | null = null;
    const timer = setTimeout(() => {
      mo?.disconnect();
      finished = true;
      resolve({ error: start === null ? 'the tap never arrived (no pointerdown)' : 'the expected change never came', start: start ?? 0, feedbackFrame, resultFrame: 0 });
    }, spec.timeoutMs);
    const check = () => {
      if (start === null || finished) return;
      if (spec.feedback && !feedbackSeen && target?.getAttribute('aria-pressed') === 'true') {
        feedbackSeen = true;
        afterNextFrame((t) => (feedbackFrame = t));
      }
      if (!test(spec.done)) return;
      finished = true;
      mo?.disconnect();
      afterNextFrame((t) => {
        clearTimeout(timer);
        // Visible in a Chromium trace (bench/kiosk/trace.ts) as the tap's window.
        performance.measure('bench-tap', { start: start!, end: t });
        // If both happened in one frame, the feedback frame is that frame.
        resolve({ start, feedbackFrame: feedbackFrame ?? (spec.feedback ? t : null), resultFrame: t });
      });
    };
    mo = new MutationObserver(check);
    mo.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
    addEventListener(
      'pointerdown',
      (e) => {
        start = e.timeStamp;
        target = (e.target as Element | null)?.closest('button') ?? null;
      },
      { capture: true, once: true },
    );
  });
}

/**
 * The source of fn called with arg, for page.evaluate. tsx compiles with keepNames, which wraps
 * nested functions in a __name(...) helper that the page does not have: define it there.
 */
function inPage<A>(fn: (arg: A) => unknown, arg: A): string {
  return `(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg)}); })()`;
}

async function tap(page: Page, loc: Locator, spec: TapSpec): Promise<TapSample> {
  await loc.waitFor({ state: 'visible', timeout: 15_000 });
  await page.waitForTimeout(THINK_MS);
  const box = await loc.boundingBox();
  if (!box) throw new Error(`${spec.label}: the button has no box`);
  const designed = spec.designedDelayMs ?? 0;
  await page.evaluate(inPage(arm, { done: spec.done, feedback: designed > 0, timeoutMs: 10_000 }));
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const r = (await page.evaluate(() => (window as unknown as { __benchTap: Promise<unknown> }).__benchTap)) as InPageResult;
  if (r.error) throw new Error(`${spec.label}: ${r.error}`);
  const resultMs = r.resultFrame - r.start;
  const responseMs = designed > 0 && r.feedbackFrame !== null ? r.feedbackFrame - r.start : resultMs;
  return { label: spec.label, type: spec.type, responseMs, resultMs, designedDelayMs: designed, netMs: resultMs - designed };
}

const appear = (selector: string): Cond => ({ kind: 'appear', selector });

/** One child's visit, every tap measured except the grown-up's three-second hold. */
export async function visit(page: Page, samples: TapSample[], opts: { avatar: number; draw: boolean }): Promise<void> {
  const m = async (loc: Locator, spec: TapSpec) => samples.push(await tap(page, loc, spec));

  await m(page.locator('.attract'), { label: 'Attract → parental gate', type: 'screen', done: appear('.gate') });

  // The hold is a deliberate three seconds: not measured.
  const hold = page.locator('.hold-button');
  await hold.waitFor();
  const hb = (await hold.boundingBox())!;
  await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
  await page.mouse.down();
  await page.waitForSelector('.gate-options', { timeout: 15_000 });
  await page.mouse.up();
  const question = await page.locator('.gate-instruction').innerText();
  const answer = numberFromWords(question.replace(/^(Tap the number |请点数字 )/, '').trim());
  await m(page.locator('.gate-option', { hasText: new RegExp(`^${answer}$`) }), { label: 'Gate answer → consent', type: 'screen', done: appear('.consent') });

  await m(page.getByRole('button', { name: 'English' }), { label: 'Consent: language (in screen)', type: 'in-screen', done: { kind: 'pressed' } });
  await m(page.getByRole('button', { name: '7-9', exact: true }), { label: 'Consent: age band (in screen)', type: 'in-screen', done: { kind: 'pressed' } });
  await m(page.locator('.consent-actions .primary'), { label: 'Consent agree → hand-over', type: 'screen', done: appear('.handover') });
  await m(page.locator('.handover'), { label: 'Hand-over → avatar step', type: 'screen', done: appear('.step-avatar') });
  await m(page.locator('.avatars .tile').nth(opts.avatar), { label: 'Avatar tile → car step', type: 'screen', done: appear('.step-car'), designedDelayMs: 250 });
  await m(page.locator('.car-card').first(), { label: 'Car → explore step', type: 'screen', done: appear('.step-explore') });

  const hotspots = page.locator('.hotspot');
  const n = Math.min(4, await hotspots.count());
  for (let i = 0; i < n; i++) {
    await m(hotspots.nth(i), { label: 'Hotspot → Smileyometer overlay', type: 'screen', done: appear('.smiley-card') });
    await m(page.locator('.face-button').nth(4 - (i % 5)), { label: 'Face → overlay closed', type: 'screen', done: { kind: 'gone', selector: '.smiley-card' } });
  }
  await m(page.locator('.step-footer .next'), { label: 'Explore done → this-or-that', type: 'screen', done: appear('.step-thisorthat') });

  for (let i = 0; i < 6 && (await page.locator('.step-thisorthat').count()) > 0; i++) {
    await m(page.locator('.pair-side').nth(i % 2), {
      label: 'This-or-that side → next pair / favourites',
      type: 'screen',
      done: { kind: 'any', of: [{ kind: 'text', selector: '.pair-count' }, appear('.step-favourites')] },
      designedDelayMs: 300,
    });
  }

  await page.locator('.step-favourites').waitFor();
  const tiles = page.locator('.part-tile');
  const nt = Math.min(3, await tiles.count());
  for (let i = 0; i < nt; i++) await m(tiles.nth(i), { label: 'Favourite part (in screen)', type: 'in-screen', done: { kind: 'pressed' } });
  await m(page.locator('.step-footer .next'), { label: 'Favourites done → idea step', type: 'screen', done: appear('.step-idea') });

  if (opts.draw) {
    await m(page.locator('.idea-mode.draw'), { label: 'Draw → drawing pad (lazy chunk)', type: 'screen', done: appear('svg.canvas') });
    await m(page.locator('.step-footer .back'), { label: 'Back → idea choices', type: 'screen', done: appear('.idea-modes') });
  }
  await m(page.locator('.step-footer .skip'), { label: 'Skip idea → again step', type: 'screen', done: appear('.step-again') });
  await m(page.locator('.again-button').first(), { label: 'Again answer → certificate', type: 'screen', done: appear('.certificate'), designedDelayMs: 250 });
  await m(page.locator('.thanks-actions .primary'), { label: 'Finish → attract', type: 'screen', done: appear('.attract') });
}

export async function measureTaps(base: string, pairingCode: () => Promise<string>, log: (s: string) => void, visits = 2): Promise<TapReport> {
  let browser: Browser | null = null;
  const stop = onCleanup(async () => {
    await browser?.close().catch(() => {});
  });
  const samples: TapSample[] = [];
  const errors: string[] = [];
  try {
    browser = await launchBrowser();
    const ctx = await tabletContext(browser);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    const d = new KioskDriver(page);
    await d.pair(base, (await pairingCode()).replace('-', ''));
    // Let the service worker precache the shell before throttling, as on a tablet set up the day before.
    await page.evaluate(() => navigator.serviceWorker?.ready.then(() => true));
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    for (let v = 0; v < visits; v++) {
      log(`taps: visit ${v + 1} of ${visits}`);
      await visit(page, samples, { avatar: v % 3, draw: v === visits - 1 });
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  } catch (err) {
    errors.push(err instanceof Error ? err.message.split('\n')[0]! : String(err));
  } finally {
    await stop();
  }
  return { samples, visits, errors };
}
