import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { issuePairingCode } from '../src/server/services/setup.service.ts';
import { startTestServer, type TestServer } from '../test/helpers/server.ts';
import { launchBrowser, tabletContext } from './browser.ts';
import { KioskDriver } from './kiosk-driver.ts';

describe('kiosk: gate, idle reset and privacy between children', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer('pglite');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function tablet(timers?: { idleMs: number; graceS: number }) {
    const ctx = await tabletContext(browser, { width: 1024, height: 768 });
    if (timers) await ctx.addInitScript((t) => ((globalThis as { __LA_TEST__?: unknown }).__LA_TEST__ = t), timers);
    const page = await ctx.newPage();
    const d = new KioskDriver(page);
    const { code } = await issuePairingCode(server.tdb.db, 'demo');
    await d.pair(server.base, code.replace('-', ''));
    return { ctx, page, d };
  }

  it('200 random taps never get past the grown-up gate', async () => {
    const { ctx, page } = await tablet();
    await page.locator('.attract').click();
    await page.locator('.gate').waitFor();
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 200; i++) {
      const x = Math.floor(rnd() * 1024);
      const y = Math.floor(rnd() * 768);
      await page.mouse.click(x, y, { delay: Math.floor(rnd() * 400) });
      // A tap on "back" returns to attract: a child would tap again to come back to the gate.
      if (await page.locator('.attract').count()) await page.locator('.attract').click();
      assert.equal(await page.locator('.consent').count(), 0, `consent reached after ${i + 1} taps`);
    }
    await ctx.close();
  });

  it('the nickname field drops invisible characters and never splits an emoji (the server would refuse both)', async () => {
    const { ctx, page, d } = await tablet();
    await d.passGate();
    const input = page.locator('.nickname input');
    await input.fill('Li\u200bly\u202e\ufeff');
    assert.equal(await input.inputValue(), 'Lily');
    await input.fill('🐻'.repeat(6) + 'abc');
    const value = await input.inputValue();
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value), JSON.stringify(value));
    await page.screenshot({ path: '/tmp/la-consent-nickname.png' });
    await ctx.close();
  });

  it('idle: "are you still there?" then back to attract with the visit discarded', async () => {
    const { ctx, page, d } = await tablet({ idleMs: 4000, graceS: 2 });
    await d.passGate();
    await d.consent({ locale: 'en', age: '7-9', nickname: 'Secret', gallery: true });
    await page.locator('.avatars .tile').first().click();
    await page.locator('.car-card').first().click();
    await page.locator('.hotspot').first().click();
    await page.locator('.face-button').nth(4).click();
    await page.locator('.idle-card').waitFor({ timeout: 10_000 });
    await page.locator('.attract').waitFor({ timeout: 10_000 });
    const queued = await page.evaluate(async () => {
      const req = indexedDB.open('little-advisors-kiosk');
      const db: IDBDatabase = await new Promise((res) => (req.onsuccess = () => res(req.result)));
      return new Promise<Array<{ path?: string }>>((res) => {
        const c = db.transaction('outbox').objectStore('outbox').getAll();
        c.onsuccess = () => res(c.result);
      });
    });
    assert.equal(queued.filter((q) => (q.path ?? '/visits') === '/visits').length, 0, 'the discarded visit is not queued');
    // Only the fact that a visit was left (and where) reaches the server, for the completion rate.
    const deadline = Date.now() + 10_000;
    let abandoned = 0;
    while (Date.now() < deadline && abandoned === 0) {
      abandoned = Number((await server.tdb.db.query<{ n: number }>('select count(*)::int as n from abandoned_visits')).rows[0]!.n);
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(abandoned, 1);
    const visits = Number((await server.tdb.db.query<{ n: number }>('select count(*)::int as n from visits')).rows[0]!.n);
    assert.equal(visits, 0);
    // The next child starts clean: no nickname, no permissions, no ratings.
    await d.passGate();
    assert.equal(await page.locator('.nickname input').inputValue(), '');
    for (const s of await page.getByRole('switch').all()) assert.equal(await s.isChecked(), false);
    assert.equal(await page.locator('.segmented [aria-pressed="true"]').count(), 1, 'only the language is preselected, no age band');
    await ctx.close();
  });

  it('"I\'m still here" keeps the visit going', async () => {
    const { ctx, page, d } = await tablet({ idleMs: 4000, graceS: 5 });
    await d.passGate();
    await d.consent({ locale: 'zh-CN', age: '4-6' });
    await page.locator('.idle-card').waitFor({ timeout: 10_000 });
    await page.locator('.idle-card button').click();
    await page.locator('.step-avatar').waitFor();
    assert.equal(await page.locator('.idle-card').count(), 0);
    await ctx.close();
  });
});
