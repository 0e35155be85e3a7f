import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, pairKiosk, type TestServer } from '../test/helpers/server.ts';
import { tinyWav } from '../test/helpers/visits.ts';
import { moderate, sampleDrawing, sendVisit, type Kiosk } from '../test/public.helpers.ts';
import { axeViolations, launchBrowser } from './browser.ts';

const SHOTS = `${process.env.SCREENSHOT_DIR || 'test-results/screens'}/family`;
const PHONE = { width: 390, height: 844 };

describe('family page and board in Chromium (phone)', () => {
  let server: TestServer;
  let browser: Browser;
  let kiosk: Kiosk;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('pglite');
    const k = await pairKiosk(server);
    kiosk = { base: server.base, auth: k.auth, config: k.config };
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function phone(): Promise<{ ctx: BrowserContext; page: Page; problems: string[] }> {
    const ctx = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, acceptDownloads: true });
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      // A 4xx page (a deleted or unknown code) is logged by Chromium as a failed load: that is the point.
      if (m.type() === 'error' && !/Failed to load resource: .* (400|404|410)/.test(m.text())) problems.push(m.text());
    });
    return { ctx, page, problems };
  }

  async function axe(page: Page, where: string): Promise<void> {
    const v = await axeViolations(page);
    assert.deepEqual(v.map((x) => `${where}: ${x.id} (${x.impact}) ${x.help} — ${x.nodes.slice(0, 3).join(', ')}`), []);
  }

  /** Every link, button and field a thumb may need is at least 48 px tall and wide. */
  async function touchTargets(page: Page): Promise<void> {
    const small = await page.$$eval('main a, main button, main input:not([type=hidden]), header a', (els) =>
      els
        .filter((e) => (e as HTMLElement).offsetParent !== null)
        .map((e) => ({ e: e.outerHTML.slice(0, 80), r: e.getBoundingClientRect() }))
        .filter((x) => x.r.height < 48 || x.r.width < 48)
        .map((x) => `${x.e} ${Math.round(x.r.width)}×${Math.round(x.r.height)}`),
    );
    assert.deepEqual(small, [], 'touch targets ≥ 48 px');
  }

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`${locale}: a fresh ticket shows the certificate, the summary, the idea with its status and reply`, async () => {
      const { id, ticket } = await sendVisit(kiosk, { locale, nickname: locale === 'en' ? 'Mimi' : '小明', idea: sampleDrawing() });
      await moderate(server.tdb.db, id, { moderation: 'approved', status: 'planned', replyZh: '好主意！我们正在设计更大的轮子。', replyEn: 'Great idea! We are designing bigger wheels.' });
      const { ctx, page, problems } = await phone();
      const res = await page.goto(`${server.base}/t/${ticket.toLowerCase()}`);
      assert.equal(res!.status(), 200);
      assert.equal(await page.getAttribute('html', 'lang'), locale, 'the page speaks the visit\'s language');
      const en = locale === 'en';
      await page.getByRole('heading', { level: 1, name: en ? 'Little Product Advisor' : '小小产品顾问' }).waitFor();
      assert.equal(await page.locator('.ticket-code').first().textContent(), ticket);
      assert.equal(await page.locator('.cert-name').textContent(), en ? 'Mimi' : '小明');
      assert.match((await page.locator('.loved').textContent())!, en ? /^You (loved|liked) the .+!$/ : /^你(超|最)喜欢.+！$/);
      assert.equal(await page.locator('.ratings li').count(), 4);
      assert.equal(await page.locator('.favourites li').count(), 3);
      assert.equal(await page.locator('svg.drawing path').count(), sampleDrawing().strokes.length, 'the drawing is drawn from its strokes');
      assert.equal(await page.locator('.status-steps li.current').textContent(), en ? 'Planned!' : '已经计划了！');
      assert.match((await page.locator('blockquote.reply').textContent())!, en ? /bigger wheels/ : /更大的轮子/);
      assert.ok(await page.locator('svg.qr path').count(), 'the certificate has its QR code');
      assert.equal(await page.locator('[data-print]').isVisible(), true, 'the print button shows when scripts run');
      assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
      assert.equal(await page.locator('[style]').count(), 0, 'no inline style');
      await axe(page, `family ${locale}`);
      await touchTargets(page);
      await page.screenshot({ path: `${SHOTS}/${locale}-390x844-family.png`, fullPage: true });
      await page.screenshot({ path: `${SHOTS}/${locale}-390x844-family-top.png` });

      // The switch shows the same page in the other language.
      await page.locator('.lang-switch').click();
      await page.waitForURL(/lang=/);
      assert.equal(await page.getAttribute('html', 'lang'), en ? 'zh-CN' : 'en');
      assert.deepEqual(problems, []);
      await ctx.close();
    });
  }

  it('downloads the visit as JSON, matching what the kiosk sent, and the certificate as a PDF', async () => {
    const { ticket, visit } = await sendVisit(kiosk, { locale: 'en', nickname: 'Leo', idea: sampleDrawing() });
    const { ctx, page } = await phone();
    await page.goto(`${server.base}/t/${ticket}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`a[href$="/export"]`).click()]);
    const json = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    const v = json.visit;
    assert.equal(v.ticket, ticket);
    assert.equal(v.locale, visit.locale);
    assert.equal(v.ageBand, visit.ageBand);
    assert.equal(v.nickname, visit.nickname);
    assert.equal(v.product.id, visit.productId);
    assert.equal(v.again, visit.again);
    assert.deepEqual(v.consent, visit.consent);
    assert.deepEqual(v.ratings.map((r: { partId: string; face: number }) => [r.partId, r.face]).sort(), visit.ratings.map((r) => [r.partId, r.face]).sort());
    assert.deepEqual(v.favourites.map((f: { partId: string }) => f.partId), visit.favourites);
    assert.deepEqual(v.choices.map((c: { pairId: string; picked: string }) => [c.pairId, c.picked]).sort(), visit.choices.map((c) => [c.pairId, c.picked]).sort());
    assert.deepEqual(v.idea.drawing, visit.idea);

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.locator('a[href*="certificate.pdf"]').click()]);
    const bytes = readFileSync((await pdf.path())!);
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    assert.ok(bytes.length < 300_000, `the PDF is small (${bytes.length} bytes)`);
    assert.match(pdf.suggestedFilename(), new RegExp(`${ticket}\\.pdf$`));
    await ctx.close();
  });

  it('deletes everything after a confirm step: the page then says so, the API answers 410, the media is gone', async () => {
    const { id, ticket } = await sendVisit(kiosk, {
      locale: 'en',
      consent: { gallery: false, voice: true, nickname: false, textVersion: kiosk.config.consent.textVersion },
      idea: { kind: 'voice', mime: 'audio/wav', durationMs: 100, audio: tinyWav() },
    });
    const count = async (sql: string) => Number((await server.tdb.db.query<{ n: number }>(sql, [id])).rows[0]!.n);
    assert.equal(await count('select count(*)::int as n from media where visit_id = $1'), 1);
    const { ctx, page, problems } = await phone();
    await page.goto(`${server.base}/t/${ticket}`);
    await page.locator('a.danger').click();
    await page.getByRole('heading', { level: 1, name: 'Delete everything about this visit?' }).waitFor();
    await axe(page, 'confirm');
    await touchTargets(page);
    await page.screenshot({ path: `${SHOTS}/en-390x844-confirm-delete.png` });
    // "No" keeps everything.
    await page.getByRole('link', { name: 'No, keep it' }).click();
    await page.locator('.certificate').waitFor();
    assert.equal((await fetch(`${server.base}/api/v1/tickets/${ticket}`)).status, 200);
    // "Yes" deletes at once.
    await page.locator('a.danger').click();
    await page.getByRole('button', { name: 'Yes, delete everything' }).click();
    await page.getByRole('heading', { level: 1, name: 'Everything was deleted' }).waitFor();
    assert.match(page.url(), new RegExp(`/t/${ticket}`));
    await axe(page, 'deleted');
    await page.screenshot({ path: `${SHOTS}/en-390x844-deleted.png` });
    assert.equal((await fetch(`${server.base}/api/v1/tickets/${ticket}`)).status, 410);
    assert.equal((await fetch(`${server.base}/t/${ticket}`)).status, 410);
    for (const table of ['visits where id', 'media where visit_id', 'ideas where visit_id', 'ratings where visit_id', 'choices where visit_id', 'favourites where visit_id']) {
      assert.equal(await count(`select count(*)::int as n from ${table} = $1`), 0, `${table} is empty`);
    }
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  it('answers unknown and malformed codes with friendly pages, and the code form opens a ticket', async () => {
    const { ticket } = await sendVisit(kiosk, { locale: 'zh-CN', idea: undefined });
    const { ctx, page } = await phone();
    let res = await page.goto(`${server.base}/t/not-a-code`, { waitUntil: 'load' });
    assert.equal(res!.status(), 400);
    await page.locator('h1').waitFor();
    await axe(page, 'malformed');
    await touchTargets(page);
    await page.screenshot({ path: `${SHOTS}/en-390x844-malformed.png` });
    res = await page.goto(`${server.base}/t/ZZZZZ-ZZZZZ?lang=zh-CN`);
    assert.equal(res!.status(), 404);
    assert.equal(await page.locator('h1').textContent(), '找不到这个票码');
    await page.locator('#code').fill(ticket.toLowerCase().replace('-', ' '));
    await page.locator('.code-form button').click();
    await page.locator('.certificate').waitFor();
    assert.equal(await page.locator('.ticket-code').first().textContent(), ticket);
    assert.equal(await page.locator('.idea-kind').count(), 0);
    await ctx.close();
  });

  it('board: approved ideas with replies, newest first, filter by car, no personal data without consent', async () => {
    const sedan = kiosk.config.products[0]!;
    const suv = kiosk.config.products[1]!;
    const consentAll = { gallery: true, voice: false, nickname: true, textVersion: kiosk.config.consent.textVersion };
    const noConsent = { gallery: false, voice: false, nickname: false, textVersion: kiosk.config.consent.textVersion };
    const a = await sendVisit(kiosk, { nickname: 'Shown', consent: consentAll, idea: sampleDrawing() });
    await moderate(server.tdb.db, a.id, { moderation: 'approved', status: 'shipped', replyEn: 'Bigger wheels are in the 2027 model!', replyZh: '2027 款已经换上了更大的轮子！', createdAt: new Date(Date.now() - 60_000).toISOString() });
    const b = await sendVisit(kiosk, { nickname: 'Hidden', consent: noConsent, idea: sampleDrawing() });
    await moderate(server.tdb.db, b.id, { moderation: 'approved', status: 'heard', replyEn: 'We like your drawing.', replyZh: '我们喜欢你的画。' });
    const pending = await sendVisit(kiosk, { idea: { kind: 'text', text: 'A slide from the roof to the boot' } });
    const c = await sendVisit(kiosk, {
      productId: suv.id,
      ratings: [{ partId: suv.parts[0]!.id, face: 5 }],
      choices: [],
      favourites: [suv.parts[0]!.id],
      idea: { kind: 'text', text: 'A bed for my dog in the boot' },
    });
    await moderate(server.tdb.db, c.id, { moderation: 'approved', status: 'planned', replyEn: 'A dog bed is planned.', replyZh: '狗狗床已经在计划中。', createdAt: new Date(Date.now() + 60_000).toISOString() });
    void pending;

    const { ctx, page, problems } = await phone();
    await page.goto(`${server.base}/heard/?lang=en`);
    const cards = page.locator('.idea-card');
    const texts = await cards.allTextContents();
    assert.ok(texts.length >= 3);
    assert.match(texts[0]!, /A bed for my dog/, 'newest first');
    const all = texts.join('\n');
    assert.ok(!all.includes('A slide from the roof'), 'pending ideas stay off the board');
    assert.ok(all.includes('by Shown'), 'a consented nickname is shown');
    assert.ok(!all.includes('Hidden'), 'a nickname without consent is not');
    // Finding 6: a drawing without public consent has no card on the board at all.
    assert.ok(!all.includes('A drawing for the product team') && !all.includes('We like your drawing.'), 'a drawing without gallery consent is not on the board');
    assert.ok((await page.locator('.idea-card svg.drawing').count()) >= 1);
    await axe(page, 'board');
    await touchTargets(page);
    await page.screenshot({ path: `${SHOTS}/en-390x844-board.png`, fullPage: true });
    await page.getByRole('link', { name: suv.name.en }).click();
    await page.waitForURL(/model=/);
    const filtered = await page.locator('.idea-card .model').allTextContents();
    assert.ok(filtered.length >= 1 && filtered.every((m) => m === suv.name.en), 'only the chosen car');
    void sedan;
    await page.locator('.lang-switch').click();
    await page.waitForURL(/lang=zh-CN/);
    assert.equal(await page.locator('h1').textContent(), '你说，我们做');
    await axe(page, 'board zh-CN');
    await page.screenshot({ path: `${SHOTS}/zh-CN-390x844-board.png`, fullPage: true });
    assert.deepEqual(problems, []);
    await ctx.close();
  });
});
