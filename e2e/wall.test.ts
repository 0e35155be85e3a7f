import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createPgDatabase, dropPgDatabase, TEST_PG_URL } from '../test/helpers/engines.ts';
import { spawnServer, type ServerProcess } from '../test/helpers/process.ts';
import { pairKiosk, startTestServer, type TestServer } from '../test/helpers/server.ts';
import { moderate, pairWithCode, sampleDrawing, sendVisit, type Kiosk } from '../test/public.helpers.ts';
import { axeViolations, launchBrowser } from './browser.ts';

const SHOTS = `${process.env.SCREENSHOT_DIR || 'test-results/screens'}/wall`;
const TV = { width: 1920, height: 1080 };

async function wallCount(page: Page): Promise<number> {
  return Number(await page.locator('.wall-count').getAttribute('data-count'));
}

/** Waits until the wall shows `n` little advisors; returns how long that took. */
async function waitForCount(page: Page, n: number, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  await page.waitForFunction((want) => document.querySelector('.wall-count')?.getAttribute('data-count') === String(want), n, { timeout: timeoutMs, polling: 50 });
  return Date.now() - t0;
}

describe('showroom wall in Chromium', () => {
  let browser: Browser;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  describe('one instance (PGlite)', () => {
    let server: TestServer;
    let kiosk: Kiosk;
    before(async () => {
      server = await startTestServer('pglite');
      const k = await pairKiosk(server);
      kiosk = { base: server.base, auth: k.auth, config: k.config };
    });
    after(async () => server?.close());

    it('shows today\'s advisors, the parts kids love, approved drawings and the QR; updates live; no personal data', async () => {
      const shown = await sendVisit(kiosk, { nickname: 'Secret', idea: sampleDrawing() });
      await moderate(server.tdb.db, shown.id, { moderation: 'approved' });
      const noGallery = await sendVisit(kiosk, { consent: { gallery: false, voice: false, nickname: true, textVersion: kiosk.config.consent.textVersion }, idea: sampleDrawing() });
      await moderate(server.tdb.db, noGallery.id, { moderation: 'approved' });
      await sendVisit(kiosk, { idea: sampleDrawing() }); // pending: not shown
      const ctx = await browser.newContext({ viewport: TV });
      const page = await ctx.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
      await page.goto(`${server.base}/wall/demo`);
      await page.locator('.wall[data-connection="open"]').waitFor();
      await waitForCount(page, 3, 5_000);
      assert.ok((await page.locator('.bar').count()) >= 3, 'bars of loved parts');
      await page.locator('.slide svg path').first().waitFor();
      assert.equal(await page.locator('.slide-dots').count(), 0, 'exactly one drawing qualifies (approved and consented)');
      assert.ok(await page.locator('.wall-qr path').count());
      const text = await page.locator('body').innerText();
      assert.ok(!text.includes('Secret') && !text.includes('Mimi'), 'no nicknames on the wall');
      // Contrast is measured on the settled page, not halfway through a slide's fade-in.
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 5_000 }).catch(() => undefined);
      const violations = await axeViolations(page);
      assert.deepEqual(violations.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 2).join(', ')}`), []);

      const took = await Promise.all([waitForCount(page, 4, 2_000), sendVisit(kiosk, { ratings: kiosk.config.products[0]!.parts.slice(0, 3).map((p) => ({ partId: p.id, face: 5 as const })) })]);
      assert.ok(took[0] < 2_000);
      await page.waitForTimeout(1_000); // let the bars settle for the picture
      await page.screenshot({ path: `${SHOTS}/1920x1080-wall.png` });
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    it('answers an unknown showroom with a friendly page', async () => {
      const res = await fetch(`${server.base}/wall/no-such-place`);
      assert.equal(res.status, 404);
      assert.match(res.headers.get('content-type')!, /text\/html/);
    });
  });

  describe('two instances on one PostgreSQL', { skip: TEST_PG_URL ? false : 'TEST_DATABASE_URL is not set' }, () => {
    const cleanups: Array<() => Promise<void> | void> = [];
    after(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('a visit sent to the first appears on a wall served by the second within 2 s; after the second is killed and restarted the wall reconnects by itself', async () => {
      const url = await createPgDatabase();
      cleanups.push(() => dropPgDatabase(url));
      const env = { DATABASE_URL: url };
      const first: ServerProcess = await spawnServer(env);
      cleanups.push(() => void first.child.kill('SIGKILL'));
      let second: ServerProcess = await spawnServer(env);
      cleanups.push(() => void second.child.kill('SIGKILL'));
      const port = new URL(second.base).port;
      const kiosk = await pairWithCode(first.base, first.pairingCode!);

      const ctx = await browser.newContext({ viewport: TV });
      const page = await ctx.newPage();
      await page.goto(`${second.base}/wall/demo`);
      await page.locator('.wall[data-connection="open"]').waitFor();
      await waitForCount(page, 0, 5_000);

      const [took] = await Promise.all([waitForCount(page, 1, 2_000), sendVisit(kiosk)]);
      assert.ok(took < 2_000, `the wall on the second instance updated in ${took} ms`);

      second.child.kill('SIGKILL');
      await second.exited;
      await page.locator('.wall[data-connection="offline"]').waitFor({ timeout: 5_000 });
      assert.equal(await page.locator('.wall-status').isVisible(), true, 'the wall says it is reconnecting');
      await sendVisit(kiosk); // stored while the wall's server is down: the wall catches up on reconnect

      second = await spawnServer({ ...env, PORT: port });
      cleanups.push(() => void second.child.kill('SIGKILL'));
      await page.locator('.wall[data-connection="open"]').waitFor({ timeout: 20_000 });
      await waitForCount(page, 2, 5_000);
      const [again] = await Promise.all([waitForCount(page, 3, 2_000), sendVisit(kiosk)]);
      assert.ok(again < 2_000, `after the restart the wall updated in ${again} ms`);
      assert.equal(await wallCount(page), 3);
      await ctx.close();
    });
  });
});
