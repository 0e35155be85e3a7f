import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from './helpers/engines.ts';
import { api, pairKiosk, startTestServer, type PairedKiosk, type TestServer } from './helpers/server.ts';
import { staffClient, type RoleName, type StaffClient } from './helpers/staff.ts';
import { makeVisit } from './helpers/visits.ts';

const ROLES: RoleName[] = ['admin', 'analyst', 'moderator', 'showroom_manager'];
const PERIOD = 'from=2026-06-01&to=2026-06-10';

interface Theme {
  key: string;
  label: { 'zh-CN': string; en: string };
  partKey: string | null;
  count: number;
  previousCount: number;
  partIds: string[];
  sampleIdeaIds: string[];
}

for (const engine of testEngines()) {
  describe(`idea themes API on ${engine}`, () => {
    let server: TestServer;
    let demo: PairedKiosk;
    let north: PairedKiosk;
    const staff = {} as Record<RoleName, StaffClient>;
    const ids: Record<string, string> = {};
    const tickets: Record<string, string> = {};
    let productId = '';
    let partId = (_key: string) => '';

    /** Stores a visit completed at noon UTC on `day` with a text idea (or a drawing when text is null). */
    const send = async (kiosk: PairedKiosk, name: string, day: string, text: string | null) => {
      const completed = new Date(`${day}T12:00:00Z`);
      const visit = makeVisit(kiosk.config, {
        startedAt: new Date(completed.getTime() - 120_000).toISOString(),
        completedAt: completed.toISOString(),
        ...(text === null ? {} : { idea: { kind: 'text' as const, text } }),
      });
      const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: visit });
      assert.equal(r.status, 201, r.text);
      tickets[name] = r.json.ticket;
      ids[name] = (await server.tdb.db.query<{ id: string }>('select id from ideas where visit_id = $1', [visit.id])).rows[0]!.id;
    };
    const themes = async (who: StaffClient, extra = '') => {
      const r = await who.call('GET', `/insight/themes?productId=${productId}&${PERIOD}${extra}`);
      assert.equal(r.status, 200, r.text);
      return r.json as { items: Theme[]; previousFrom: string; previousTo: string; ideas: number; capped: boolean };
    };
    const find = (items: Theme[], key: string) => items.find((t) => t.key === key);

    before(async () => {
      server = await startTestServer(engine);
      demo = await pairKiosk(server);
      for (const role of ROLES) staff[role] = await staffClient(server, role);
      productId = demo.config.products[0]!.id;
      partId = (key) => demo.config.products[0]!.parts.find((p) => p.key === key)!.id;
      const created = await staff.admin.call('POST', '/showrooms', { slug: 'north', nameZh: '北店', nameEn: 'North', productIds: [productId] });
      assert.equal(created.status, 201, created.text);
      north = await pairKiosk(server, 'north');

      await send(demo, 'a', '2026-06-02', 'Bigger wheels please');
      await send(demo, 'b', '2026-06-03', '我希望轮子会发光');
      await send(demo, 'c', '2026-06-04', '座位可以加热');
      await send(demo, 'd', '2026-06-05', 'rockets on the wheel');
      await send(demo, 'e', '2026-06-06', null);
      await send(demo, 'f', '2026-06-07', 'wheels wheels wheels');
      await send(demo, 'g', '2026-06-10', 'rockets!');
      await send(north, 'j', '2026-06-08', 'shiny wheels');
      // the 10 days before: 2026-05-22 … 2026-05-31
      await send(demo, 'h', '2026-05-25', 'the wheels are small');
      await send(demo, 'i', '2026-05-31', 'rocket boosters');
      // outside both periods
      await send(demo, 'k', '2026-05-21', 'wheels');
      await send(demo, 'l', '2026-06-11', 'wheels');

      const tag = await staff.moderator.call('PATCH', `/ideas/${ids.e}`, { tags: ['seats'] });
      assert.equal(tag.status, 200, tag.text);
      const reject = await staff.moderator.call('PATCH', `/ideas/${ids.f}`, { moderation: 'rejected', reason: 'spam' });
      assert.equal(reject.status, 200, reject.text);
    });
    after(async () => server?.close());

    it('counts ideas per theme in the period and in the period before, across languages', async () => {
      const r = await themes(staff.admin);
      assert.equal(r.previousFrom, '2026-05-22');
      assert.equal(r.previousTo, '2026-05-31');
      assert.equal(r.capped, false);
      const wheels = find(r.items, 'part:wheels')!;
      assert.ok(wheels, JSON.stringify(r.items));
      assert.equal(wheels.count, 4, 'a, b (轮子), d (wheel) and j; not the rejected f, not k or l');
      assert.equal(wheels.previousCount, 1);
      assert.deepEqual(wheels.partIds, [partId('wheels')]);
      assert.deepEqual(wheels.label, { 'zh-CN': '轮子', en: 'Wheels' });
      assert.deepEqual(new Set(wheels.sampleIdeaIds), new Set([ids.a, ids.b, ids.d, ids.j]));
      assert.equal(wheels.sampleIdeaIds[0], ids.j, 'newest first');
      const rocket = find(r.items, 'term:rocket')!;
      assert.equal(rocket.count, 2);
      assert.equal(rocket.previousCount, 1);
      assert.deepEqual(rocket.partIds, []);
      assert.equal(rocket.label.en, 'rockets');
      assert.equal(r.items[0]!.key, 'part:wheels', 'sorted by count');
      assert.ok(!r.items.some((t) => t.sampleIdeaIds.includes(ids.f!)), 'rejected ideas do not count');
    });

    it('links a moderator tag on a drawing to its part, and a synonym an admin adds', async () => {
      const before = await themes(staff.admin);
      assert.equal(find(before.items, 'part:seats')?.count, 1, 'the tagged drawing');
      assert.equal(find(before.items, 'term:座位')?.count, 1);

      const put = await staff.admin.call('PUT', `/parts/${partId('seats')}/synonyms`, { zh: [' 座位 ', '座位', '椅子'], en: ['chair'] });
      assert.equal(put.status, 200, put.text);
      assert.deepEqual(put.json, { partKey: 'seats', zh: ['座位', '椅子'], en: ['chair'] });
      const list = await staff.analyst.call('GET', `/products/${productId}/part-synonyms`);
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.json.items.find((x: { partKey: string }) => x.partKey === 'seats'), { partKey: 'seats', zh: ['座位', '椅子'], en: ['chair'] });
      const audit = await server.tdb.db.query<{ target: string }>(`select target from audit_log where action = 'part.synonyms'`);
      assert.deepEqual(audit.rows.map((x) => x.target), [partId('seats')]);

      const after = await themes(staff.admin);
      const seats = find(after.items, 'part:seats')!;
      assert.equal(seats.count, 2);
      assert.deepEqual(new Set(seats.sampleIdeaIds), new Set([ids.c, ids.e]));
      assert.deepEqual(seats.partIds, [partId('seats')]);
      assert.equal(find(after.items, 'term:座位'), undefined);
    });

    it('lets every reader of insight or ideas see themes, keeps a showroom manager to their showroom', async () => {
      for (const role of ROLES) assert.equal((await staff[role].call('GET', `/insight/themes?productId=${productId}&${PERIOD}`)).status, 200, role);
      const anon = await fetch(`${server.base}/api/v1/admin/insight/themes?productId=${productId}&${PERIOD}`);
      assert.equal(anon.status, 401);
      const mine = await themes(staff.showroom_manager);
      assert.equal(find(mine.items, 'part:wheels')?.count, 3, 'not the north idea');
      const asked = await themes(staff.showroom_manager, `&showrooms=${(await server.tdb.db.query<{ id: string }>(`select id from showrooms where slug = 'north'`)).rows[0]!.id}`);
      assert.equal(find(asked.items, 'part:wheels')?.count, 3, 'asking for another showroom does not widen the scope');
      for (const role of ['analyst', 'moderator', 'showroom_manager'] as const) {
        assert.equal((await staff[role].call('PUT', `/parts/${partId('seats')}/synonyms`, { zh: [], en: [] })).status, 403, role);
      }
    });

    it('refuses bad input with 400 (and an unknown model or part with 404)', async () => {
      const bad = [
        '/insight/themes',
        `/insight/themes?productId=nope&${PERIOD}`,
        `/insight/themes?productId=${productId}&from=2026-06-10&to=2026-06-01`,
        `/insight/themes?productId=${productId}&from=2026-02-30&to=2026-03-01`,
        `/insight/themes?productId=${productId}&limit=0`,
        `/insight/themes?productId=${productId}&colour=red`,
        `/ideas?ids=not-an-id`,
      ];
      for (const path of bad) {
        const r = await staff.admin.call('GET', path);
        assert.equal(r.status, 400, `${path} → ${r.status} ${r.text}`);
        assert.equal(typeof r.json.error.code, 'string');
      }
      assert.equal((await staff.admin.call('GET', `/insight/themes?productId=00000000-0000-4000-8000-000000000000`)).status, 404);
      const long = await staff.admin.call('PUT', `/parts/${partId('seats')}/synonyms`, { zh: ['座'.repeat(41)], en: [] });
      assert.equal(long.status, 400);
      const stop = await staff.admin.call('PUT', `/parts/${partId('seats')}/synonyms`, { zh: ['的'], en: [] });
      assert.equal(stop.status, 422);
      assert.equal(stop.json.error.code, 'unmatchable_synonym');
      assert.equal((await staff.admin.call('PUT', `/parts/00000000-0000-4000-8000-000000000000/synonyms`, { zh: [], en: [] })).status, 404);
    });

    it('is documented in OpenAPI', async () => {
      const doc = await api(server, 'GET', '/openapi.json');
      assert.equal(doc.status, 200);
      for (const path of ['/api/v1/admin/insight/themes', '/api/v1/admin/products/{id}/part-synonyms', '/api/v1/admin/parts/{id}/synonyms']) assert.ok(doc.json.paths[path], path);
    });

    it('opens the ideas behind a theme in the inbox (ids=)', async () => {
      const wheels = find((await themes(staff.admin)).items, 'part:wheels')!;
      const r = await staff.moderator.call('GET', `/ideas?ids=${wheels.sampleIdeaIds.join(',')}`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(new Set(r.json.items.map((x: { id: string }) => x.id)), new Set(wheels.sampleIdeaIds));
      assert.equal(r.json.total, 4);
    });

    it('caches terms per idea, recomputes them when the text changes, and forgets them with the visit', async () => {
      const cached = await server.tdb.db.query<{ n: number }>('select count(*)::int as n from idea_theme_terms where idea_id = $1', [ids.g]);
      assert.equal(cached.rows[0]!.n, 1);
      await server.tdb.db.query(`update ideas set text = 'a submarine' where id = $1`, [ids.g]);
      const r = await themes(staff.admin);
      assert.equal(find(r.items, 'term:submarin')?.count, 1);
      assert.equal(find(r.items, 'term:rocket')?.count, 1);

      const del = await api(server, 'DELETE', `/tickets/${tickets.b}`);
      assert.equal(del.status, 200, del.text);
      const gone = await server.tdb.db.query<{ n: number }>('select count(*)::int as n from idea_theme_terms where idea_id = $1', [ids.b]);
      assert.equal(gone.rows[0]!.n, 0);
      assert.equal(find((await themes(staff.admin)).items, 'part:wheels')?.count, 3);
    });
  });
}
