import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { issuePairingCode } from '../src/server/services/setup.service.ts';
import { startTestServer, type TestServer } from '../test/helpers/server.ts';
import { launchBrowser, tabletContext } from './browser.ts';
import { KioskDriver, quickVisit, until } from './kiosk-driver.ts';


const runningVersion = (page: Page) => page.evaluate(() => document.querySelector<HTMLMetaElement>('meta[name="kiosk-version"]')?.content ?? null);
/** A mark that lives in the page's memory: gone after any reload. */
const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

describe('a kiosk update waits for the attract screen: a deploy never interrupts a child', () => {
  let server: TestServer;
  let browser: Browser;
  let work: string;
  let oldVersion: string;
  let newVersion: string;
  const current = () => join(work, 'current');

  /** "Deploys" a build the way a release does: the served directory is swapped atomically. */
  function deploy(dir: string) {
    symlinkSync(dir, join(work, 'current.next'));
    renameSync(join(work, 'current.next'), current());
  }

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'la-kiosk-update-'));
    // The build the kiosk starts on (a copy, so a rebuild of dist/ meanwhile changes nothing),
    // and a second build of the same sources with another label: a different version and bundle.
    cpSync('dist/kiosk', join(work, 'old'), { recursive: true });
    execFileSync(process.execPath, ['scripts/build.mjs'], { env: { ...process.env, KIOSK_OUT: join(work, 'new'), KIOSK_BUILD_LABEL: 'next' }, stdio: 'pipe' });
    oldVersion = JSON.parse(readFileSync(join(work, 'old', 'version.json'), 'utf8')).version;
    newVersion = JSON.parse(readFileSync(join(work, 'new', 'version.json'), 'utf8')).version;
    assert.notEqual(oldVersion, newVersion);
    deploy(join(work, 'old'));
    server = await startTestServer('pglite', { KIOSK_DIST_DIR: current() });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('keeps the visit going through a deploy, stores it whole with the outbox intact, then reloads on the attract screen into the new build', async () => {
    const ctx = await tabletContext(browser);
    // A quick heartbeat so the kiosk hears of the deploy during the visit.
    await ctx.addInitScript(() => {
      (globalThis as { __LA_TEST__?: object }).__LA_TEST__ = { heartbeatMs: 1_000 };
    });
    const page = await ctx.newPage();
    const d = new KioskDriver(page);
    const { code } = await issuePairingCode(server.tdb.db, 'demo');
    await d.pairUnderServiceWorker(server.base, code.replace('-', ''));
    assert.equal(await runningVersion(page), oldVersion);
    const deviceId = (await server.tdb.db.query<{ id: string }>('select id from devices order by created_at desc limit 1')).rows[0]!.id;
    const stored = async () =>
      (await server.tdb.db.query<{ id: string; ratings: number; completed_at: Date | null }>(
        `select v.id, (select count(*)::int from ratings r where r.visit_id = v.id) as ratings, v.completed_at from visits v where v.device_id = $1`,
        [deviceId],
      )).rows;

    // One visit already waits in the outbox: the server refuses it for now (it must survive the update).
    let refuse = true;
    await page.route('**/api/v1/visits', (route) =>
      refuse ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"injected"}}' }) : route.continue(),
    );
    await quickVisit(d, 4);
    const outbox = () =>
      page.evaluate(async () => {
        const req = indexedDB.open('little-advisors-kiosk');
        const db: IDBDatabase = await new Promise((res) => (req.onsuccess = () => res(req.result)));
        return new Promise<number>((res) => {
          const c = db.transaction('outbox').objectStore('outbox').count();
          c.onsuccess = () => res(c.result);
        });
      });
    assert.equal(await outbox(), 1);

    // A child begins a visit and rates two parts…
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await d.passGate();
    await d.consent({ locale: 'en', age: '7-9' });
    await page.locator('.avatars .tile').first().click();
    await page.locator('.car-card').first().click();
    for (const [i, face] of [[0, 5], [1, 3]] as const) {
      await page.locator('.hotspot').nth(i).click();
      await page.locator('.face-button').nth(face - 1).click();
      await page.locator('.smiley-card').waitFor({ state: 'detached' });
    }

    // …the new build is deployed. The kiosk hears of it and its new service worker installs and waits.
    deploy(join(work, 'new'));
    await until('the kiosk knows an update waits', async () => (await page.evaluate(() => document.documentElement.dataset.updateWaiting ?? null)) === newVersion, 30_000);
    await until('the new service worker is waiting', () =>
      page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration('/kiosk/'))?.waiting)), 30_000);
    // Several heartbeats later the child is still where they were, in the same page, on the old build.
    await page.waitForTimeout(3_000);
    assert.ok(await sameDocument(page), 'no reload mid-visit');
    assert.equal(await runningVersion(page), oldVersion);
    assert.equal(await page.locator('.step-explore').count(), 1);

    // The child finishes: more taps through the rest of the visit, the certificate.
    await page.locator('.hotspot').nth(2).click();
    await page.locator('.face-button').nth(0).click();
    await page.locator('.smiley-card').waitFor({ state: 'detached' });
    await page.locator('.step-footer .next').click();
    for (const step of ['thisorthat', 'favourites', 'idea', 'again']) {
      await page.locator(`.step-${step}`).waitFor();
      while ((await page.locator(`.step-${step}`).count()) > 0) {
        await page.locator('.step-footer .skip').click();
        await page.waitForTimeout(50);
      }
    }
    await page.locator('.certificate').waitFor();
    await page.waitForTimeout(2_000);
    assert.ok(await sameDocument(page), 'no reload on the certificate either');
    assert.equal(await outbox(), 2, 'both visits wait in the outbox');

    // Back on the attract screen: the kiosk activates the new build and reloads.
    await page.locator('.thanks-actions .primary').click();
    await until('the reload into the new build', async () => !(await sameDocument(page).catch(() => true)) && (await runningVersion(page).catch(() => null)) === newVersion, 30_000);
    await page.locator('.attract').waitFor();
    assert.equal(await outbox(), 2, 'the outbox survived the reload');

    // The server accepts visits again: both arrive whole, exactly once.
    refuse = false;
    await until('both visits stored', async () => {
      if ((await stored()).length === 2 && (await outbox()) === 0) return true;
      await page.evaluate(() => dispatchEvent(new Event('online'))).catch(() => undefined);
      return false;
    }, 60_000);
    const rows = await stored();
    assert.deepEqual(rows.map((r) => r.ratings).sort(), [1, 3], 'the visit that lived through the deploy kept all three ratings');
    assert.ok(rows.every((r) => r.completed_at));

    // The server names a build it does not serve (no new service worker): the kiosk notes it but
    // keeps running, with no reload (and no reload loop) on the attract screen.
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    server.ctx.fleet.setKioskVersion('0.0.0+notbuilt');
    await until('the kiosk hears of the phantom build', async () => (await page.evaluate(() => document.documentElement.dataset.updateWaiting ?? null)) === '0.0.0+notbuilt', 30_000);
    await page.waitForTimeout(5_000);
    assert.ok(await sameDocument(page), 'no reload without a new build to run');
    assert.equal(await runningVersion(page), newVersion);
    server.ctx.fleet.setKioskVersion(undefined);

    // And the dashboard's kiosk list sees the kiosk on the new build (the report is throttled to 30 s).
    await until('the new version reported', async () =>
      (await server.tdb.db.query<{ app_version: string | null }>('select app_version from devices where id = $1', [deviceId])).rows[0]!.app_version === newVersion, 60_000);
    await ctx.close();
  });
});
