import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { issuePairingCode } from '../src/server/services/setup.service.ts';
import { startTestServer, type TestServer } from '../test/helpers/server.ts';
import { axeViolations, launchBrowser, tabletContext } from './browser.ts';
import { completeVisit, KioskDriver } from './kiosk-driver.ts';

const SHOTS = process.env.SCREENSHOT_DIR || 'test-results/screens';

async function waitFor<T>(fn: () => Promise<T | null | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('kiosk: the whole kid flow in Chromium', () => {
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

  const sizes = [
    { width: 1280, height: 800 },
    { width: 768, height: 1024 },
  ];
  for (const locale of ['en', 'zh-CN'] as const) {
    for (const size of sizes) {
      it(`${locale} at ${size.width}×${size.height}: a child finishes, the visit reaches the server, the ticket resolves`, async () => {
        const dir = `${SHOTS}/${locale}-${size.width}x${size.height}`;
        mkdirSync(dir, { recursive: true });
        const ctx = await tabletContext(browser, size);
        const page = await ctx.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        const d = new KioskDriver(page, async (name) => void (await page.screenshot({ path: `${dir}/${name}.png` })));
        const { code } = await issuePairingCode(server.tdb.db, 'demo');
        await d.pair(server.base, code.replace('-', ''));
        await d.shot('01-attract');
        const violations: string[] = [];
        const ticket = await completeVisit(d, {
          locale,
          age: '7-9',
          nickname: 'Xiao Ming',
          gallery: true,
          idea: size.width === 1280 ? 'draw' : 'none',
          axe: async (screen) => {
            for (const v of await axeViolations(page)) violations.push(`${screen}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).join(', ')}`);
          },
        });
        assert.deepEqual(violations, [], 'axe: no serious or critical violations');
        assert.ok(ticket, 'the certificate shows a ticket');
        assert.match(ticket!, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);

        const view = await waitFor(async () => {
          const r = await fetch(`${server.base}/api/v1/tickets/${ticket}`);
          return r.status === 200 ? ((await r.json()) as { ratings: unknown[]; locale: string; nickname: string | null; favourites: unknown[]; choices: unknown[]; again: string; idea: { kind: string } | null }) : null;
        });
        assert.equal(view.locale, locale);
        assert.equal(view.ratings.length, 4);
        assert.equal(view.favourites.length, 3);
        assert.equal(view.choices.length, 3);
        assert.equal(view.again, 'yes');
        assert.equal(view.nickname, 'Xiao Ming');
        if (size.width === 1280) assert.equal(view.idea?.kind, 'drawing');
        // The kiosk timed every answer from its screen appearing (issue 9: answer quality).
        const times = await server.tdb.db.query<{ ms: number | null; kind: string }>(
          `select r.ms, 'rating' as kind from ratings r join visits v on v.id = r.visit_id where v.locale = $1 and v.nickname = 'Xiao Ming'
           union all select c.ms, 'choice' from choices c join visits v on v.id = c.visit_id where v.locale = $1 and v.nickname = 'Xiao Ming'
           union all select f.ms, 'favourite' from favourites f join visits v on v.id = f.visit_id where v.locale = $1 and v.nickname = 'Xiao Ming'`,
          [locale],
        );
        assert.ok(times.rows.length >= 10, `answers stored: ${times.rows.length}`);
        for (const r of times.rows) assert.ok(r.ms !== null && r.ms >= 0 && r.ms <= 600_000, `${r.kind} time ${r.ms}`);
        const family = await ctx.newPage();
        assert.equal((await family.goto(`${server.base}/api/v1/tickets/${ticket!.toLowerCase()}`))!.status(), 200);

        await page.locator('.thanks-actions .primary').click();
        await page.locator('.attract').waitFor();
        assert.equal(await page.locator('.ticket-code').count(), 0, 'nothing of the last child is left');
        assert.deepEqual(errors, []);
        await ctx.close();
      });
    }
  }
});
