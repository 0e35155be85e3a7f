/**
 * The staff dashboard (/admin/) in Chromium: first-run sign-up, a showroom and a kiosk paired
 * from the dashboard, a child's visit reaching the love map, moderation with replies the family
 * sees, the XLSX export re-read, the catalog's hotspot drag and publish, axe and screenshots
 * of every page in both languages.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createInvite, createStaffUser, issuePairingCode } from '../src/server/services/setup.service.ts';
import type { VisitInput } from '../src/shared/visit.ts';
import { makeVisit, tinyWav } from '../test/helpers/visits.ts';
import { startTestServer, type TestServer } from '../test/helpers/server.ts';
import { pairWithCode, sampleDrawing, type Kiosk } from '../test/public.helpers.ts';
import { axeViolations, launchBrowser, tabletContext } from './browser.ts';
import { KioskDriver, quickVisit } from './kiosk-driver.ts';

const SHOTS = `${process.env.SCREENSHOT_DIR || 'test-results'}/admin`;
const DESKTOP = { width: 1440, height: 900 };
const EMAIL = 'lin.admin@example.com';
const PASSWORD = 'a long enough password';
const NEW_PASSWORD = 'an even longer new password';

/** A small deterministic generator, so the screenshots show the same figures every run. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXT_IDEAS = [
  { locale: 'zh-CN' as const, text: '我想要一个可以在车顶看星星的天窗！' },
  { locale: 'en' as const, text: 'Seats that turn into beds for long trips' },
  { locale: 'zh-CN' as const, text: '后座要有一个小冰箱，放我的酸奶。' },
  { locale: 'en' as const, text: 'Lights that glow in rainbow colours' },
];

type Drawing = Extract<VisitInput['idea'], { kind: 'drawing' }>;
type Pt = [number, number];
const ring = (cx: number, cy: number, r: number, n = 28, from = 0, to = 2 * Math.PI): Pt[] =>
  Array.from({ length: n + 1 }, (_, i) => [Math.round(cx + r * Math.cos(from + ((to - from) * i) / n)), Math.round(cy + r * Math.sin(from + ((to - from) * i) / n))]);

/** A few different children's drawings (kiosk canvas 1000×700), so the inbox and gallery look like real ones. */
function drawing(variant: number): Drawing {
  const d = (strokes: Drawing['strokes']): Drawing => ({ kind: 'drawing', width: 1000, height: 700, strokes });
  switch (variant % 4) {
    case 0:
      return sampleDrawing();
    case 1: // a rainbow over a car roof with a slide
      return d([
        ...['#e5484d', '#f76b15', '#ffc53d', '#30a46c', '#0090ff', '#8e4ec6'].map((color, i) => ({ color, size: 18, points: ring(500, 520, 380 - i * 24, 36, Math.PI, 2 * Math.PI) })),
        { color: '#3a2a1a', size: 14, points: [[260, 600], [740, 600]] as Pt[] },
        { color: '#e5484d', size: 20, points: [[300, 560], [360, 470], [640, 470], [700, 560], [300, 560]] as Pt[] },
      ]);
    case 2: // a flower garden on the bonnet
      return d([
        { color: '#30a46c', size: 12, points: [[300, 650], [300, 380]] as Pt[] },
        { color: '#30a46c', size: 12, points: [[650, 650], [650, 300]] as Pt[] },
        ...[0, 1, 2, 3, 4, 5].map((k) => ({ color: '#ff8dcc', size: 20, points: ring(300 + 60 * Math.cos((k * Math.PI) / 3), 330 + 60 * Math.sin((k * Math.PI) / 3), 40, 16) })),
        { color: '#ffc53d', size: 26, points: ring(300, 330, 28, 16) },
        ...[0, 1, 2, 3, 4].map((k) => ({ color: '#8e4ec6', size: 18, points: ring(650 + 70 * Math.cos((k * 2 * Math.PI) / 5), 250 + 70 * Math.sin((k * 2 * Math.PI) / 5), 45, 16) })),
        { color: '#ffc53d', size: 26, points: ring(650, 250, 30, 16) },
        { color: '#0090ff', size: 10, points: [[80, 660], [920, 660]] as Pt[] },
      ]);
    default: // a rocket car with stars
      return d([
        { color: '#0090ff', size: 20, points: [[200, 420], [700, 420], [860, 350], [700, 280], [200, 280], [200, 420]] as Pt[] },
        { color: '#f76b15', size: 24, points: [[200, 310], [90, 350], [200, 390]] as Pt[] },
        { color: '#ffc53d', size: 14, points: [[120, 350], [40, 350]] as Pt[] },
        { color: '#3a2a1a', size: 22, points: ring(320, 450, 50) },
        { color: '#3a2a1a', size: 22, points: ring(620, 450, 50) },
        ...[[150, 120], [480, 90], [820, 150], [880, 560]].map(([x, y]) => ({ color: '#ffc53d', size: 16, points: ring(x!, y!, 16, 12) })),
      ]);
  }
}

interface Sent {
  visit: VisitInput;
  kiosk: Kiosk;
}

/** Visits over the last four weeks from several kiosks: ratings lean to the top, as children's do. */
async function seedVisits(kiosks: Kiosk[], n: number): Promise<Sent[]> {
  const rnd = prng(11);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const sent: Sent[] = [];
  for (let i = 0; i < n; i++) {
    const kiosk = kiosks[i % kiosks.length]!;
    const product = kiosk.config.products[Math.floor(rnd() * kiosk.config.products.length)]!;
    const daysAgo = Math.floor(rnd() ** 1.3 * 26);
    const started = new Date(Date.now() - daysAgo * 86_400_000 - rnd() * 5 * 3_600_000 - 600_000);
    const completed = new Date(started.getTime() + 90_000 + rnd() * 240_000);
    const rated = product.parts.filter(() => rnd() < 0.8);
    const ratings = rated.map((p, pi) => {
      const bias = ((p.key.length * 7 + pi * 3) % 5) / 10;
      const r = rnd();
      const face = r < 0.03 ? 1 : r < 0.08 + bias * 0.1 ? 2 : r < 0.2 + bias * 0.3 ? 3 : r < 0.45 + bias * 0.3 ? 4 : 5;
      return { partId: p.id, face: face as 1 | 2 | 3 | 4 | 5 };
    });
    const favourites = [...ratings].sort((a, b) => b.face - a.face + (rnd() - 0.5) * 2).slice(0, 3).map((r) => r.partId);
    const choices = product.pairs.filter(() => rnd() < 0.9).map((p, pi) => ({ pairId: p.id, picked: (rnd() < 0.35 + pi * 0.2 ? 'a' : 'b') as 'a' | 'b' }));
    let locale: 'en' | 'zh-CN' = rnd() < 0.6 ? 'zh-CN' : 'en';
    const r = rnd();
    let idea: VisitInput['idea'];
    if (r < 0.22) idea = drawing(i);
    else if (r < 0.32) {
      const t = pick(TEXT_IDEAS);
      idea = { kind: 'text', text: t.text };
      locale = t.locale;
    } else if (r < 0.36) idea = { kind: 'voice', mime: 'audio/wav', durationMs: 100, audio: tinyWav() };
    const visit = makeVisit(kiosk.config, {
      productId: product.id,
      locale,
      ageBand: pick(['4-6', '7-9', '7-9', '10-12'] as const),
      consent: { gallery: rnd() < 0.7, voice: true, nickname: false, textVersion: kiosk.config.consent.textVersion },
      startedAt: started.toISOString(),
      completedAt: completed.toISOString(),
      ratings,
      choices,
      favourites,
      again: pick(['yes', 'yes', 'yes', 'maybe', 'no'] as const),
      idea,
    });
    if (!idea) delete visit.idea;
    delete visit.nickname;
    const res = await fetch(`${kiosk.base}/api/v1/visits`, { method: 'POST', headers: { ...kiosk.auth, 'content-type': 'application/json' }, body: JSON.stringify(visit) });
    assert.equal(res.status, 201, await res.text());
    sent.push({ visit, kiosk });
  }
  for (let i = 0; i < Math.round(n / 9); i++) {
    const kiosk = kiosks[i % kiosks.length]!;
    const at = new Date(Date.now() - Math.floor(rnd() * 26) * 86_400_000).toISOString();
    await fetch(`${kiosk.base}/api/v1/kiosk/abandoned`, { method: 'POST', headers: { ...kiosk.auth, 'content-type': 'application/json' }, body: JSON.stringify({ id: randomUUID(), step: 'explore', at }) });
  }
  return sent;
}

async function eventually<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('staff dashboard in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let seeded: Sent[] = [];
  let firstModel: { id: string; key: string; nameEn: string };

  const go = async (hash: string, reload = false) => {
    await page.goto(`${server.base}/admin/#/${hash}`);
    if (reload) await page.reload();
    try {
      await page.locator(`main.page-${hash.replace(/\?.*$/, '')} #page-title`).waitFor({ timeout: 10_000 });
    } catch (e) {
      await page.screenshot({ path: `${SHOTS}/failed-${hash.replace(/\W+/g, '-').slice(0, 40)}.png` });
      throw new Error(`${(e as Error).message}\n${problems.join('\n')}`);
    }
  };
  const expectNoAxe = async (p: Page, where: string) => {
    const v = await axeViolations(p);
    assert.deepEqual(
      v.map((x) => `${where}: ${x.id} (${x.impact}) ${x.help} — ${x.nodes.slice(0, 3).join(', ')}`),
      [],
    );
  };
  const settle = async (p: Page = page) => {
    await p.waitForLoadState('networkidle');
    await p.waitForFunction(() => !document.querySelector('.loading-line, .is-stale, .chart-box[data-ready="false"], [aria-busy="true"]'), undefined, { timeout: 10_000 });
  };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('pglite');
    browser = await launchBrowser();
    ctx = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true, deviceScaleFactor: 1 });
    await ctx.addInitScript(() => {
      if (!localStorage.getItem('la-admin-locale')) localStorage.setItem('la-admin-locale', 'en');
    });
    page = await ctx.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // The first /me before signing in answers 401 by design.
      if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('first-run link → admin account; showroom and pairing code from the UI; a kiosk pairs and a visit reaches the love map', async () => {
    const token = await createInvite(server.tdb.db, 'admin');
    await page.goto(`${server.base}/admin/#invite=${token}`);
    await page.getByRole('heading', { name: 'Create your staff account' }).waitFor();
    await expectNoAxe(page, 'invite');
    await page.screenshot({ path: `${SHOTS}/1440x900-invite-en.png` });
    await page.getByLabel('E-mail').fill(EMAIL);
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('.shell').waitFor();
    assert.doesNotMatch(page.url(), /invite=/, 'the one-time token leaves the address bar');
    // An admin sees every page in the navigation.
    assert.equal(await page.locator('.nav-link').count(), 9);

    const catalog = (await (await page.request.get(`${server.base}/api/v1/admin/catalog`)).json()) as { products: Array<{ id: string; key: string; nameEn: string }> };
    firstModel = catalog.products[0]!;
    const secondModel = catalog.products[1]!;
    const bothModels = `love-map?compare=models&model=${firstModel.id}&model2=${secondModel.id}`;
    const loveMapTotals = async () => {
      await page.locator('.love-panel').nth(1).locator('.love-table').waitFor();
      await settle();
      const visits = await page.locator('.love-panel').evaluateAll((ps) => ps.reduce((a, p) => a + Number(p.getAttribute('data-visits')), 0));
      const ratings = await page.locator('.love-table tbody tr').evaluateAll((rows) => rows.reduce((a, r) => a + Number(r.getAttribute('data-n')), 0));
      return { visits, ratings };
    };

    await page.getByRole('link', { name: 'Showrooms & kiosks' }).click();
    await page.getByRole('button', { name: '+ New showroom' }).click();
    const dialog = page.getByRole('dialog', { name: 'New showroom' });
    await dialog.getByLabel('Short name (for links)').fill('shanghai-pudong');
    await dialog.getByLabel('Name (中文)').fill('上海浦东展厅');
    await dialog.getByLabel('Name (English)').fill('Shanghai Pudong');
    await dialog.getByRole('checkbox', { name: firstModel.nameEn }).check();
    await dialog.getByRole('checkbox', { name: secondModel.nameEn }).check();
    await dialog.getByRole('button', { name: 'Create showroom' }).click();
    const room = page.locator('section.showroom[data-slug="shanghai-pudong"]');
    await room.waitFor();
    assert.match(await room.innerText(), new RegExp(firstModel.nameEn));

    // The love map of both models before the visit.
    await go(bothModels);
    assert.deepEqual(await loveMapTotals(), { visits: 0, ratings: 0 });

    await page.getByRole('link', { name: 'Showrooms & kiosks' }).click();
    await room.getByRole('button', { name: 'Pair a kiosk' }).click();
    const pairing = page.locator('dialog.pairing-dialog');
    const code = await pairing.locator('.pair-code').getAttribute('data-code');
    assert.match(code!, /^[A-Z0-9]{4}-?[A-Z0-9]{4}$/);
    assert.ok((await pairing.locator('svg.qr path').getAttribute('d'))!.length > 100, 'a QR code of the pairing link');
    await settle();
    await expectNoAxe(page, 'pairing code');
    await page.screenshot({ path: `${SHOTS}/1440x900-pairing-en.png` });
    await pairing.getByRole('button', { name: 'Close' }).click();

    // A tablet in a second browser context pairs with that code and a child completes a visit.
    const tablet = await tabletContext(browser);
    const kpage = await tablet.newPage();
    const kiosk = new KioskDriver(kpage);
    await kiosk.pair(server.base, code!.replace('-', ''));
    const ticket = await quickVisit(kiosk, 5);
    assert.ok(ticket, 'the certificate shows a ticket');
    await eventually(async () => (await fetch(`${server.base}/api/v1/tickets/${ticket}`)).status === 200);

    // The kiosk is listed; the love map counts the visit and its rating.
    await page.reload();
    await room.locator('tbody tr').first().waitFor();
    assert.match(await room.locator('tbody').innerText(), /Kiosk/);
    await go(bothModels);
    assert.deepEqual(await loveMapTotals(), { visits: 1, ratings: 1 }, 'the visit and its one rating (a part\'s count went up)');
    const rated = await page.locator('.love-table tbody tr[data-n="1"]').first().getAttribute('data-part');
    assert.ok(rated);

    // Rename the tablet, then revoke it (with a confirmation); its next request is refused.
    await page.getByRole('link', { name: 'Showrooms & kiosks' }).click();
    await room.getByRole('button', { name: 'Rename Kiosk' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Pudong entrance');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await room.getByRole('rowheader', { name: 'Pudong entrance' }).waitFor();
    await room.getByRole('button', { name: 'Revoke: Pudong entrance' }).click();
    await page.getByRole('dialog', { name: 'Revoke “Pudong entrance”?' }).getByRole('button', { name: 'Revoke' }).click();
    await room.locator('.badge-red', { hasText: 'Revoked' }).waitFor();
    const { rows } = await server.tdb.db.query<{ revoked: boolean }>(`select revoked_at is not null as revoked from devices where name = 'Pudong entrance'`);
    assert.deepEqual(rows, [{ revoked: true }]);
    await tablet.close();
    assert.deepEqual(problems, []);
  });

  it('moderates an idea (approve), replies in zh and en, tags it; the family page shows the reply', async () => {
    const { code } = await issuePairingCode(server.tdb.db, 'demo');
    const demo = await pairWithCode(server.base, code);
    const { code: code2 } = await issuePairingCode(server.tdb.db, 'shanghai-pudong');
    const pudong = await pairWithCode(server.base, code2);
    seeded = await seedVisits([demo, pudong], 120);

    const visit = makeVisit(demo.config, { ageBand: '10-12', idea: { kind: 'text', text: 'A slide from the roof into the boot!' } });
    const res = await fetch(`${server.base}/api/v1/visits`, { method: 'POST', headers: { ...demo.auth, 'content-type': 'application/json' }, body: JSON.stringify(visit) });
    assert.equal(res.status, 201);
    const { ticket } = (await res.json()) as { ticket: string };

    await go('ideas');
    await page.getByLabel('Search').fill('slide from the roof');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const card = page.locator('.idea-card', { hasText: 'A slide from the roof into the boot!' });
    await eventually(async () => (await page.locator('.idea-card').count()) === 1 && (await card.count()) === 1);
    await card.getByRole('button', { name: 'Approve' }).click();
    await page.locator('.idea-card[data-moderation="approved"]').waitFor();
    await card.getByText('Reply and tags').click();
    await card.getByLabel('Public reply (中文)').fill('谢谢你！我们的设计师正在研究滑梯。');
    await card.getByLabel('Public reply (English)').fill('Thank you! Our designers are looking at slides.');
    const chip = card.locator('label.chip').first();
    const tag = await chip.getAttribute('data-tag');
    await chip.click();
    await card.getByLabel('Product status').selectOption('planned');
    await card.getByRole('button', { name: 'Save' }).click();
    await page.locator('.flash-on').waitFor();

    const view = await eventually(async () => {
      const r = await fetch(`${server.base}/api/v1/tickets/${ticket}`);
      const v = (await r.json()) as { idea: { moderation: string; status: string; reply: { 'zh-CN': string; en: string } | null } };
      return v.idea?.reply?.en && v.idea.status === 'planned' ? v : null;
    });
    assert.equal(view.idea.moderation, 'approved');
    assert.deepEqual(view.idea.reply, { 'zh-CN': '谢谢你！我们的设计师正在研究滑梯。', en: 'Thank you! Our designers are looking at slides.' });
    const tagged = await page.request.get(`${server.base}/api/v1/admin/ideas?tag=${tag}&moderation=approved`);
    assert.equal(((await tagged.json()) as { total: number }).total, 1);

    // Bulk: approve every pending drawing on the first page at once.
    await go('ideas?mod=pending&kind=drawing');
    // Wait for the filtered list (the previous one stays on screen while it loads).
    const n = await eventually(async () => {
      const kinds = await page.locator('.idea-grid:not(.is-stale) .idea-card').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}/${e.getAttribute('data-moderation')}`));
      return kinds.length > 1 && kinds.every((k) => k === 'drawing/pending') ? kinds.length : 0;
    });
    await page.getByLabel('Select all on this page').check();
    await page.locator('.bulk-bar').getByRole('button', { name: 'Approve' }).click();
    await page.locator('.flash-on', { hasText: `${n} idea` }).waitFor();
    assert.equal(await page.locator('.idea-card[data-moderation="approved"]').count(), n);
    // …and answer them all at once, in both languages.
    await page.locator('.bulk-bar').getByRole('button', { name: 'Reply to all…' }).click();
    const reply = page.getByRole('dialog');
    await reply.getByLabel('Public reply (中文)').fill('谢谢你的画！');
    await reply.getByLabel('Public reply (English)').fill('Thank you for your drawing!');
    await reply.getByRole('button', { name: 'Save' }).click();
    await reply.waitFor({ state: 'hidden' });
    const replied = (await (await page.request.get(`${server.base}/api/v1/admin/ideas?q=${encodeURIComponent('Thank you for your drawing')}&pageSize=100`)).json()) as { total: number };
    assert.equal(replied.total, n);
    assert.deepEqual(problems, []);
  });

  it('downloads the XLSX export for the current filters and re-reads it: one row per answer', async () => {
    await go('data');
    await page.getByLabel('Car model').selectOption(firstModel.id);
    await page.getByRole('button', { name: '7–9 yrs' }).click();
    await page.getByRole('button', { name: 'Last 90 days' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download XLSX' }).click()]);
    const url = new URL(download.url());
    assert.equal(url.searchParams.get('ageBands'), '7-9');
    assert.equal(url.searchParams.get('productId'), firstModel.id);
    const file = `${SHOTS}/export.xlsx`;
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet('answers')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    // quality and ms (issue 9) are appended: the earlier columns keep their places.
    assert.deepEqual(header, ['visit_id', 'completed_at', 'showroom', 'model', 'activity_version', 'age_band', 'locale', 'answer', 'part', 'pair', 'value', 'quality', 'ms']);
    const got: string[] = [];
    sheet.eachRow((row, i) => {
      if (i === 1) return;
      const v = (row.values as unknown[]).slice(1).map((c) => (c === null || c === undefined ? '' : String(c)));
      got.push([v[0], v[5], v[7], v[8] || v[9], v[10]].join('|'));
    });

    // What the kiosks sent, in the export's terms.
    const expected: string[] = [];
    for (const { visit, kiosk } of seeded) {
      if (visit.ageBand !== '7-9' || visit.productId !== firstModel.id) continue;
      const product = kiosk.config.products.find((p) => p.id === visit.productId)!;
      const partKey = (id: string) => product.parts.find((p) => p.id === id)!.key;
      for (const r of visit.ratings) expected.push([visit.id, '7-9', 'rating', partKey(r.partId), String(r.face)].join('|'));
      visit.favourites.forEach((id, i) => expected.push([visit.id, '7-9', 'favourite', partKey(id), String(i + 1)].join('|')));
      for (const c of visit.choices) expected.push([visit.id, '7-9', 'choice', product.pairs.find((p) => p.id === c.pairId)!.key, c.picked].join('|'));
      if (visit.again) expected.push([visit.id, '7-9', 'again', '', visit.again].join('|'));
    }
    assert.ok(expected.length > 50, 'the filters leave a real sample');
    assert.deepEqual([...got].sort(), [...expected].sort());
    assert.deepEqual(problems, []);
  });

  it('every page passes axe and is captured at 1440×900 in English and Chinese', async () => {
    const pages = ['overview', 'love-map', 'ideas', 'gallery', 'showrooms', 'catalog', 'people', 'data', 'account'];
    for (const locale of ['en', 'zh-CN'] as const) {
      await page.evaluate((l) => localStorage.setItem('la-admin-locale', l), locale);
      for (const [i, p] of pages.entries()) {
        await go(p === 'ideas' ? 'ideas?mod=all' : p, i === 0);
        await settle();
        assert.equal(await page.evaluate(() => document.documentElement.lang), locale);
        await expectNoAxe(page, `${p} (${locale})`);
        await page.screenshot({ path: `${SHOTS}/1440x900-${p}-${locale}.png` });
      }
    }
    await page.evaluate(() => localStorage.setItem('la-admin-locale', 'en'));
    await page.reload();

    // Love map: two models side by side; the figures table and the explanation are on the page.
    await go(`love-map?compare=models&from=${isoDaysAgo(29)}&to=${isoDaysAgo(0)}`);
    await page.locator('.love-panel').nth(1).waitFor();
    await settle();
    assert.equal(await page.locator('.love-panel').count(), 2);
    assert.match(await page.locator('.explainer').innerText(), /cluster at the top/);
    await expectNoAxe(page, 'love map compare');
    await page.screenshot({ path: `${SHOTS}/1440x900-love-map-compare-en.png`, fullPage: true });
    await go(`love-map?compare=periods&from=${isoDaysAgo(13)}&to=${isoDaysAgo(0)}`);
    await page.locator('.love-panel').nth(1).waitFor();
    await settle();
    await expectNoAxe(page, 'love map periods');
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${SHOTS}/print-love-map-periods.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await go('overview');
    await settle();
    await page.screenshot({ path: `${SHOTS}/1440x900-overview-full-en.png`, fullPage: true });

    // Change the password, then sign out and back in with the new one.
    await go('account');
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByLabel('Repeat the password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();

    // Signed out: the sign-in page.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectNoAxe(page, 'sign-in');
    await page.screenshot({ path: `${SHOTS}/1440x900-sign-in-en.png` });
    await page.getByLabel('E-mail').fill(EMAIL);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong e-mail or password.' }).waitFor();
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.shell').waitFor();
    assert.deepEqual(problems, []);
  });

  it('navigation shows only what each role may do; a showroom manager sees only their showroom', async () => {
    const roles = [
      { role: 'moderator', pages: ['ideas', 'gallery', 'catalog', 'account'] },
      { role: 'analyst', pages: ['overview', 'love-map', 'showrooms', 'catalog', 'data', 'account'] },
      { role: 'showroom_manager', pages: ['overview', 'love-map', 'showrooms', 'catalog', 'account'] },
    ] as const;
    for (const { role, pages } of roles) {
      const email = `${role.replace('_', '.')}@example.com`;
      const id = await createStaffUser(server.tdb.db, { email, password: PASSWORD, role: role === 'showroom_manager' ? 'admin' : role });
      if (role === 'showroom_manager') {
        await server.tdb.db.query(`update staff_users set role = 'showroom_manager', showroom_id = (select id from showrooms where slug = 'shanghai-pudong') where id = $1`, [id]);
      }
      const c = await browser.newContext({ viewport: DESKTOP });
      await c.addInitScript(() => localStorage.setItem('la-admin-locale', 'en'));
      const p = await c.newPage();
      p.on('pageerror', (e) => problems.push(`${role}: ${e.message}`));
      await p.goto(`${server.base}/admin/`);
      await p.getByLabel('E-mail').fill(email);
      await p.getByLabel('Password').fill(PASSWORD);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.locator('.shell').waitFor();
      assert.deepEqual(await p.locator('.nav-link').evaluateAll((els) => els.map((e) => e.getAttribute('data-page'))), [...pages], role);
      // A page outside the role sends the user to their first page.
      await p.goto(`${server.base}/admin/#/people`);
      await p.locator(`main.page-${pages[0]} #page-title`).waitFor();
      if (role === 'showroom_manager') {
        await p.goto(`${server.base}/admin/#/showrooms`);
        await p.locator('section.showroom').first().waitFor();
        assert.deepEqual(await p.locator('section.showroom').evaluateAll((els) => els.map((e) => e.getAttribute('data-slug'))), ['shanghai-pudong']);
        assert.equal(await p.getByRole('button', { name: '+ New showroom' }).count(), 0);
        assert.equal(await p.getByRole('button', { name: 'Pair a kiosk' }).count(), 1);
        await p.goto(`${server.base}/admin/#/overview`);
        await p.locator('.kpi').first().waitFor();
        assert.equal(await p.locator('.multi').count(), 0, 'no showroom filter for a manager');
        await expectNoAxe(p, 'manager overview');
      }
      await c.close();
    }
    assert.deepEqual(problems, []);
  });

  it('catalog: drags a hotspot (saved as a new draft part) and publishes the next activity version', async () => {
    await go(`catalog?model=${firstModel.id}`);
    const marker = page.locator('.marker').first();
    await marker.waitFor();
    const key = await marker.getAttribute('data-part');
    const stage = (await page.locator('.hotspot-stage').boundingBox())!;
    const box = (await marker.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width / 2 - i * 8, box.y + box.height / 2 - i * 5);
    const target = { x: box.x + box.width / 2 - 80, y: box.y + box.height / 2 - 50 };
    await page.mouse.up();
    const want = { x: ((target.x - stage.x) / stage.width) * 100, y: ((target.y - stage.y) / stage.height) * 100 };
    const saved = await eventually(async () => {
      const c = (await (await page.request.get(`${server.base}/api/v1/admin/catalog`)).json()) as { products: Array<{ id: string; parts: Array<{ key: string; x: number; y: number; published: boolean }> }> };
      const part = c.products.find((p) => p.id === firstModel.id)!.parts.find((p) => p.key === key)!;
      return Math.abs(part.x - want.x) < 1.5 && Math.abs(part.y - want.y) < 1.5 ? part : null;
    });
    assert.equal(saved.published, false, 'a published part is never edited in place: the move makes a draft successor');
    await page.locator(`.parts-table tr[data-part="${key}"] .badge`, { hasText: 'Draft' }).waitFor();

    // Keyboard: an arrow key moves the focused marker too.
    await page.locator(`.marker[data-part="${key}"]`).focus();
    await page.keyboard.press('ArrowRight');
    await eventually(async () => {
      const c = (await (await page.request.get(`${server.base}/api/v1/admin/catalog`)).json()) as { products: Array<{ id: string; parts: Array<{ key: string; x: number }> }> };
      return Math.abs(c.products.find((p) => p.id === firstModel.id)!.parts.find((p) => p.key === key)!.x - (saved.x + 1)) < 0.05;
    });

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.locator('.versions li.current', { hasText: 'v2' }).waitFor();
    await page.locator(`.parts-table tr[data-part="${key}"] .badge`, { hasText: 'Published' }).waitFor();
    await expectNoAxe(page, 'catalog after publish');
    assert.deepEqual(problems, []);
  });
});

function isoDaysAgo(n: number): string {
  const d = new Date(Date.now() - n * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
