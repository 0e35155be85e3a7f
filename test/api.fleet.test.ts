import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from '../src/server/boot.ts';
import { sweepStaleKiosks } from '../src/server/services/fleet.service.ts';
import { issuePairingCode } from '../src/server/services/setup.service.ts';
import { testEngines } from './helpers/engines.ts';
import { api, startTestServer, type TestServer } from './helpers/server.ts';
import { staffClient, type StaffClient } from './helpers/staff.ts';

const MINUTE = 60_000;

for (const engine of testEngines()) {
  describe(`kiosk fleet on ${engine}`, () => {
    let server: TestServer;
    let admin: StaffClient;
    before(async () => {
      server = await startTestServer(engine, { KIOSK_STALE_MINUTES: '30' });
      admin = await staffClient(server, 'admin');
    });
    after(async () => server?.close());

    /** Pairs a tablet without any authenticated request yet, so the first one is recorded (the touch is throttled to 30 s). */
    async function pairFresh(name: string): Promise<{ deviceId: string; auth: Record<string, string> }> {
      const { code } = await issuePairingCode(server.tdb.db, 'demo');
      const r = await api(server, 'POST', '/devices/pair', { body: { code, name } });
      assert.equal(r.status, 201, r.text);
      return { deviceId: r.json.deviceId, auth: { authorization: `Bearer ${r.json.token}` } };
    }

    async function deviceView(id: string) {
      const r = await admin.call('GET', '/showrooms');
      assert.equal(r.status, 200, r.text);
      const d = r.json.flatMap((s: { devices: unknown[] }) => s.devices).find((x: { id: string }) => x.id === id);
      assert.ok(d, `device ${id} is listed`);
      return d;
    }

    it('records version, pending uploads and storage from the headers and shows them in the admin showroom API', async () => {
      const k = await pairFresh('Front desk');
      server.ctx.fleet.setKioskVersion('0.2.0+cafe0001');
      const r = await api(server, 'GET', '/kiosk/config', {
        headers: { ...k.auth, 'x-kiosk-version': '0.1.0+beef0002', 'x-kiosk-pending': '4', 'x-kiosk-storage': 'used=1048576; quota=2147483648; persisted=1' },
      });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('x-kiosk-current'), '0.2.0+cafe0001', 'the kiosk learns the current build');
      const d = await deviceView(k.deviceId);
      assert.equal(d.appVersion, '0.1.0+beef0002');
      assert.equal(d.pendingCount, 4);
      assert.equal(d.storageUsedBytes, 1048576);
      assert.equal(d.storageQuotaBytes, 2147483648);
      assert.equal(d.storagePersisted, true);
      assert.equal(d.currentVersion, '0.2.0+cafe0001');
      assert.equal(d.behind, true);
      assert.equal(d.stale, false);
      assert.equal(d.staleNotifiedAt, null);
      // Existing fields stay.
      assert.equal(d.suspicious, false);
      assert.equal(d.suspiciousReason, null);
      server.ctx.fleet.setKioskVersion('0.1.0+beef0002');
      assert.equal((await deviceView(k.deviceId)).behind, false, 'a kiosk on the served build is not behind');
      server.ctx.fleet.setKioskVersion(undefined);
    });

    it('ignores bad header values (never a 5xx) and keeps the contact', async () => {
      const cases: Array<[Record<string, string>, { appVersion: string | null; pendingCount: number | null; storageUsedBytes: number | null; storageQuotaBytes: number | null; storagePersisted: boolean | null }]> = [
        [{ 'x-kiosk-version': 'v'.repeat(41), 'x-kiosk-pending': '-3', 'x-kiosk-storage': 'used=abc; quota=; persisted=yes' }, { appVersion: null, pendingCount: null, storageUsedBytes: null, storageQuotaBytes: null, storagePersisted: null }],
        [{ 'x-kiosk-pending': '99999999', 'x-kiosk-storage': 'used=9999999999999999999; quota=1' }, { appVersion: null, pendingCount: null, storageUsedBytes: null, storageQuotaBytes: 1, storagePersisted: null }],
        [{ 'x-kiosk-storage': 'used=500; quota=100; persisted=2' }, { appVersion: null, pendingCount: null, storageUsedBytes: null, storageQuotaBytes: null, storagePersisted: null }],
        [{ 'x-kiosk-storage': ';;;=;used==1;' + 'x'.repeat(200) }, { appVersion: null, pendingCount: null, storageUsedBytes: null, storageQuotaBytes: null, storagePersisted: null }],
        [{ 'x-kiosk-version': '\u00e9t\u00e9', 'x-kiosk-pending': '1e3', 'x-kiosk-storage': 'persisted=0;used=12' }, { appVersion: null, pendingCount: null, storageUsedBytes: 12, storageQuotaBytes: null, storagePersisted: false }],
      ];
      for (const [headers, expected] of cases) {
        const k = await pairFresh('Bad headers');
        const r = await api(server, 'GET', '/kiosk/config', { headers: { ...k.auth, ...headers } });
        assert.equal(r.status, 200, `${JSON.stringify(headers)} → ${r.status}`);
        const d = await deviceView(k.deviceId);
        assert.ok(d.lastSeenAt, 'the contact itself is recorded');
        const got = { appVersion: d.appVersion, pendingCount: d.pendingCount, storageUsedBytes: d.storageUsedBytes, storageQuotaBytes: d.storageQuotaBytes, storagePersisted: d.storagePersisted };
        assert.deepEqual(got, expected, JSON.stringify(headers));
      }
    });

    it('marks a kiosk stale after KIOSK_STALE_MINUTES, fires kiosk.stale once, not again after a restart, and again after a new episode', async () => {
      const k = await pairFresh('Sleepy');
      assert.equal((await api(server, 'GET', '/kiosk/config', { headers: k.auth })).status, 200);
      const fired: Array<{ deviceId: string; deviceName: string; lastSeenAt: string | null }> = [];
      const off = server.ctx.events.on('kiosk.stale', (p) => void fired.push(p));
      const firedFor = () => fired.filter((f) => f.deviceId === k.deviceId);
      const settle = () => new Promise((r) => setTimeout(r, 20)); // listeners run in a microtask
      try {
        // 29 minutes later: not yet.
        server.ctx.fleet.clock = () => new Date(Date.now() + 29 * MINUTE);
        assert.equal((await deviceView(k.deviceId)).stale, false);
        await sweepStaleKiosks(server.tdb.db, server.ctx.fleet, server.ctx.events);
        await settle();
        assert.equal(firedFor().length, 0);

        // 31 minutes later: stale, announced once however often the sweep runs.
        server.ctx.fleet.clock = () => new Date(Date.now() + 31 * MINUTE);
        assert.equal((await deviceView(k.deviceId)).stale, true);
        const swept = await sweepStaleKiosks(server.tdb.db, server.ctx.fleet, server.ctx.events);
        assert.ok(swept?.includes(k.deviceId));
        await sweepStaleKiosks(server.tdb.db, server.ctx.fleet, server.ctx.events);
        await settle();
        assert.equal(firedFor().length, 1);
        assert.equal(firedFor()[0]!.deviceName, 'Sleepy');
        assert.ok(firedFor()[0]!.lastSeenAt);
        assert.ok((await deviceView(k.deviceId)).staleNotifiedAt, 'recorded in the database');

        // A restart: a new server (fresh memory, fresh event bus) on the same database does not fire it again.
        const restarted = await createServer(server.tdb.db, server.ctx.config, { logger: false });
        try {
          const again: string[] = [];
          restarted.ctx.events.on('kiosk.stale', (p) => void again.push(p.deviceId));
          restarted.ctx.fleet.clock = () => new Date(Date.now() + 60 * MINUTE);
          await sweepStaleKiosks(server.tdb.db, restarted.ctx.fleet, restarted.ctx.events);
          await settle();
          assert.ok(!again.includes(k.deviceId), 'not re-fired after a restart');
        } finally {
          await restarted.app.close();
        }

        // Seen again: the episode ends (a fresh pairing-free request after the 30 s throttle is simulated by the repository).
        const { recordKioskReport } = await import('../src/db/repositories/fleet.repository.ts');
        await recordKioskReport(server.tdb.db, k.deviceId, { version: null, pending: 0, storageUsed: null, storageQuota: null, storagePersisted: null });
        server.ctx.fleet.clock = () => new Date();
        const back = await deviceView(k.deviceId);
        assert.equal(back.stale, false);
        assert.equal(back.staleNotifiedAt, null);

        // Silent again past the limit: a new episode, a new event.
        server.ctx.fleet.clock = () => new Date(Date.now() + 45 * MINUTE);
        await sweepStaleKiosks(server.tdb.db, server.ctx.fleet, server.ctx.events);
        await settle();
        assert.equal(firedFor().length, 2);
      } finally {
        off();
        server.ctx.fleet.clock = () => new Date();
      }
    });

    it('two instances sweeping at once announce a stale kiosk once', async () => {
      const k = await pairFresh('Twins');
      assert.equal((await api(server, 'GET', '/kiosk/config', { headers: k.auth })).status, 200);
      const other = await createServer(server.tdb.db, server.ctx.config, { logger: false });
      const fired: string[] = [];
      const offs = [server.ctx, other.ctx].map((c) => c.events.on('kiosk.stale', (p) => void fired.push(p.deviceId)));
      try {
        for (const c of [server.ctx, other.ctx]) c.fleet.clock = () => new Date(Date.now() + 90 * MINUTE);
        await Promise.all([
          sweepStaleKiosks(server.tdb.db, server.ctx.fleet, server.ctx.events),
          sweepStaleKiosks(server.tdb.db, other.ctx.fleet, other.ctx.events),
        ]);
        await new Promise((r) => setTimeout(r, 20));
        assert.equal(fired.filter((id) => id === k.deviceId).length, 1);
      } finally {
        for (const off of offs) off();
        server.ctx.fleet.clock = () => new Date();
        await other.app.close();
      }
    });

    it('a revoked kiosk is never stale', async () => {
      const k = await pairFresh('Gone');
      assert.equal((await api(server, 'GET', '/kiosk/config', { headers: k.auth })).status, 200);
      assert.equal((await admin.call('POST', `/devices/${k.deviceId}/revoke`)).status, 200);
      server.ctx.fleet.clock = () => new Date(Date.now() + 600 * MINUTE);
      try {
        assert.equal((await deviceView(k.deviceId)).stale, false);
        const swept = await sweepStaleKiosks(server.tdb.db, server.ctx.fleet, server.ctx.events);
        assert.ok(!swept?.includes(k.deviceId));
      } finally {
        server.ctx.fleet.clock = () => new Date();
      }
    });

    it('reads the current kiosk build from the served directory', async () => {
      const { mkdtempSync, writeFileSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { FleetService } = await import('../src/server/services/fleet.service.ts');
      const dir = mkdtempSync(`${tmpdir()}/kiosk-dist-`);
      const fleet = new FleetService(120, dir);
      assert.equal(fleet.kioskVersion(), null, 'no build: no version, nobody is behind');
      assert.equal(fleet.isBehind('0.1.0'), false);
      writeFileSync(`${dir}/version.json`, JSON.stringify({ version: '9.9.9+00000000' }));
      const fresh = new FleetService(120, dir);
      assert.equal(fresh.kioskVersion(), '9.9.9+00000000');
      assert.equal(fresh.isBehind('0.1.0+11111111'), true);
    });
  });
}
