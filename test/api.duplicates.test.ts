import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FLOOD_MIN_SIZE } from '../src/core/near-duplicate/index.ts';
import { testEngines } from './helpers/engines.ts';
import { HONEST_DRAWINGS, HONEST_IDEAS, jitter } from './helpers/idea-corpus.ts';
import { api, pairKiosk, startTestServer, type PairedKiosk, type TestServer } from './helpers/server.ts';
import { staffClient, type StaffClient } from './helpers/staff.ts';
import { makeVisit } from './helpers/visits.ts';
import type { VisitInput } from '../src/shared/visit.ts';

interface Card {
  id: string;
  text: string | null;
  moderation: string;
  reason: string | null;
  duplicateCluster: { id: string; size: number } | null;
}

const FLOOD_BASE = 'I want a flying pink car with rainbow seats and a big slide';
/** What a script with a stolen token sends to dodge an exact-match filter. */
const FLOOD = [
  FLOOD_BASE,
  'i want a flying pink car with rainbow seats and a big slide!!!',
  'I want a flying pink car with rainbow seats and a big slide.',
  'I want a fly\u200bing pink car with rain\u200dbow seats and a big slide',
  'I want a pink flying car with a big slide and rainbow seats',
  'I want a flyng pink car with rainbow seats and a big slide',
  'I  want a flying pink car,with rainbow seats and a big slide',
  'I WANT A FLYING PINK CAR WITH RAINBOW SEATS AND A BIG SLIDE',
  'I want a flying pink car with rainbow seats and a big slides',
  '\u202eI want a flying pink car with rainbow seats and a big slide',
  'I want a flying pink car with rainbow seats and a big slide :)',
  'Ｉ want a flying pink car with rainbow seats and a big slide',
];

for (const engine of testEngines()) {
  describe(`near-duplicate clusters on ${engine}`, () => {
    let server: TestServer;
    let kiosk: PairedKiosk;
    let other: PairedKiosk;
    let moderator: StaffClient;
    let admin: StaffClient;
    let analyst: StaffClient;
    before(async () => {
      server = await startTestServer(engine);
      kiosk = await pairKiosk(server);
      other = await pairKiosk(server);
      moderator = await staffClient(server, 'moderator');
      admin = await staffClient(server, 'admin');
      analyst = await staffClient(server, 'analyst');
    });
    after(async () => server?.close());

    const send = async (k: PairedKiosk, idea: VisitInput['idea'], overrides: Partial<VisitInput> = {}) => {
      const visit = makeVisit(k.config, { idea, ...overrides });
      const r = await api(server, 'POST', '/visits', { headers: k.auth, body: visit });
      assert.equal(r.status, 201, r.text);
      return { visit, ticket: r.json.ticket as string };
    };
    const cards = async (query = ''): Promise<Card[]> => {
      const r = await moderator.call('GET', `/ideas?pageSize=100${query}`);
      assert.equal(r.status, 200, r.text);
      return r.json.items;
    };
    const kioskView = async (deviceId: string) => {
      const r = await admin.call('GET', '/showrooms');
      assert.equal(r.status, 200, r.text);
      return r.json.flatMap((s: { devices: unknown[] }) => s.devices).find((d: { id: string }) => d.id === deviceId);
    };

    it('never clusters varied, honest ideas from one kiosk (short zh and en ones too) and keeps the kiosk unsuspicious', async () => {
      for (const text of HONEST_IDEAS) await send(kiosk, { kind: 'text', text }, { locale: /[a-z]/i.test(text) ? 'en' : 'zh-CN' });
      for (const d of HONEST_DRAWINGS) await send(kiosk, d);
      const items = await cards();
      assert.equal(items.length, HONEST_IDEAS.length + HONEST_DRAWINGS.length);
      assert.deepEqual(items.filter((i) => i.duplicateCluster !== null).map((i) => i.text), []);
      const device = await kioskView(kiosk.deviceId);
      assert.equal(device.suspicious, false);
      assert.equal(device.suspiciousReason, null);
      assert.equal(device.nearDuplicateIdeas24h, 0);
    });

    it('puts a flood of near-identical ideas into one cluster, held back from the queue, and flags the kiosk', async () => {
      const sent = [];
      for (const text of FLOOD) sent.push(await send(kiosk, { kind: 'text', text }));
      // A replay of a stored visit is answered with its ticket and counted once.
      const replay = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: sent[3]!.visit });
      assert.equal(replay.status, 200);
      // The same text from another kiosk is not part of this kiosk's cluster.
      await send(other, { kind: 'text', text: FLOOD_BASE });

      const all = await cards();
      const flood = all.filter((i) => i.text && /flying|fly/i.test(i.text) && /slide/i.test(i.text));
      assert.equal(flood.length, FLOOD.length + 1);
      const clusterIds = new Set(flood.map((i) => i.duplicateCluster?.id ?? null));
      const ours = flood.filter((i) => i.duplicateCluster);
      assert.equal(ours.length, FLOOD.length, 'the other kiosk’s single copy is not clustered');
      assert.equal(new Set(ours.map((i) => i.duplicateCluster!.id)).size, 1);
      assert.ok(ours.every((i) => i.duplicateCluster!.size === FLOOD.length));
      assert.equal(clusterIds.size, 2);
      assert.deepEqual(all.filter((i) => i.duplicateCluster && !flood.includes(i)), [], 'the honest ideas stay unclustered');
      const clusterId = ours[0]!.duplicateCluster!.id;

      assert.ok(FLOOD.length >= FLOOD_MIN_SIZE);
      const queue = await cards('&moderation=pending');
      assert.equal(queue.filter((i) => i.duplicateCluster?.id === clusterId).length, 0, 'held back from the moderation queue');
      assert.equal(queue.length, HONEST_IDEAS.length + HONEST_DRAWINGS.length + 1);
      assert.equal((await cards('&moderation=pending&heldBack=true')).length, FLOOD.length);
      assert.equal((await cards(`&clusterId=${clusterId}`)).length, FLOOD.length);

      assert.equal((await analyst.call('GET', '/ideas/clusters')).status, 403);
      assert.equal((await api(server, 'GET', '/admin/ideas/clusters')).status, 401);
      const clusters = await moderator.call('GET', '/ideas/clusters');
      assert.equal(clusters.status, 200, clusters.text);
      assert.equal(clusters.json.total, 1);
      assert.equal(clusters.json.minSize, FLOOD_MIN_SIZE);
      const c = clusters.json.items[0];
      assert.equal(c.id, clusterId);
      assert.equal(c.size, FLOOD.length);
      assert.equal(c.pending, FLOOD.length);
      assert.equal(c.kind, 'text');
      assert.equal(c.device.id, kiosk.deviceId);
      assert.match(c.sample.text, /slide/);

      const device = await kioskView(kiosk.deviceId);
      assert.equal(device.suspicious, true);
      assert.equal(device.suspiciousReason, `${FLOOD.length} near-identical ideas in 24 h`);
      assert.equal((await kioskView(other.deviceId)).suspicious, false);

      // A family deleting one of them takes it out of the count.
      const del = await api(server, 'DELETE', `/tickets/${sent[0]!.ticket}`);
      assert.ok(del.status === 200 || del.status === 204, del.text);
      const after = await cards(`&clusterId=${clusterId}`);
      assert.equal(after.length, FLOOD.length - 1);
      assert.ok(after.every((i) => i.duplicateCluster!.size === FLOOD.length - 1));
      await send(kiosk, { kind: 'text', text: FLOOD_BASE });
    });

    it('rejects a whole cluster in one audited action with a reason', async () => {
      const clusterId = (await moderator.call('GET', '/ideas/clusters')).json.items[0].id as string;
      assert.equal((await moderator.call('POST', `/ideas/clusters/${clusterId}/reject`, {})).status, 400);
      assert.equal((await moderator.call('POST', `/ideas/clusters/${clusterId}/reject`, { reason: '' })).status, 400);
      assert.equal((await analyst.call('POST', `/ideas/clusters/${clusterId}/reject`, { reason: 'flood' })).status, 403);
      assert.equal((await api(server, 'POST', `/admin/ideas/clusters/${clusterId}/reject`, { body: { reason: 'flood' } })).status, 401);
      assert.equal((await moderator.call('POST', '/ideas/clusters/00000000-0000-4000-8000-000000000000/reject', { reason: 'flood' })).status, 404);
      const r = await moderator.call('POST', `/ideas/clusters/${clusterId}/reject`, { reason: 'flood from a stolen kiosk token' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.updated, FLOOD.length);
      const members = await cards(`&clusterId=${clusterId}`);
      assert.ok(members.every((i) => i.moderation === 'rejected' && i.reason === 'flood from a stolen kiosk token'));
      assert.equal((await moderator.call('GET', '/ideas/clusters')).json.total, 0);
      assert.ok((await cards('&moderation=pending')).every((i) => i.duplicateCluster?.id !== clusterId));
      const audit = await admin.call('GET', '/audit?pageSize=200');
      const entry = audit.json.find((a: { action: string }) => a.action === 'idea.cluster_rejected');
      assert.ok(entry, 'audit-logged');
      assert.equal(entry.actor, moderator.email);
    });

    it('clusters a redrawn drawing with its jittered copies, not different drawings', async () => {
      const base = HONEST_DRAWINGS[2]!;
      for (const seed of [11, 12, 13]) await send(other, jitter(base, 3, seed));
      await send(other, HONEST_DRAWINGS[0]!);
      await send(other, HONEST_DRAWINGS[4]!);
      const drawings = (await cards('&kind=drawing')).filter((i) => i.duplicateCluster);
      assert.equal(drawings.length, 3);
      assert.equal(new Set(drawings.map((i) => i.duplicateCluster!.id)).size, 1);
      assert.equal(drawings[0]!.duplicateCluster!.size, 3);
      // Three copies are a duplicate group, not a flood: they stay in the queue, with their badge.
      assert.equal((await cards('&kind=drawing&moderation=pending')).filter((i) => i.duplicateCluster).length, 3);
    });

    it('only joins near-duplicates within 24 hours', async () => {
      const text = '我想要一辆会飞的粉色汽车，还要有彩虹座椅和滑梯，还有一个大冰箱';
      await send(other, { kind: 'text', text });
      await server.tdb.db.query(`update ideas set created_at = created_at - interval '30 hours' where text = $1`, [text]);
      await server.tdb.db.query(`update idea_signatures s set created_at = i.created_at from ideas i where i.id = s.idea_id and i.text = $1`, [text]);
      await send(other, { kind: 'text', text: `${text}！` });
      const items = (await cards()).filter((i) => i.text?.startsWith('我想要一辆会飞的粉色汽车'));
      assert.equal(items.length, 2);
      assert.ok(items.every((i) => i.duplicateCluster === null));
      await send(other, { kind: 'text', text: `${text}。` });
      const now = (await cards()).filter((i) => i.text?.startsWith('我想要一辆会飞的粉色汽车') && i.duplicateCluster);
      assert.equal(now.length, 2, 'the two recent ones pair up, the old one stays out');
    });

    it('makes one cluster of a flood sent in parallel (no race between two visits of one kiosk)', async () => {
      const third = await pairKiosk(server);
      const base = 'please give the car a swimming pool and a big fridge for ice cream';
      const variants = Array.from({ length: 12 }, (_, i) => (i % 2 ? base.toUpperCase() : base) + '!'.repeat(i % 5) + (i % 3 ? '\u200b' : ''));
      await Promise.all(variants.map((text) => send(third, { kind: 'text', text })));
      const items = await cards('&q=swimming%20pool');
      assert.equal(items.length, 12);
      assert.equal(new Set(items.map((i) => i.duplicateCluster?.id)).size, 1);
      assert.ok(items.every((i) => i.duplicateCluster?.size === 12));
    });

    it('stores the visit (201, whole) even when clustering fails', async () => {
      await server.tdb.db.query('alter table idea_signatures rename to idea_signatures_away');
      try {
        const { ticket } = await send(kiosk, { kind: 'text', text: FLOOD_BASE });
        const family = await api(server, 'GET', `/tickets/${ticket}`);
        assert.equal(family.status, 200, 'the visit is whole');
      } finally {
        await server.tdb.db.query('alter table idea_signatures_away rename to idea_signatures');
      }
    });
  });
}
