import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bandKeys, ideaSignature } from '../src/core/near-duplicate/index.ts';
import { ClusterBandIndex } from '../src/server/services/cluster-band-index.ts';
import { joinOrCreateCluster } from '../src/db/repositories/idea-clusters.repository.ts';
import { testEngines } from './helpers/engines.ts';
import { api, pairKiosk, startTestServer, type PairedKiosk, type TestServer } from './helpers/server.ts';
import { staffClient, type StaffClient } from './helpers/staff.ts';
import { makeVisit } from './helpers/visits.ts';
import type { VisitInput } from '../src/shared/visit.ts';

const HOUR = 3_600_000;

/** A tiny seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('in-memory band index (PGlite clustering)', () => {
  it('answers exactly "the newest 32 of the kiosk and kind within the window sharing a band", whatever the order ideas came in', () => {
    const r = rng(7);
    const index = new ClusterBandIndex(32, 48 * HOUR);
    // Signatures over a small alphabet of band values, so many ideas share bands and lists overflow.
    const all: Array<{ id: string; device: string; kind: string; bands: number[]; at: number }> = [];
    const t0 = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 3000; i++) {
      const sig = Array.from({ length: 256 }, () => Math.floor(r() * 3));
      const e = { id: `idea-${String(i).padStart(5, '0')}`, device: r() < 0.7 ? 'kiosk-a' : 'kiosk-b', kind: r() < 0.8 ? 'text' : 'drawing', bands: bandKeys(sig), at: t0 + Math.floor(r() * 60 * HOUR) };
      all.push(e);
      index.add(e.device, e.kind, e.id, Int32Array.from(sig), e.bands, e.at);
    }
    for (let q = 0; q < 200; q++) {
      const probe = all[Math.floor(r() * all.length)]!;
      // Asked, as in the server, at "now": after every idea indexed.
      const at = t0 + 60 * HOUR + Math.floor(r() * 2 * HOUR);
      const want = all
        .filter((e) => e.device === probe.device && e.kind === probe.kind && Math.abs(e.at - at) <= 24 * HOUR && e.bands.some((b) => probe.bands.includes(b)))
        .sort((x, y) => y.at - x.at || (x.id < y.id ? -1 : 1))
        .slice(0, 32)
        .map((e) => e.id);
      const got = index.candidates(probe.device, probe.kind, probe.bands, at, 24 * HOUR).map((c) => c.idea_id);
      assert.deepEqual(got, want, `query ${q}`);
      assert.ok(want.length > 0);
    }
  });

  it('forgets an idea whose transaction rolled back, and a join undone with it', () => {
    const index = new ClusterBandIndex(32, 48 * HOUR);
    const sig = ideaSignature({ kind: 'text', text: 'a car with a swimming pool and a slide' })!;
    const at = Date.now();
    index.add('k', 'text', 'first', Int32Array.from(sig.minhash), sig.bands, at - 1000, 'cluster-1');
    const undoAdd = index.add('k', 'text', 'second', Int32Array.from(sig.minhash), sig.bands, at);
    const undoJoin = index.joined(['second'], 'cluster-1', []);
    assert.deepEqual(index.candidates('k', 'text', sig.bands, at, 24 * HOUR).map((c) => [c.idea_id, c.cluster]), [['second', 'cluster-1'], ['first', 'cluster-1']]);
    undoJoin();
    undoAdd();
    assert.deepEqual(index.candidates('k', 'text', sig.bands, at, 24 * HOUR).map((c) => c.idea_id), ['first']);
    assert.equal(index.size, 1);
    // Other kiosks and kinds never meet it.
    assert.deepEqual(index.candidates('other', 'text', sig.bands, at, 24 * HOUR), []);
    assert.deepEqual(index.candidates('k', 'drawing', sig.bands, at, 24 * HOUR), []);
  });
});

for (const engine of testEngines()) {
  describe(`clustering in the visit's own transaction on ${engine}`, () => {
    let server: TestServer;
    let kiosk: PairedKiosk;
    let moderator: StaffClient;
    before(async () => {
      server = await startTestServer(engine);
      kiosk = await pairKiosk(server);
      moderator = await staffClient(server, 'moderator');
    });
    after(async () => server?.close());

    const send = async (idea: VisitInput['idea'], overrides: Partial<VisitInput> = {}) => {
      const visit = makeVisit(kiosk.config, { idea, ...overrides });
      const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: visit });
      assert.equal(r.status, 201, r.text);
      return { visit, ticket: r.json.ticket as string };
    };
    const clusterOf = async (text: string) => {
      const r = await moderator.call('GET', `/ideas?pageSize=100`);
      assert.equal(r.status, 200, r.text);
      return (r.json.items as Array<{ text: string | null; duplicateCluster: { id: string; size: number } | null }>).filter((i) => i.text === text).map((i) => i.duplicateCluster);
    };

    it('stores the signature and its 64 band rows (PostgreSQL) with the visit, and a replay adds nothing', async () => {
      const text = 'the car should have a tiny garden on its roof with tomatoes';
      const { visit } = await send({ kind: 'text', text });
      const sigs = await server.tdb.db.query<{ n: number }>('select count(*)::int as n from idea_signatures s join ideas i on i.id = s.idea_id where i.visit_id = $1', [visit.id]);
      assert.equal(sigs.rows[0]!.n, 1);
      const bands = await server.tdb.db.query<{ n: number }>('select count(*)::int as n from idea_signature_bands b join ideas i on i.id = b.idea_id where i.visit_id = $1', [visit.id]);
      assert.equal(bands.rows[0]!.n, engine === 'postgres' ? 64 : 0, 'PGlite keeps the band index in memory');
      const replay = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: visit });
      assert.equal(replay.status, 200);
      assert.equal((await server.tdb.db.query<{ n: number }>('select count(*)::int as n from idea_signatures')).rows[0]!.n, 1);
    });

    it('does not join a copy to an idea its family deleted (the index may still hold it)', async () => {
      const text = 'i want a car that turns into a boat when it rains very hard';
      const first = await send({ kind: 'text', text });
      const del = await api(server, 'DELETE', `/tickets/${first.ticket}`);
      assert.equal(del.status, 200, del.text);
      await send({ kind: 'text', text: `${text}!` });
      assert.deepEqual(await clusterOf(`${text}!`), [null]);
      // A third copy joins the second: the cluster has the two live ideas only.
      await send({ kind: 'text', text: `${text}!!` });
      const c = await clusterOf(`${text}!!`);
      assert.equal(c[0]?.size, 2);
    });

    it('a visit refused whole (409, another visit with this id) leaves no signature behind', async () => {
      const { visit } = await send({ kind: 'text', text: 'a purple car with wings and a very loud horn for the mornings' });
      const clash = { ...visit, idea: { kind: 'text' as const, text: 'a green car that can climb trees like a cat does' } };
      const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: clash });
      assert.equal(r.status, 409, r.text);
      const n = await server.tdb.db.query<{ n: number }>(`select count(*)::int as n from ideas where text like 'a green car%'`);
      assert.equal(n.rows[0]!.n, 0);
      const sigs = await server.tdb.db.query<{ n: number }>('select count(*)::int as n from idea_signatures s join ideas i on i.id = s.idea_id where i.visit_id = $1', [visit.id]);
      assert.equal(sigs.rows[0]!.n, 1, 'the stored visit keeps its one signature');
    });

    it('join_idea_cluster: creates, joins, merges two clusters bridged by one idea into the older (sizes kept), and ignores a lone idea', async () => {
      const texts = ['alpha one: a red car with a piano', 'alpha two: a tractor that sings', 'beta one: a bus full of kittens', 'beta two: a rocket with a kitchen', 'bridge: a bike made of cheese'];
      const ids: string[] = [];
      for (const text of texts) {
        const { visit } = await send({ kind: 'text', text });
        ids.push((await server.tdb.db.query<{ id: string }>('select id from ideas where visit_id = $1', [visit.id])).rows[0]!.id);
      }
      const [a1, a2, b1, b2, x] = ids as [string, string, string, string, string];
      // Each in its own transaction, as visits are (a cluster's age is its transaction's time).
      const join = (ideaIds: string[], confirmHours?: number) => server.tdb.db.transaction((t) => joinOrCreateCluster(t, { deviceId: kiosk.deviceId, kind: 'text', ideaIds, confirmHours }));
      const lone = await join([a1, '00000000-0000-4000-8000-000000000000'], 24);
      const a = await join([a1, a2]);
      await new Promise((r) => setTimeout(r, 5));
      const b = await join([b1, b2]);
      const bridged = await join([x, b1, a2]);
      const tx = { lone, a, b, bridged };
      assert.equal(tx.lone.target, null, 'an idea whose only match is not signed makes no cluster');
      assert.equal(tx.lone.confirmed, 0);
      assert.ok(tx.a.target && tx.b.target && tx.a.target !== tx.b.target);
      assert.equal(tx.bridged.target, tx.a.target, 'the older cluster keeps its id');
      assert.deepEqual(tx.bridged.merged, [tx.b.target]);
      const rows = await server.tdb.db.query<{ id: string; size: number }>('select id, size from idea_clusters where id = any($1::uuid[])', [[tx.a.target, tx.b.target]]);
      assert.deepEqual(rows.rows.map((r) => [r.id, r.size]), [[tx.a.target, 5]], 'the merged cluster is gone, the target counts all five');
      const members = await server.tdb.db.query<{ n: number }>('select count(*)::int as n from ideas where duplicate_cluster_id = $1', [tx.a.target]);
      assert.equal(members.rows[0]!.n, 5);
    });

    it('after a restart (index rebuilt from the database) a new copy still joins the cluster', async () => {
      const text = 'please put a popcorn machine in the back seat of the car';
      await send({ kind: 'text', text });
      await send({ kind: 'text', text: `${text}.` });
      const before = (await clusterOf(text))[0];
      assert.ok(before, 'the first two are a cluster');
      // What a restarted server does: a fresh index loaded from idea_signatures.
      const fresh = new ClusterBandIndex(32, 48 * HOUR);
      await fresh.ready(server.tdb.db);
      const sig = ideaSignature({ kind: 'text', text: `${text}!` })!;
      const cands = fresh.candidates(kiosk.deviceId, 'text', sig.bands, Date.now(), 24 * HOUR);
      assert.ok(cands.length >= 2);
      assert.ok(cands.slice(0, 2).every((c) => c.cluster === before.id), 'cluster ids come back with the signatures');
      await send({ kind: 'text', text: `${text}!` });
      const after = await clusterOf(`${text}!`);
      assert.equal(after[0]?.id, before.id);
      assert.equal(after[0]?.size, 3);
    });
  });
}
