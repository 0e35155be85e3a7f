import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { issuePairingCode } from '../src/server/services/setup.service.ts';
import { startTestServer, type TestServer } from '../test/helpers/server.ts';
import { launchBrowser, tabletContext } from './browser.ts';
import { KioskDriver, quickVisit, until } from './kiosk-driver.ts';


describe('kiosk offline-first: nothing is lost, nothing is doubled', () => {
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

  async function pairedTablet(): Promise<{ ctx: BrowserContext; page: Page; d: KioskDriver; deviceId: () => Promise<string> }> {
    const ctx = await tabletContext(browser);
    const page = await ctx.newPage();
    const d = new KioskDriver(page);
    const { code } = await issuePairingCode(server.tdb.db, 'demo');
    // The service worker must control the page before the network goes away.
    await d.pairUnderServiceWorker(server.base, code.replace('-', ''));
    const deviceId = async () => (await page.evaluate(async () => {
      const req = indexedDB.open('little-advisors-kiosk');
      const db: IDBDatabase = await new Promise((res) => (req.onsuccess = () => res(req.result)));
      return new Promise<string>((res) => {
        const g = db.transaction('kv').objectStore('kv').get('pairing');
        g.onsuccess = () => res(g.result.deviceId);
      });
    }));
    return { ctx, page, d, deviceId };
  }

  const storedFor = async (deviceId: string) =>
    Number((await server.tdb.db.query<{ n: number }>('select count(*)::int as n from visits where device_id = $1', [deviceId])).rows[0]!.n);
  const pendingIn = (page: Page) =>
    page.evaluate(async () => {
      const req = indexedDB.open('little-advisors-kiosk');
      const db: IDBDatabase = await new Promise((res) => (req.onsuccess = () => res(req.result)));
      return new Promise<number>((res) => {
        const c = db.transaction('outbox').objectStore('outbox').count();
        c.onsuccess = () => res(c.result);
      });
    });

  it('with the network cut, 10 visits are completed with tickets shown; back online, all 10 arrive exactly once', async () => {
    const { ctx, page, d, deviceId } = await pairedTablet();
    const id = await deviceId();
    await ctx.setOffline(true);
    const tickets: Array<string | null> = [];
    for (let i = 0; i < 10; i++) tickets.push(await quickVisit(d, (i % 5) + 1));
    assert.ok(tickets.every((t) => t && /^[0-9A-Z]{5}-[0-9A-Z]{5}$/.test(t)), `tickets shown offline: ${tickets}`);
    assert.equal(new Set(tickets).size, 10);
    assert.equal(await pendingIn(page), 10);
    assert.equal(await storedFor(id), 0);
    await ctx.setOffline(false);
    await until('all 10 visits stored', async () => (await storedFor(id)) === 10 && (await pendingIn(page)) === 0);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await storedFor(id), 10, 'exactly once');
    for (const t of tickets) assert.equal((await fetch(`${server.base}/api/v1/tickets/${t}`)).status, 200);
    await ctx.close();
  });

  it('with the server answering 500 to every third visit post, 10 visits still arrive once', async () => {
    const { ctx, page, d, deviceId } = await pairedTablet();
    const id = await deviceId();
    let posts = 0;
    let failed = 0;
    await page.route('**/api/v1/visits', async (route) => {
      posts++;
      if (posts % 3 === 0) {
        failed++;
        return route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"injected"}}' });
      }
      return route.continue();
    });
    for (let i = 0; i < 10; i++) await quickVisit(d);
    await until('all 10 stored despite failures', async () => {
      if ((await storedFor(id)) === 10 && (await pendingIn(page)) === 0) return true;
      await page.evaluate(() => dispatchEvent(new Event('online'))); // skip the backoff wait
      return false;
    }, 90_000);
    assert.ok(failed >= 3, `injected ${failed} failures`);
    assert.equal(await storedFor(id), 10);
    await ctx.close();
  });

  it('a reload in the middle of the queue loses nothing', async () => {
    const { ctx, page, d, deviceId } = await pairedTablet();
    const id = await deviceId();
    await ctx.setOffline(true);
    for (let i = 0; i < 3; i++) await quickVisit(d);
    await page.reload(); // served by the service worker while offline
    await page.locator('.attract').waitFor();
    assert.equal(await pendingIn(page), 3);
    await ctx.setOffline(false);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await until('3 visits stored after reload', async () => (await storedFor(id)) === 3 && (await pendingIn(page)) === 0);
    await ctx.close();
  });
});
