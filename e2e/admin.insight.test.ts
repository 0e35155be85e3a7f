/**
 * Honest insight on the dashboard (issue 9) in Chromium, in English and Chinese: the love map's
 * "stands out" column and its sorting, the switch that leaves out low-effort visits (every
 * figure changes), "too few answers to say" instead of figures resting on n < 30, the split
 * by age band, the comparison legend and marks, and the overview's low-effort share by age
 * band; axe on each view, screenshots into docs/screenshots.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { VisitInput } from '../src/shared/visit.ts';
import { pairKiosk, startTestServer, type PairedKiosk, type TestServer } from '../test/helpers/server.ts';
import { staffClient } from '../test/helpers/staff.ts';
import { makeVisit } from '../test/helpers/visits.ts';
import { axeViolations, launchBrowser } from './browser.ts';
import { rng as prng } from '../bench/lib/visits.ts';

const SHOTS = process.env.SCREENSHOT_DIR ? `${process.env.SCREENSHOT_DIR}/insight` : 'docs/screenshots';
const DESKTOP = { width: 1440, height: 900 };


type Face = 1 | 2 | 3 | 4 | 5;

/**
 * Visits of one model: most children like everything (4s and 5s) but the first part more; the
 * last part is rated by few children (too few answers); some visits are low-effort.
 */
async function seed(server: TestServer, kiosk: PairedKiosk, productIndex: number, n: number, liked: number): Promise<void> {
  const rnd = prng(4242 + productIndex);
  const product = kiosk.config.products[productIndex]!;
  const parts = product.parts;
  for (let i = 0; i < n; i++) {
    const started = new Date(Date.now() - (1 + Math.floor(rnd() * 20)) * 86_400_000);
    const lowEffort = i % 7 === 3 ? 'same' : i % 7 === 5 ? 'fast' : null;
    const ms = () => (lowEffort === 'fast' ? 200 + Math.floor(rnd() * 300) : 1500 + Math.floor(rnd() * 4000));
    const rated = parts.filter((_, pi) => pi < parts.length - 1 || i % 6 === 0);
    const ratings = rated.map((p, pi) => {
      const base = 3.6 + (pi === liked ? 1.2 : 0) + rnd() * 1.4;
      const face = lowEffort === 'same' ? 5 : (Math.max(1, Math.min(5, Math.floor(base))) as Face);
      return { partId: p.id, face: face as Face, ms: ms() };
    });
    const favourites = ratings.slice(0, 3).map((r) => r.partId);
    const visit: VisitInput = makeVisit(kiosk.config, {
      productId: product.id,
      ageBand: i % 9 === 0 ? '4-6' : i % 3 === 0 ? '10-12' : '7-9',
      startedAt: started.toISOString(),
      completedAt: new Date(started.getTime() + 120_000).toISOString(),
      ratings,
      choices: product.pairs.map((q, qi) => ({ pairId: q.id, picked: (rnd() < 0.3 + 0.4 * qi ? 'a' : 'b') as 'a' | 'b', ms: ms() })),
      favourites,
      favouriteMs: favourites.map(() => ms()),
    });
    const res = await fetch(`${server.base}/api/v1/visits`, { method: 'POST', headers: { ...kiosk.auth, 'content-type': 'application/json' }, body: JSON.stringify(visit) });
    assert.equal(res.status, 201, await res.text());
  }
}

describe('honest insight on the dashboard in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let kiosk: PairedKiosk;
  const problems: string[] = [];

  const go = async (hash: string, reload = false) => {
    await page.goto(`${server.base}/admin/#/${hash}`);
    if (reload) await page.reload();
    await page.locator(`main.page-${hash.replace(/\?.*$/, '')} #page-title`).waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
      const main = await page.locator('body').innerHTML().catch(() => '(no body)');
      throw new Error(`${String(e)}\nurl: ${page.url()}\nproblems: ${problems.join(' | ')}\nbody: ${main.slice(0, 3000)}`);
    });
    await settle();
  };
  const settle = async () => {
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => !document.querySelector('.loading-line, .is-stale, .chart-box[data-ready="false"], [aria-busy="true"]'), undefined, { timeout: 10_000 });
  };
  const expectNoAxe = async (where: string) => {
    const v = await axeViolations(page);
    assert.deepEqual(v.map((x) => `${where}: ${x.id} (${x.impact}) ${x.help} — ${x.nodes.slice(0, 3).join(', ')}`), []);
  };
  const setLocale = async (locale: 'en' | 'zh-CN') => {
    // The app saves its own locale in an effect after it mounts; on a slow machine that effect
    // can run after ours and put the old locale back. Wait until it has run.
    // The same goes for the redirect from /admin/ to its first page: if it lands after our next
    // goto('#/…'), it replaces that hash. Wait until a page is shown.
    await page.waitForFunction(() => document.documentElement.lang === localStorage.getItem('la-admin-locale') && !!document.querySelector('main:not(.page-none) #page-title'));
    await page.evaluate((l) => localStorage.setItem('la-admin-locale', l), locale);
  };
  const firstPanelVisits = async () => Number(await page.locator('.love-panel').first().getAttribute('data-visits'));

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('pglite');
    kiosk = await pairKiosk(server);
    assert.ok(kiosk.config.products.length >= 2, 'the demo floor has two models to compare');
    await seed(server, kiosk, 0, 70, 0);
    await seed(server, kiosk, 1, 45, 2);
    const staff = await staffClient(server, 'analyst');
    browser = await launchBrowser();
    ctx = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 });
    const [name, value] = staff.cookie.split('=') as [string, string];
    await ctx.addCookies([{ name, value, url: server.base }]);
    await ctx.addInitScript(() => {
      if (!localStorage.getItem('la-admin-locale')) localStorage.setItem('la-admin-locale', 'en');
    });
    page = await ctx.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const locale of ['en', 'zh-CN'] as const) {
    const L = locale === 'en'
      ? { standsOut: 'Stands out', tooFew: 'too few answers to say', switch: 'Leave out low-effort visits', split: 'Split by age band', legend: /do not overlap/, explainer: /compares each child with themself/ }
      : { standsOut: '突出程度', tooFew: '回答太少，无法判断', switch: '排除敷衍作答的到访', split: '按年龄段分开看', legend: /不重叠/, explainer: /只和自己比/ };

    it(`${locale}: the love map shows "stands out" with interval and n, sorts by it, and explains it`, async () => {
      await page.goto(`${server.base}/admin/`);
      await setLocale(locale);
      await go('love-map', true);
      await page.getByRole('columnheader', { name: new RegExp(L.standsOut) }).waitFor();
      assert.match((await page.getByTestId('stands-out-explainer').textContent())!, L.explainer);
      const firstKey = kiosk.config.products[0]!.parts[0]!.key;
      const first = page.locator(`.love-panel tr[data-part="${firstKey}"]`);
      assert.ok(Number(await first.getAttribute('data-stands-out')) > 0, 'the liked part stands out');
      assert.match((await first.locator('td.stands-out').textContent())!, /\+\d[.,]\d\d/);
      assert.match((await first.locator('td.stands-out').textContent())!, /n = \d+/);
      // Sorting by stands out puts the liked part first.
      await page.getByRole('button', { name: new RegExp(`^${L.standsOut}`) }).click();
      await settle();
      assert.match(page.url(), /sort=standsOut/);
      assert.equal(await page.locator('.love-panel tbody tr[data-part]').first().getAttribute('data-part'), firstKey);
      const scores = await page.locator('.love-panel tbody tr[data-part]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-stands-out')));
      const readable = scores.filter((s, i) => s !== '' && i < scores.length - 1).map(Number);
      assert.deepEqual(readable, [...readable].sort((a, b) => b - a), 'descending by stands out');
      await expectNoAxe(`love map (${locale})`);
      await page.screenshot({ path: `${SHOTS}/admin-love-map-stands-out-${locale}.png`, fullPage: true });
    });

    it(`${locale}: figures resting on fewer than 30 answers are greyed as too few, without an interval`, async () => {
      await go('love-map');
      const lastKey = kiosk.config.products[0]!.parts.at(-1)!.key;
      const last = page.locator(`.love-panel tr[data-part="${lastKey}"]`);
      assert.ok(Number(await last.getAttribute('data-n')) < 30);
      assert.equal(await last.locator('.too-few').count(), 2, 'top-two-box and stands out both say too few');
      assert.equal((await last.locator('.too-few').first().textContent())!.trim(), L.tooFew);
      assert.equal(await last.locator('svg.iv-bar').count(), 0, 'no interval drawn');
      // A part with enough answers shows its figures.
      const firstKey = kiosk.config.products[0]!.parts[0]!.key;
      assert.equal(await page.locator(`.love-panel tr[data-part="${firstKey}"] .too-few`).count(), 0);
    });

    it(`${locale}: the switch leaves out low-effort visits and changes every figure`, async () => {
      await go('love-map');
      const before = await firstPanelVisits();
      const firstKey = kiosk.config.products[0]!.parts[0]!.key;
      const rowBefore = await page.locator(`.love-panel tr[data-part="${firstKey}"]`).textContent();
      const sw = page.getByRole('switch', { name: L.switch });
      assert.equal(await sw.isChecked(), false, 'off by default');
      await sw.check();
      await settle();
      assert.match(page.url(), /quality=ok/);
      const after = await firstPanelVisits();
      assert.ok(after < before, `visits ${before} → ${after}`);
      assert.notEqual(await page.locator(`.love-panel tr[data-part="${firstKey}"]`).textContent(), rowBefore);
      await expectNoAxe(`love map, low-effort left out (${locale})`);
      await page.screenshot({ path: `${SHOTS}/admin-love-map-quality-${locale}.png`, fullPage: true });
      await sw.uncheck();
      await settle();
      assert.equal(await firstPanelVisits(), before);
    });

    it(`${locale}: split by age band side by side; comparing two models marks only non-overlapping intervals`, async () => {
      await go('love-map');
      await page.getByRole('button', { name: L.split }).click();
      await settle();
      assert.equal(await page.locator('.love-panel').count(), 3);
      const young = page.locator('.love-panel').first();
      assert.ok((await young.locator('.too-few').count()) > 0, 'the 4–6 panel rests on few answers');
      await expectNoAxe(`love map split by age (${locale})`);
      await page.screenshot({ path: `${SHOTS}/admin-love-map-by-age-${locale}.png`, fullPage: true });

      const [a, b] = kiosk.config.products;
      await go(`love-map?compare=models&model=${a!.id}&model2=${b!.id}`);
      assert.match((await page.getByTestId('difference-legend').textContent())!, L.legend);
      const marks = await page.locator('[data-differs]').count();
      assert.ok(marks > 0, 'the models differ somewhere');
      // Every mark sits beside a figure whose interval does not overlap the other model's.
      const api = async (id: string) => (await (await page.request.get(`${server.base}/api/v1/admin/insight/love-map?productId=${id}`)).json()) as {
        parts: Array<{ key: string; n: number; standsOut: { low: number; high: number; n: number } }>;
      };
      const [ja, jb] = await Promise.all([api(a!.id), api(b!.id)]);
      const apart = ja.parts.filter((p) => {
        const o = jb.parts.find((q) => q.key === p.key);
        return o && p.standsOut.n >= 30 && o.standsOut.n >= 30 && (p.standsOut.high < o.standsOut.low || o.standsOut.high < p.standsOut.low);
      });
      const marked = await page.locator('.love-panel').first().locator('td.stands-out [data-differs]').count();
      assert.equal(marked, apart.length, 'stands-out marks equal the non-overlapping intervals');
      await expectNoAxe(`love map comparison (${locale})`);
      await page.screenshot({ path: `${SHOTS}/admin-love-map-compare-${locale}.png`, fullPage: true });
    });

    it(`${locale}: the overview shows the low-effort share by age band, and follows the switch`, async () => {
      await go('overview');
      const table = page.getByTestId('low-effort');
      await table.waitFor();
      const band = table.locator('tr[data-age="7-9"]');
      assert.ok(Number(await band.getAttribute('data-n')) >= 30);
      assert.match((await band.textContent())!, /\d+\s?%/);
      assert.equal(await table.locator('tr[data-age="4-6"] .too-few').count(), 1, 'few 4–6 visits: too few to say');
      const visitsBefore = await page.locator('[data-kpi="visits"]').textContent();
      await expectNoAxe(`overview (${locale})`);
      await page.screenshot({ path: `${SHOTS}/admin-overview-low-effort-${locale}.png`, fullPage: true });
      await page.getByRole('switch', { name: L.switch }).check();
      await settle();
      assert.match(page.url(), /quality=ok/);
      const sameFace = await table.locator('tr[data-age="7-9"] td').nth(1).textContent();
      assert.equal(sameFace!.trim(), '0', 'no flagged visits are left');
      assert.notEqual(await page.locator('[data-kpi="visits"]').textContent(), visitsBefore, 'the visit count follows the switch');
      await page.getByRole('switch', { name: L.switch }).uncheck();
      await settle();
      assert.deepEqual(problems, []);
    });
  }
});
