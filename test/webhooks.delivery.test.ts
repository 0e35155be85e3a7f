import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { demoCatalog } from '../src/db/seed/demo-catalog.ts';
import { seedCatalog } from '../src/db/seed/seed-catalog.ts';
import { createServer } from '../src/server/boot.ts';
import { loadConfig } from '../src/server/config.ts';
import { WebhookWorker } from '../src/server/webhooks/worker.ts';
import { createPgDatabase, dropPgDatabase, testEngines } from './helpers/engines.ts';
import { api, pairKiosk, startTestServer, type PairedKiosk, type TestServer } from './helpers/server.ts';
import { staffClient, type StaffClient } from './helpers/staff.ts';
import { makeVisit } from './helpers/visits.ts';
import { startReceiver, verifySignature } from './helpers/webhook-receiver.ts';

const HOUR = 3600_000;
const SHOWROOM = '00000000-0000-4000-8000-0000000000aa';

/** A clock the test moves by hand: retries and the 24 h pause without waiting. */
function clock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms: number) => void (offset += ms), seconds: () => Math.floor((Date.now() + offset) / 1000) };
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const pending = async (db: Database, event?: string) =>
  Number((await db.query<{ n: number }>(`select count(*)::int as n from webhook_deliveries where status = 'pending' and ($1::text is null or event = $1)`, [event ?? null])).rows[0]!.n);

for (const engine of testEngines()) {
  describe(`webhook deliveries (${engine})`, () => {
    let server: TestServer;
    let admin: StaffClient;
    let kiosk: PairedKiosk;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let secret: string;
    let endpointId: string;
    const c = clock();
    let worker: WebhookWorker;

    before(async () => {
      server = await startTestServer(engine, { WEBHOOK_ALLOW_PRIVATE: '1' });
      admin = await staffClient(server, 'admin');
      kiosk = await pairKiosk(server);
      receiver = await startReceiver();
      worker = new WebhookWorker(server.tdb.db, { allowPrivate: true, timeoutMs: 5000, now: c.now });
      // A name, not an address: the delivery goes through the vetting lookup hook.
      const r = await admin.call('POST', '/webhooks', { url: `http://localhost:${receiver.port}/hook`, events: ['idea.created', 'idea.approved', 'idea.status_changed', 'visit.stored'], description: 'team tracker' });
      assert.equal(r.status, 201, r.text);
      secret = r.json.secret;
      endpointId = r.json.endpoint.id;
      assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);
    });
    after(async () => {
      await receiver?.close();
      await server?.close();
    });

    it('delivers visit.stored (counts only) and idea.created (no text) signed, with a de-duplication id', async () => {
      const visit = makeVisit(kiosk.config, { nickname: 'Mimi', idea: { kind: 'text', text: 'a secret slide for my cat' } });
      const stored = await api(server, 'POST', '/visits', { body: visit, headers: kiosk.auth });
      assert.equal(stored.status, 201);
      // The replay is answered 200 and queues nothing more.
      assert.equal((await api(server, 'POST', '/visits', { body: visit, headers: kiosk.auth })).status, 200);
      await waitFor('two queued deliveries', async () => (await pending(server.tdb.db)) === 2);
      assert.equal(await worker.runOnce(), 2);
      assert.equal(await pending(server.tdb.db), 0);

      const byEvent = new Map(receiver.received.map((r) => [r.json.event, r]));
      const vs = byEvent.get('visit.stored')!;
      const ic = byEvent.get('idea.created')!;
      for (const r of [vs, ic]) {
        assert.ok(verifySignature(secret, r.headers['x-little-advisors-signature'] as string, r.body, 300, c.seconds()), 'signature verifies');
        assert.equal(verifySignature('whsec_wrong', r.headers['x-little-advisors-signature'] as string, r.body, 300, c.seconds()), false);
        assert.equal(r.headers['x-little-advisors-delivery'], r.json.id);
        assert.equal(r.headers['x-little-advisors-event'], r.json.event);
        // Privacy: nothing a family could be found by, no answers, no text before approval.
        for (const secretBit of [stored.json.ticket, 'Mimi', 'secret slide', visit.ratings[0]!.partId]) assert.ok(!r.body.includes(secretBit), `${r.json.event} leaks ${secretBit}`);
      }
      assert.deepEqual(
        { ratings: vs.json.data.ratings, choices: vs.json.data.choices, favourites: vs.json.data.favourites, withIdea: vs.json.data.withIdea },
        { ratings: visit.ratings.length, choices: visit.choices.length, favourites: visit.favourites.length, withIdea: true },
      );
      assert.equal(ic.json.data.kind, 'text');
      assert.equal(ic.json.data.text, undefined);
      assert.equal(vs.json.data.names.showroom.en.length > 0, true);
    });

    it('sends idea.approved with the text and idea.status_changed on moderation (single and bulk)', async () => {
      receiver.received.length = 0;
      const visit = makeVisit(kiosk.config, { idea: { kind: 'text', text: 'rainbow wheels please' } });
      assert.equal((await api(server, 'POST', '/visits', { body: visit, headers: kiosk.auth })).status, 201);
      const ideaId = await waitFor('the idea', async () => (await server.tdb.db.query<{ id: string }>('select id from ideas where visit_id = $1', [visit.id])).rows[0]?.id);
      await waitFor('queued', async () => (await pending(server.tdb.db, 'idea.created')) === 1);
      assert.equal((await admin.call('PATCH', `/ideas/${ideaId}`, { status: 'planned' })).status, 200);
      await waitFor('status change queued', async () => (await pending(server.tdb.db, 'idea.status_changed')) === 1);
      assert.equal((await admin.call('POST', '/ideas/bulk', { ids: [ideaId], moderation: 'approved' })).status, 200);
      await waitFor('approval queued', async () => (await pending(server.tdb.db, 'idea.approved')) === 1);
      // Approving again is no new approval.
      assert.equal((await admin.call('PATCH', `/ideas/${ideaId}`, { moderation: 'approved' })).status, 200);
      await worker.runOnce();
      const events = receiver.received.map((r) => r.json.event).sort();
      assert.deepEqual(events, ['idea.approved', 'idea.created', 'idea.status_changed', 'visit.stored']);
      const approved = receiver.received.find((r) => r.json.event === 'idea.approved')!;
      assert.equal(approved.json.data.text, 'rainbow wheels please');
      assert.equal(approved.json.data.ideaId, ideaId);
      const changed = receiver.received.find((r) => r.json.event === 'idea.status_changed')!;
      assert.deepEqual([changed.json.data.from, changed.json.data.to], ['new', 'planned']);
      assert.ok(!changed.body.includes('rainbow'), 'status changes carry no text');
    });

    it('two workers (instances) on one database deliver each delivery once', async () => {
      receiver.received.length = 0;
      for (let i = 0; i < 6; i++) {
        server.ctx.events.emit('visit.stored', { showroomId: SHOWROOM, productId: SHOWROOM, ratings: i, choices: 0, favourites: 0, withIdea: false, at: new Date().toISOString() });
      }
      await waitFor('six queued', async () => (await pending(server.tdb.db, 'visit.stored')) === 6);
      const other = new WebhookWorker(server.tdb.db, { allowPrivate: true, timeoutMs: 5000, now: c.now });
      const [a, b] = await Promise.all([worker.runOnce(), other.runOnce()]);
      assert.equal(a + b, 6);
      assert.equal(receiver.received.length, 6);
      assert.equal(new Set(receiver.received.map((r) => r.json.id)).size, 6);
    });

    it('the background worker (as the server runs it) is woken by new events', async () => {
      receiver.received.length = 0;
      await server.ctx.webhooks.start();
      try {
        server.ctx.events.emit('visit.stored', { showroomId: SHOWROOM, productId: SHOWROOM, ratings: 1, choices: 1, favourites: 1, withIdea: false, at: new Date().toISOString() });
        await waitFor('the background delivery', async () => receiver.received.length === 1);
        assert.equal(receiver.received[0]!.json.event, 'visit.stored');
      } finally {
        await server.ctx.webhooks.stop();
      }
    });

    it('retries a receiver that fails, then recovers: same id, attempts > 1', async () => {
      receiver.received.length = 0;
      receiver.failNext(2);
      server.ctx.events.emit('kiosk.stale', { deviceId: kiosk.deviceId, deviceName: 'test tablet', showroomId: SHOWROOM, lastSeenAt: null, at: new Date().toISOString() });
      // Not subscribed to kiosk.stale: nothing queued. Subscribe and emit again.
      assert.equal((await admin.call('PATCH', `/webhooks/${endpointId}`, { events: ['kiosk.stale'] })).status, 200);
      server.ctx.events.emit('kiosk.stale', { deviceId: kiosk.deviceId, deviceName: 'test tablet', showroomId: SHOWROOM, lastSeenAt: null, at: new Date().toISOString() });
      await waitFor('queued', async () => (await pending(server.tdb.db, 'kiosk.stale')) === 1);
      await worker.runOnce();
      assert.equal(await worker.runOnce(), 0, 'not due again before its backoff');
      c.advance(HOUR);
      await worker.runOnce();
      c.advance(HOUR);
      await worker.runOnce();
      assert.equal(receiver.received.length, 3);
      assert.equal(new Set(receiver.received.map((r) => r.headers['x-little-advisors-delivery'])).size, 1, 'one id across retries');
      assert.equal(new Set(receiver.received.map((r) => r.body)).size, 1, 'the same body every time');
      const log = await admin.call('GET', `/webhooks/${endpointId}/deliveries`);
      const d = log.json.items.find((x: { event: string }) => x.event === 'kiosk.stale');
      assert.deepEqual([d.status, d.attempts, d.responseStatus], ['delivered', 3, 200]);
      const ep = (await admin.call('GET', '/webhooks')).json[0];
      assert.equal(ep.failingSince, null);
      assert.equal(ep.pausedAt, null);
    });

    it('pauses an endpoint failing for 24 h, queues nothing for it, and resumes', async () => {
      receiver.received.length = 0;
      receiver.answer(500);
      server.ctx.events.emit('kiosk.stale', { deviceId: kiosk.deviceId, deviceName: 'test tablet', showroomId: SHOWROOM, lastSeenAt: null, at: c.now().toISOString() });
      await waitFor('queued', async () => (await pending(server.tdb.db, 'kiosk.stale')) === 1);
      // Queued at the real time; the test clock is ahead of it: start the delivery's day on the test clock.
      await server.tdb.db.query(`update webhook_deliveries set created_at = $1, next_attempt_at = $1 where status = 'pending'`, [c.now().toISOString()]);
      for (let i = 0; i < 40 && (await pending(server.tdb.db)) > 0; i++) {
        await worker.runOnce();
        c.advance(2 * HOUR);
      }
      assert.ok(receiver.received.length > 5, `retried for a day (${receiver.received.length} attempts)`);
      const ep = (await admin.call('GET', '/webhooks')).json[0];
      assert.ok(ep.pausedAt, 'paused');
      const d = (await admin.call('GET', `/webhooks/${endpointId}/deliveries`)).json.items[0];
      assert.equal(d.status, 'failed');
      server.ctx.events.emit('kiosk.stale', { deviceId: kiosk.deviceId, deviceName: 'test tablet', showroomId: SHOWROOM, lastSeenAt: null, at: c.now().toISOString() });
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(await pending(server.tdb.db), 0, 'nothing queued for a paused endpoint');
      receiver.answer(null);
      const resumed = await admin.call('POST', `/webhooks/${endpointId}/resume`);
      assert.equal(resumed.status, 200);
      assert.equal(resumed.json.endpoint.pausedAt, null);
      const audit = await admin.call('GET', '/audit');
      assert.ok(audit.json.some((a: { action: string }) => a.action === 'webhook.resumed'));
    });

    it('does not follow redirects and keeps only a short excerpt of the answer', async () => {
      receiver.answer(302);
      const t = await admin.call('POST', `/webhooks/${endpointId}/test`);
      receiver.answer(null);
      assert.equal(t.status, 200);
      assert.equal(t.json.status, 'failed');
      assert.equal(t.json.responseStatus, 302);
      assert.match(t.json.error, /redirect/);
      assert.ok(t.json.responseExcerpt.length <= 200);
    });
  });

  describe(`webhook queue across a restart (${engine})`, () => {
    it('delivers after the server restarts on the same database', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'la-webhooks-'));
      const url = engine === 'postgres' ? await createPgDatabase() : null;
      const open = () => (url ? openPostgres(url, 5) : openPglite(join(dir, 'data')));
      const receiver = await startReceiver({ failFirst: 1 });
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', WEBHOOK_ALLOW_PRIVATE: '1', DATA_DIR: dir, REQUESTS_PER_MINUTE: '100000' });
      const c = clock();
      try {
        let db = await open();
        await migrate(db);
        await seedCatalog(db, demoCatalog);
        let { app, ctx } = await createServer(db, config, { logger: false });
        await app.listen({ port: 0, host: '127.0.0.1' });
        const server = { app, ctx, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, tdb: { db, drop: async () => {} } } as TestServer;
        const admin = await staffClient(server, 'admin');
        const created = await admin.call('POST', '/webhooks', { url: receiver.url, events: ['kiosk.stale'], preset: 'generic' });
        assert.equal(created.status, 201);
        ctx.events.emit('kiosk.stale', { deviceId: '00000000-0000-4000-8000-000000000001', deviceName: 'front desk', showroomId: '00000000-0000-4000-8000-000000000002', lastSeenAt: null, at: new Date().toISOString() });
        await waitFor('queued', async () => (await pending(db)) === 1);
        const w1 = new WebhookWorker(db, { allowPrivate: true, timeoutMs: 5000, now: c.now });
        await w1.runOnce();
        assert.equal(receiver.received.length, 1);
        await w1.stop();
        await app.close();
        await db.close();

        db = await open();
        ({ app, ctx } = await createServer(db, config, { logger: false }));
        assert.equal(await pending(db), 1, 'the failed delivery survived the restart');
        c.advance(HOUR);
        const w2 = new WebhookWorker(db, { allowPrivate: true, timeoutMs: 5000, now: c.now });
        await w2.runOnce();
        assert.equal(receiver.received.length, 2);
        assert.equal(receiver.received[0]!.json.id, receiver.received[1]!.json.id);
        const row = (await db.query<{ status: string; attempts: number }>('select status, attempts from webhook_deliveries')).rows[0]!;
        assert.deepEqual(row, { status: 'delivered', attempts: 2 });
        assert.ok(verifySignature(created.json.secret, receiver.received[1]!.headers['x-little-advisors-signature'] as string, receiver.received[1]!.body, 300, c.seconds()));
        await app.close();
        await db.close();
      } finally {
        await receiver.close();
        if (url) await dropPgDatabase(url);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
