import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deviceTokenHash } from '../src/server/auth/device-auth.ts';
import { DeviceAuthCache, deviceAuthCache, notifyDeviceChanged } from '../src/server/auth/device-cache.ts';
import { testEngines } from './helpers/engines.ts';
import { api, pairKiosk, startTestServer, type TestServer } from './helpers/server.ts';
import { staffClient, type StaffClient } from './helpers/staff.ts';
import { makeVisit } from './helpers/visits.ts';

/**
 * Kiosk authentication is cached for a few seconds (token hash → device) and dropped at once,
 * through the `device_changed` notice, when an admin revokes or renames a kiosk or renames its
 * showroom. (Two instances on one PostgreSQL: test/multi-instance.test.ts.)
 */
for (const engine of testEngines()) {
  describe(`cached kiosk authentication on ${engine}`, () => {
    let server: TestServer;
    let admin: StaffClient;
    before(async () => {
      server = await startTestServer(engine);
      admin = await staffClient(server, 'admin');
    });
    after(async () => server?.close());

    it('answers repeated requests from memory, and refuses a kiosk revoked through the admin API on its very next request', async () => {
      const kiosk = await pairKiosk(server);
      const cache = deviceAuthCache(server.ctx.db);
      for (let i = 0; i < 3; i++) assert.equal((await api(server, 'GET', '/kiosk/config', { headers: kiosk.auth })).status, 200);
      const hits = cache.hits;
      const misses = cache.misses;
      const sent = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: makeVisit(kiosk.config) });
      assert.equal(sent.status, 201, sent.text);
      assert.equal(cache.hits, hits + 1, 'the visit was authenticated from the cache');
      assert.equal(cache.misses, misses, 'without a database look-up');

      const r = await admin.call('POST', `/devices/${kiosk.deviceId}/revoke`);
      assert.equal(r.status, 200, r.text);
      const next = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: makeVisit(kiosk.config) });
      assert.equal(next.status, 401, 'the very next request is refused');
      assert.equal(next.json.error.code, 'unauthorized');
      assert.equal((await api(server, 'GET', '/kiosk/config', { headers: kiosk.auth })).status, 401);
      const stored = await server.tdb.db.query<{ n: number }>('select count(*)::int as n from visits where device_id = $1', [kiosk.deviceId]);
      assert.equal(stored.rows[0]!.n, 1, 'only the visit sent before the revocation was stored');
    });

    it('another kiosk keeps working, and an unknown token is never cached', async () => {
      const one = await pairKiosk(server);
      const two = await pairKiosk(server);
      assert.equal((await api(server, 'GET', '/kiosk/config', { headers: two.auth })).status, 200);
      assert.equal((await admin.call('POST', `/devices/${one.deviceId}/revoke`)).status, 200);
      assert.equal((await api(server, 'GET', '/kiosk/config', { headers: one.auth })).status, 401);
      assert.equal((await api(server, 'GET', '/kiosk/config', { headers: two.auth })).status, 200, 'the other kiosk is not affected');
      const bogus = { authorization: `Bearer ${'x'.repeat(43)}` };
      const cache = deviceAuthCache(server.ctx.db);
      const misses = cache.misses;
      assert.equal((await api(server, 'GET', '/kiosk/config', { headers: bogus })).status, 401);
      assert.equal((await api(server, 'GET', '/kiosk/config', { headers: bogus })).status, 401);
      assert.equal(cache.misses, misses + 2, 'each request with an unknown token asks the database');
    });

    it('the notice alone drops the entry (as when another instance revoked the kiosk)', async () => {
      const kiosk = await pairKiosk(server);
      const cache = deviceAuthCache(server.ctx.db);
      const hash = deviceTokenHash(kiosk.token);
      assert.ok(await cache.find(hash));
      // Revoked in the database with the notice, but not through this process's cache: only the notice can drop it.
      const echo = cache.echoOf(kiosk.deviceId);
      await server.tdb.db.transaction(async (tx) => {
        await tx.query('update devices set revoked_at = now() where id = $1', [kiosk.deviceId]);
        await notifyDeviceChanged(tx, kiosk.deviceId);
      });
      assert.equal(await echo.promise, true, 'the notice arrived');
      assert.equal(await cache.find(hash), null);
    });

    it('without a notice (a change made in plain SQL), the entry lives only for its TTL', async () => {
      const kiosk = await pairKiosk(server);
      const short = new DeviceAuthCache(server.ctx.db, 200);
      after(() => short.close());
      const hash = deviceTokenHash(kiosk.token);
      assert.equal((await short.find(hash))?.id, kiosk.deviceId);
      await server.tdb.db.query('update devices set revoked_at = now() where id = $1', [kiosk.deviceId]);
      assert.equal((await short.find(hash))?.id, kiosk.deviceId, 'still cached: nothing announced the change');
      await new Promise((r) => setTimeout(r, 250));
      assert.equal(await short.find(hash), null, 'looked up again after the TTL');
    });

    it('renaming the showroom reaches a cached kiosk at once', async () => {
      const kiosk = await pairKiosk(server);
      const cfg = async () => (await api(server, 'GET', '/kiosk/config', { headers: kiosk.auth })).json;
      const before = await cfg();
      await cfg();
      const showroomId = (await server.tdb.db.query<{ id: string }>(`select id from showrooms where slug = 'demo'`)).rows[0]!.id;
      const r = await admin.call('PATCH', `/showrooms/${showroomId}`, { nameEn: 'Renamed showroom' });
      assert.equal(r.status, 200, r.text);
      const after = await cfg();
      assert.notEqual(JSON.stringify(before), JSON.stringify(after));
      assert.match(JSON.stringify(after), /Renamed showroom/);
    });
  });
}
