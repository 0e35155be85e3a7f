/**
 * The dashboard's kiosk list in Chromium (issue 11, kiosk fleet): last seen, version and an
 * update waiting, pending uploads, storage, stale kiosks; both languages, axe-clean, and the
 * screenshots in docs/screenshots.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { createStaffUser, issuePairingCode } from '../src/server/services/setup.service.ts';
import { sweepStaleKiosks } from '../src/server/services/fleet.service.ts';
import { api, startTestServer, type TestServer } from '../test/helpers/server.ts';
import { axeViolations, launchBrowser } from './browser.ts';

const SHOTS = 'docs/screenshots';
const DESKTOP = { width: 1440, height: 900 };
const PASSWORD = 'a long enough password';

describe('dashboard kiosk list (fleet) in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('pglite', { KIOSK_STALE_MINUTES: '120' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function kiosk(name: string, headers: Record<string, string>): Promise<string> {
    const { code } = await issuePairingCode(server.tdb.db, 'demo');
    const r = await api(server, 'POST', '/devices/pair', { body: { code, name } });
    assert.equal(r.status, 201);
    assert.equal((await api(server, 'GET', '/kiosk/config', { headers: { authorization: `Bearer ${r.json.token}`, ...headers } })).status, 200);
    return r.json.deviceId;
  }

  it('shows last seen, version (update waiting), pending, storage and stale kiosks, in en and zh-CN', async () => {
    server.ctx.fleet.setKioskVersion('0.2.0+5e1ec7ed');
    await kiosk('Front desk', { 'x-kiosk-version': '0.2.0+5e1ec7ed', 'x-kiosk-pending': '0', 'x-kiosk-storage': 'used=18874368; quota=2147483648; persisted=1' });
    await kiosk('Lounge', { 'x-kiosk-version': '0.1.0+0ld0b11d', 'x-kiosk-pending': '3', 'x-kiosk-storage': 'used=5242880; quota=1073741824; persisted=0' });
    const sleepy = await kiosk('Window', { 'x-kiosk-version': '0.2.0+5e1ec7ed', 'x-kiosk-pending': '7', 'x-kiosk-storage': 'used=73400320; quota=2147483648; persisted=1' });
    await server.tdb.db.query(`update devices set last_seen_at = now() - interval '3 hours' where id = $1`, [sleepy]);
    assert.deepEqual(await sweepStaleKiosks(server.tdb.db, server.ctx.fleet, server.ctx.events), [sleepy]);

    const email = 'fleet.admin@example.com';
    await createStaffUser(server.tdb.db, { email, password: PASSWORD, role: 'admin' });
    for (const locale of ['en', 'zh-CN'] as const) {
      const c = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 });
      await c.addInitScript((l) => localStorage.setItem('la-admin-locale', l), locale);
      const p = await c.newPage();
      const problems: string[] = [];
      p.on('pageerror', (e) => problems.push(e.message));
      await p.goto(`${server.base}/admin/`);
      await p.locator('input[type="email"]').fill(email);
      await p.locator('input[type="password"]').fill(PASSWORD);
      await p.locator('button[type="submit"]').click();
      await p.locator('.shell').waitFor();
      await p.goto(`${server.base}/admin/#/showrooms`);
      const demo = p.locator('section.showroom[data-slug="demo"]');
      await demo.locator('table.devices tbody tr').nth(2).waitFor();

      const stale = demo.locator('tr[data-stale="true"]');
      assert.equal(await stale.count(), 1);
      assert.match(await stale.locator('th').innerText(), /Window/);
      assert.match(await stale.innerText(), locale === 'en' ? /Stale[\s\S]*2 hours/ : /失联[\s\S]*2 小时/);
      const behind = demo.locator('[data-behind="true"]');
      assert.equal(await behind.count(), 1);
      assert.match(await behind.innerText(), locale === 'en' ? /Update waiting[\s\S]*0\.2\.0\+5e1ec7ed/ : /待更新/);
      const lounge = demo.locator('tr', { hasText: 'Lounge' });
      assert.match(await lounge.innerText(), locale === 'en' ? /5 MB of 1 GB[\s\S]*may be cleared/ : /已用 5 MB \/ 共 1 GB[\s\S]*可能被清除/);
      assert.match(await demo.locator('tr', { hasText: 'Front desk' }).innerText(), locale === 'en' ? /18 MB of 2 GB[\s\S]*kept/ : /持久保存/);

      await p.waitForLoadState('networkidle');
      const v = await axeViolations(p);
      assert.deepEqual(v.map((x) => `${locale}: ${x.id} ${x.help} — ${x.nodes.slice(0, 3).join(', ')}`), []);
      await demo.screenshot({ path: `${SHOTS}/admin-kiosk-fleet-${locale}.png` });
      assert.deepEqual(problems, []);
      await c.close();
    }
    server.ctx.fleet.setKioskVersion(undefined);
  });
});
