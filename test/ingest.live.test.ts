/**
 * Ingest without a NOTIFY per visit (issue 10, migration 015): a visit is in insight as soon as
 * its 201 is sent (the love map read right after counts it), and the live notice that walls
 * follow still comes, folded to one per showroom per short window, after the commit.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ANNOUNCE_WINDOW_MS, VISIT_STORED_CHANNEL } from '../src/db/repositories/visits.repository.ts';
import { testEngines } from './helpers/engines.ts';
import { pairKiosk, startTestServer, type TestServer } from './helpers/server.ts';
import { staffClient, type StaffClient } from './helpers/staff.ts';
import { sendVisit, type Kiosk } from './public.helpers.ts';

for (const engine of testEngines()) {
  describe(`visit ingest and its live notice on ${engine}`, () => {
    let server: TestServer;
    let kiosk: Kiosk;
    let analyst: StaffClient;
    before(async () => {
      server = await startTestServer(engine);
      const k = await pairKiosk(server);
      kiosk = { base: server.base, auth: k.auth, config: k.config };
      analyst = await staffClient(server, 'analyst');
    });
    after(async () => server?.close());

    it('the love map read right after a 201 counts the visit, every time', async () => {
      const product = kiosk.config.products[0]!;
      const part = product.parts[0]!;
      const loves = async () => {
        const r = await analyst.call('GET', `/insight/love-map?productId=${product.id}`);
        assert.equal(r.status, 200, r.text);
        return { visits: r.json.visits as number, fives: r.json.parts.find((p: { key: string }) => p.key === part.key).faces[4] as number };
      };
      let was = await loves();
      for (let i = 0; i < 5; i++) {
        await sendVisit(kiosk, { productId: product.id, ratings: [{ partId: part.id, face: 5 }], favourites: [], choices: [] });
        const now = await loves();
        assert.deepEqual(now, { visits: was.visits + 1, fives: was.fives + 1 }, `visit ${i + 1} is in the love map at once`);
        was = now;
      }
    });

    it('a burst of visits of one showroom gives fewer notices than visits, one of them after the newest visit', async () => {
      const showroomIds: string[] = [];
      const at: number[] = [];
      const unlisten = await server.tdb.db.listen(VISIT_STORED_CHANNEL, (payload) => {
        showroomIds.push((JSON.parse(payload) as { showroomId: string }).showroomId);
        at.push(Date.now());
      });
      try {
        const [{ id: demo }] = (await server.tdb.db.query<{ id: string }>(`select id from showrooms where slug = 'demo'`)).rows as [{ id: string }];
        const burst = 20;
        await Promise.all(Array.from({ length: burst }, () => sendVisit(kiosk)));
        // The newest of these visits began its transaction at received_at; a notice must come after it.
        const [{ last }] = (await server.tdb.db.query<{ last: Date }>('select max(received_at) as last from visits')).rows as [{ last: Date }];
        const lastStored = new Date(last).getTime();
        const deadline = Date.now() + 1_000;
        while (Date.now() < deadline && !(at.length && at[at.length - 1]! >= lastStored)) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 3 * ANNOUNCE_WINDOW_MS));
        assert.ok(showroomIds.length >= 1, 'at least one notice');
        assert.ok(showroomIds.every((s) => s === demo), 'notices name the showroom');
        assert.ok(showroomIds.length < burst, `${showroomIds.length} notices for ${burst} visits: folded`);
        assert.ok(at[at.length - 1]! >= lastStored, 'a notice follows the newest visit of the burst (within a second)');
      } finally {
        await unlisten();
      }
    });
  });
}
