import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { compareRollups } from '../bench/insight/rollups.ts';
import { reportTimeZone } from '../src/db/repositories/visits.repository.ts';
import { testEngines } from './helpers/engines.ts';
import { api, pairKiosk, startTestServer, type PairedKiosk, type TestServer } from './helpers/server.ts';
import { staffClient, type RoleName, type StaffClient } from './helpers/staff.ts';
import { makeVisit, tinyWav } from './helpers/visits.ts';

const ROLES: RoleName[] = ['admin', 'analyst', 'moderator', 'showroom_manager'];
const UUID = '00000000-0000-4000-8000-000000000000';

for (const engine of testEngines()) {
  describe(`dashboard API on ${engine}`, () => {
    let server: TestServer;
    let kiosk: PairedKiosk;
    const staff = {} as Record<RoleName, StaffClient>;
    before(async () => {
      server = await startTestServer(engine);
      kiosk = await pairKiosk(server);
      for (const role of ROLES) staff[role] = await staffClient(server, role);
    });
    after(async () => server?.close());

    const send = async (overrides: Parameters<typeof makeVisit>[1] = {}) => {
      const visit = makeVisit(kiosk.config, overrides);
      const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: visit });
      assert.equal(r.status, 201, r.text);
      return { visit, ticket: r.json.ticket as string };
    };

    describe('sign-in', () => {
      it('refuses a wrong password, throttles guessing, and lets the real user in again later', async () => {
        const email = staff.analyst.email;
        for (let i = 0; i < 5; i++) {
          const r = await api(server, 'POST', '/admin/session', { body: { email, password: 'wrong password!' } });
          assert.equal(r.status, 401);
        }
        const locked = await api(server, 'POST', '/admin/session', { body: { email, password: 'wrong password!' } });
        assert.equal(locked.status, 401);
        const blocked = await api(server, 'POST', '/admin/session', { body: { email, password: 'a long enough password' } });
        assert.equal(blocked.status, 429, 'even the right password waits while locked');
        assert.ok(Number(blocked.headers.get('retry-after')) > 0);
        assert.ok(Number(blocked.headers.get('retry-after')) <= 15 * 60, 'never locked for more than 15 minutes');
        await server.tdb.db.query(`update login_attempts set locked_until = now() - interval '1 second'`);
        const ok = await api(server, 'POST', '/admin/session', { body: { email, password: 'a long enough password' } });
        assert.equal(ok.status, 200);
        const cookie = ok.headers.get('set-cookie')!;
        assert.match(cookie, /HttpOnly/i);
        assert.match(cookie, /SameSite=Strict/i);
      });

      it('signs out, changes a password (old one stops working), accepts a one-time invite once', async () => {
        const me = await staff.moderator.call('GET', '/me');
        assert.equal(me.json.role, 'moderator');
        const invite = await staff.admin.call('POST', '/invites', { role: 'analyst' });
        assert.equal(invite.status, 201);
        const token = invite.json.link.split('#invite=')[1];
        const accept = await api(server, 'POST', '/admin/invites/accept', { body: { token, email: 'new.analyst@example.com', password: 'correct horse battery' } });
        assert.equal(accept.status, 201, accept.text);
        assert.equal(accept.json.role, 'analyst');
        const again = await api(server, 'POST', '/admin/invites/accept', { body: { token, email: 'other@example.com', password: 'correct horse battery' } });
        assert.equal(again.status, 400);
        const cookie = accept.headers.get('set-cookie')!.split(';')[0]!;
        const change = await fetch(`${server.base}/api/v1/admin/password`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ current: 'correct horse battery', next: 'an even better passphrase' }) });
        assert.equal(change.status, 200);
        assert.equal((await api(server, 'POST', '/admin/session', { body: { email: 'new.analyst@example.com', password: 'correct horse battery' } })).status, 401);
        assert.equal((await api(server, 'POST', '/admin/session', { body: { email: 'new.analyst@example.com', password: 'an even better passphrase' } })).status, 200);
        const out = await fetch(`${server.base}/api/v1/admin/session`, { method: 'DELETE', headers: { cookie } });
        assert.equal(out.status, 200);
        assert.equal((await fetch(`${server.base}/api/v1/admin/me`, { headers: { cookie } })).status, 401);
      });
    });

    describe('route × role matrix', () => {
      // [method, path, body, roles allowed]
      const routes: Array<[string, string, unknown, RoleName[]]> = [
        ['GET', '/insight/overview', undefined, ['admin', 'analyst', 'showroom_manager']],
        ['GET', `/insight/love-map?productId=${UUID}`, undefined, ['admin', 'analyst', 'showroom_manager']],
        ['GET', '/export/answers.csv', undefined, ['admin', 'analyst']],
        ['GET', '/export/answers.xlsx', undefined, ['admin', 'analyst']],
        ['GET', '/ideas', undefined, ['admin', 'moderator']],
        ['PATCH', `/ideas/${UUID}`, { status: 'heard' }, ['admin', 'moderator']],
        ['POST', '/ideas/bulk', { ids: [UUID], status: 'heard' }, ['admin', 'moderator']],
        ['GET', `/ideas/${UUID}/voice`, undefined, ['admin', 'moderator']],
        ['GET', '/showrooms', undefined, ['admin', 'analyst', 'showroom_manager']],
        ['POST', '/showrooms', { slug: 'matrix', nameZh: '矩阵', nameEn: 'Matrix', productIds: [] }, ['admin']],
        ['PATCH', `/showrooms/${UUID}`, { nameEn: 'x' }, ['admin']],
        ['POST', '/showrooms/{demo}/pairing-codes', undefined, ['admin', 'showroom_manager']],
        ['PATCH', `/devices/${UUID}`, { name: 'x' }, ['admin', 'showroom_manager']],
        ['POST', `/devices/${UUID}/revoke`, undefined, ['admin', 'showroom_manager']],
        ['GET', '/catalog', undefined, ['admin', 'analyst', 'moderator', 'showroom_manager']],
        ['POST', '/products', { key: 'k', nameZh: 'k', nameEn: 'k', picture: { mime: 'image/png', data: 'AAAA' } }, ['admin']],
        ['PATCH', `/products/${UUID}`, { nameEn: 'x' }, ['admin']],
        ['POST', `/products/${UUID}/parts`, { key: 'k', nameZh: 'k', nameEn: 'k', promptZh: 'k', promptEn: 'k', x: 1, y: 1 }, ['admin']],
        ['PATCH', `/parts/${UUID}`, { x: 3 }, ['admin']],
        ['DELETE', `/parts/${UUID}`, undefined, ['admin']],
        ['PATCH', `/pairs/${UUID}`, { promptEn: 'x' }, ['admin']],
        ['DELETE', `/pairs/${UUID}`, undefined, ['admin']],
        ['GET', '/users', undefined, ['admin']],
        ['POST', '/invites', { role: 'moderator' }, ['admin']],
        ['PATCH', `/users/${UUID}`, { role: 'analyst' }, ['admin']],
        ['GET', '/settings/retention', undefined, ['admin']],
        ['PUT', '/settings/retention', { voiceDays: 90, drawingDays: 365 }, ['admin']],
        ['GET', '/deletions', undefined, ['admin']],
        ['GET', '/audit', undefined, ['admin']],
        ['GET', '/me', undefined, ['admin', 'analyst', 'moderator', 'showroom_manager']],
        ['GET', '/invites', undefined, ['admin']],
        ['POST', `/invites/${UUID}/link`, undefined, ['admin']],
        ['DELETE', `/invites/${UUID}`, undefined, ['admin']],
        ['GET', '/showrooms/names', undefined, ['admin', 'analyst', 'moderator', 'showroom_manager']],
      ];

      it('every route refuses the signed-out (401) and the roles without the permission (403)', async () => {
        const failures: string[] = [];
        const demo = (await server.tdb.db.query<{ id: string }>(`select id from showrooms where slug = 'demo'`)).rows[0]!.id;
        for (const [method, template, body, allowed] of routes) {
          const path = template.replace('{demo}', demo);
          const anon = await fetch(`${server.base}/api/v1/admin${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
          if (anon.status !== 401) failures.push(`anonymous ${method} ${path} → ${anon.status}`);
          for (const role of ROLES) {
            const r = await staff[role].call(method, path, body);
            const permitted = allowed.includes(role);
            if (permitted && (r.status === 401 || r.status === 403)) failures.push(`${role} ${method} ${path} → ${r.status} (should be allowed)`);
            if (!permitted && r.status !== 403) failures.push(`${role} ${method} ${path} → ${r.status} (should be 403)`);
            if (r.status >= 500) failures.push(`${role} ${method} ${path} → ${r.status}`);
          }
        }
        assert.deepEqual(failures, []);
      });

      it('keeps a showroom manager to their own showroom', async () => {
        const created = await staff.admin.call('POST', '/showrooms', { slug: 'north', nameZh: '北店', nameEn: 'North', productIds: [kiosk.config.products[0]!.id] });
        assert.equal(created.status, 201, created.text);
        const list = await staff.showroom_manager.call('GET', '/showrooms');
        assert.deepEqual(list.json.map((s: { slug: string }) => s.slug), ['demo']);
        const code = await staff.showroom_manager.call('POST', `/showrooms/${created.json.id}/pairing-codes`);
        assert.equal(code.status, 403);
        const own = await staff.showroom_manager.call('POST', `/showrooms/${list.json[0].id}/pairing-codes`);
        assert.equal(own.status, 201);
      });
    });

    describe('showrooms and kiosks', () => {
      it('creates a showroom, pairs a kiosk with its code, sees it, renames and revokes it (then 401)', async () => {
        const products = kiosk.config.products.map((p) => p.id);
        const created = await staff.admin.call('POST', '/showrooms', { slug: 'riverside', nameZh: '江边店', nameEn: 'Riverside', productIds: products });
        assert.equal(created.status, 201);
        const dup = await staff.admin.call('POST', '/showrooms', { slug: 'riverside', nameZh: 'x', nameEn: 'x', productIds: [] });
        assert.equal(dup.status, 409);
        const code = await staff.admin.call('POST', `/showrooms/${created.json.id}/pairing-codes`);
        assert.equal(code.status, 201);
        assert.match(code.json.link, /\/kiosk\/#pair=/);
        const pair = await api(server, 'POST', '/devices/pair', { body: { code: code.json.code, name: 'Riverside door' } });
        assert.equal(pair.status, 201);
        assert.equal(pair.json.showroom.slug, 'riverside');
        const auth = { authorization: `Bearer ${pair.json.token}`, 'x-kiosk-version': '9.9.9', 'x-kiosk-pending': '3' };
        assert.equal((await api(server, 'GET', '/kiosk/config', { headers: auth })).status, 200);
        const list = await staff.admin.call('GET', '/showrooms');
        const device = list.json.find((s: { slug: string }) => s.slug === 'riverside').devices[0];
        assert.equal(device.name, 'Riverside door');
        assert.equal(device.appVersion, '9.9.9');
        assert.equal(device.pendingCount, 3);
        assert.ok(device.lastSeenAt);
        assert.equal((await staff.admin.call('PATCH', `/devices/${device.id}`, { name: 'Front door' })).status, 200);
        assert.equal((await staff.admin.call('POST', `/devices/${device.id}/revoke`)).status, 200);
        assert.equal((await api(server, 'GET', '/kiosk/config', { headers: auth })).status, 401);
      });
    });

    describe('insight', () => {
      it('love map counts faces, top-two-box, Borda and win rates from the answers, and follows deletions', async () => {
        const product = kiosk.config.products[0]!;
        const [p1, p2, p3] = product.parts;
        const pair = product.pairs[0]!;
        const mk = (faces: [number, number, number], favs: string[], picked: 'a' | 'b', again: 'yes' | 'maybe' | 'no') =>
          send({
            ratings: [
              { partId: p1!.id, face: faces[0] as 1 },
              { partId: p2!.id, face: faces[1] as 1 },
              { partId: p3!.id, face: faces[2] as 1 },
            ],
            favourites: favs,
            choices: [{ pairId: pair.id, picked }],
            again,
          });
        const before = (await staff.analyst.call('GET', `/insight/love-map?productId=${product.id}`)).json;
        await mk([5, 4, 1], [p1!.id, p2!.id], 'a', 'yes');
        await mk([5, 2, 3], [p2!.id, p1!.id, p3!.id], 'a', 'maybe');
        const third = await mk([4, 5, 5], [p3!.id], 'b', 'no');
        const r = await staff.analyst.call('GET', `/insight/love-map?productId=${product.id}`);
        assert.equal(r.status, 200, r.text);
        const lm = r.json;
        const part = (key: string) => lm.parts.find((p: { key: string }) => p.key === key);
        const was = (key: string) => before.parts.find((p: { key: string }) => p.key === key);
        const d1 = part(p1!.key).faces.map((n: number, i: number) => n - was(p1!.key).faces[i]);
        assert.deepEqual(d1, [0, 0, 0, 1, 2]);
        assert.equal(lm.visits - before.visits, 3);
        // p1: favourites 1st, 2nd → 3 + 2 = 5 Borda points more than before
        assert.equal(part(p1!.key).bordaPoints - was(p1!.key).bordaPoints, 5);
        assert.equal(part(p3!.key).bordaPoints - was(p3!.key).bordaPoints, 4);
        const pr = lm.pairs.find((p: { key: string }) => p.key === pair.key);
        const prBefore = before.pairs.find((p: { key: string }) => p.key === pair.key);
        assert.equal(pr.a.count - prBefore.a.count, 2);
        assert.equal(pr.b.count - prBefore.b.count, 1);
        assert.ok(pr.winRateA.low <= pr.winRateA.p && pr.winRateA.p <= pr.winRateA.high);
        assert.equal(lm.again.yes - before.again.yes, 1);

        // A family deletes the third visit: the rollups forget it.
        assert.equal((await api(server, 'DELETE', `/tickets/${third.ticket}`)).status, 200);
        const afterDelete = (await staff.analyst.call('GET', `/insight/love-map?productId=${product.id}`)).json;
        assert.equal(afterDelete.visits - before.visits, 2);
        const p3After = afterDelete.parts.find((p: { key: string }) => p.key === p3!.key);
        assert.equal(p3After.bordaPoints - was(p3!.key).bordaPoints, 1);
        assert.equal(afterDelete.pairs.find((p: { key: string }) => p.key === pair.key).b.count, prBefore.b.count);
      });

      it('rollups equal a plain GROUP BY over the raw answers', async () => {
        const raw = await server.tdb.db.query<{ part_id: string; face: number; n: number }>(
          'select r.part_id, r.face, count(*)::int as n from ratings r group by 1, 2',
        );
        const rolled = await server.tdb.db.query<{ part_id: string; f1: number; f2: number; f3: number; f4: number; f5: number }>(
          'select part_id, sum(f1)::int f1, sum(f2)::int f2, sum(f3)::int f3, sum(f4)::int f4, sum(f5)::int f5 from rollup_parts group by 1',
        );
        const expected = new Map<string, number[]>();
        for (const r of raw.rows) {
          const f = expected.get(r.part_id) ?? [0, 0, 0, 0, 0];
          f[r.face - 1] = r.n;
          expected.set(r.part_id, f);
        }
        for (const r of rolled.rows) {
          assert.deepEqual([r.f1, r.f2, r.f3, r.f4, r.f5], expected.get(r.part_id) ?? [0, 0, 0, 0, 0], `part ${r.part_id}`);
        }
        const visits = await server.tdb.db.query<{ a: number; b: number }>('select (select count(*) from visits)::int a, (select coalesce(sum(visits), 0) from rollup_visits)::int b');
        assert.equal(visits.rows[0]!.a, visits.rows[0]!.b);
        // Every rollup column, quality and the within-child (stands-out) sums included, row by row.
        for (const t of await compareRollups(server.tdb.db, reportTimeZone(), true)) assert.equal(t.missing + t.extra, 0, `${t.table}: ${JSON.stringify(t)}`);
      });

      it('overview: visits, completion from abandoned visits, median duration, by day/showroom/age/model', async () => {
        await api(server, 'POST', '/kiosk/abandoned', { headers: kiosk.auth, body: { id: '11111111-1111-4111-8111-111111111111', step: 'explore', at: new Date().toISOString(), ageBand: '4-6' } });
        const replay = await api(server, 'POST', '/kiosk/abandoned', { headers: kiosk.auth, body: { id: '11111111-1111-4111-8111-111111111111', step: 'explore', at: new Date().toISOString(), ageBand: '4-6' } });
        assert.equal(replay.status, 200);
        const r = await staff.admin.call('GET', '/insight/overview');
        assert.equal(r.status, 200, r.text);
        const o = r.json;
        assert.ok(o.totals.visits >= 2);
        assert.equal(o.totals.abandoned, 1);
        assert.ok(Math.abs(o.totals.completionRate - o.totals.visits / (o.totals.visits + 1)) < 1e-9);
        assert.ok(o.totals.medianDurationSec > 100 && o.totals.medianDurationSec < 200, `median ${o.totals.medianDurationSec}`);
        assert.equal(o.byModel.reduce((a: number, m: { visits: number }) => a + m.visits, 0), o.totals.visits);
        assert.equal(o.byAgeBand.reduce((a: number, m: { visits: number }) => a + m.visits, 0), o.totals.visits);
        const future = await staff.admin.call('GET', '/insight/overview?from=2099-01-01&to=2099-01-31');
        assert.equal(future.json.totals.visits, 0);
        assert.equal((await staff.admin.call('GET', '/insight/overview?from=2026-02-30')).status, 400);
      });
    });

    describe('ideas inbox', () => {
      it('moderates with a reason, replies in zh and en, tags, searches, bulk-updates, and shows the gallery', async () => {
        const textIdea = await send({ idea: { kind: 'text', text: 'A rainbow roof that opens like a flower' } });
        const drawing = await send({ consent: { gallery: true, voice: false, nickname: false, textVersion: kiosk.config.consent.textVersion } });
        const noConsent = await send({ consent: { gallery: false, voice: false, nickname: false, textVersion: kiosk.config.consent.textVersion } });
        const voice = await send({ consent: { gallery: false, voice: true, nickname: false, textVersion: kiosk.config.consent.textVersion }, idea: { kind: 'voice', mime: 'audio/wav', durationMs: 900, audio: tinyWav() } });
        const m = staff.moderator;
        const found = await m.call('GET', '/ideas?q=rainbow');
        assert.equal(found.json.total, 1);
        const idea = found.json.items[0];
        assert.equal(idea.moderation, 'pending');
        assert.equal((await m.call('PATCH', `/ideas/${idea.id}`, { moderation: 'rejected' })).status, 400, 'rejecting needs a reason');
        const ok = await m.call('PATCH', `/ideas/${idea.id}`, { moderation: 'approved', status: 'planned', replyZh: '我们在研究彩虹车顶！', replyEn: 'We are looking at rainbow roofs!', tags: ['colour', 'roof'] });
        assert.equal(ok.status, 200, ok.text);
        const family = await api(server, 'GET', `/tickets/${textIdea.ticket}`);
        assert.equal(family.json.idea.status, 'planned');
        assert.equal(family.json.idea.reply.en, 'We are looking at rainbow roofs!');
        assert.equal((await m.call('GET', '/ideas?tag=roof')).json.total, 1);
        const drawings = await m.call('GET', '/ideas?kind=drawing&moderation=pending&pageSize=100');
        const ids = drawings.json.items.map((i: { id: string }) => i.id);
        const bulk = await m.call('POST', '/ideas/bulk', { ids, moderation: 'approved', status: 'heard' });
        assert.equal(bulk.json.updated, ids.length);
        const gallery = await m.call('GET', '/ideas?gallery=true&pageSize=100');
        const galleryIds = new Set(gallery.json.items.map((i: { id: string }) => i.id));
        assert.ok(gallery.json.items.every((i: { visit: { galleryConsent: boolean }; kind: string }) => i.visit.galleryConsent && i.kind === 'drawing'));
        const withTicket = async (t: string) => (await m.call('GET', '/ideas?pageSize=100')).json.items.find((i: { visit: unknown; id: string }) => i) && t;
        void withTicket;
        assert.ok(galleryIds.size >= 1);
        void drawing;
        void noConsent;
        const voiceCard = (await m.call('GET', '/ideas?kind=voice')).json.items[0];
        assert.ok(voiceCard.voiceUrl);
        const audio = await m.call('GET', `/ideas/${voiceCard.id}/voice`);
        assert.equal(audio.status, 200);
        assert.equal(audio.raw.subarray(0, 4).toString('latin1'), 'RIFF');
        void voice;
        const audit = await staff.admin.call('GET', '/audit?pageSize=200');
        assert.ok(audit.json.some((a: { action: string; actor: string }) => a.action === 'idea.updated' && a.actor === m.email));
      });
    });

    describe('exports', () => {
      it('CSV and XLSX carry one row per answer with visit, showroom, model, part, age band and version', async () => {
        const csv = await staff.analyst.call('GET', '/export/answers.csv');
        assert.equal(csv.status, 200);
        const lines = csv.text.replace(/^\ufeff/, '').trim().split('\n');
        // The answer quality and answer time (issue 9) are appended: the earlier columns keep their places.
        assert.equal(lines[0], 'visit_id,completed_at,showroom,model,activity_version,age_band,locale,answer,part,pair,value,quality,ms');
        const { rows } = await server.tdb.db.query<{ n: number }>(
          `select ((select count(*) from ratings) + (select count(*) from favourites) + (select count(*) from choices)
                  + (select count(*) from visits where again is not null))::int as n`,
        );
        assert.equal(lines.length - 1, rows[0]!.n);
        const xlsx = await staff.analyst.call('GET', '/export/answers.xlsx');
        assert.equal(xlsx.status, 200);
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
        const sheet = book.getWorksheet('answers')!;
        assert.equal(sheet.actualRowCount - 1, rows[0]!.n);
        assert.equal(sheet.getRow(1).getCell(3).value, 'showroom');
        assert.equal(sheet.getRow(1).getCell(12).value, 'quality');
        assert.match(String(sheet.getRow(2).getCell(12).value), /^(ok|same-face|too-fast)$/);
        const filtered = await staff.analyst.call('GET', '/export/answers.csv?ageBands=10-12');
        assert.equal(filtered.text.replace(/^\ufeff/, '').trim().split('\n').length, 1, 'no 10-12 visits: header only');
      });
    });

    describe('catalog', () => {
      it('editing a published part makes a successor; publishing gives kiosks a new version; old answers keep theirs', async () => {
        const cat = (await staff.admin.call('GET', '/catalog')).json;
        const product = cat.products.find((p: { key: string }) => p.key === kiosk.config.products[0]!.key);
        const part = product.parts[0];
        assert.equal(part.published, true);
        const moved = await staff.admin.call('PATCH', `/parts/${part.id}`, { x: 12.5, y: 40 });
        assert.equal(moved.status, 200);
        assert.notEqual(moved.json.id, part.id, 'a published part is not edited in place');
        const badSvg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64');
        const refused = await staff.admin.call('POST', `/products/${product.id}/parts`, { key: 'horn', nameZh: '喇叭', nameEn: 'Horn', promptZh: '你喜欢喇叭吗？', promptEn: 'Do you like the horn?', x: 50, y: 50, icon: { mime: 'image/svg+xml', data: badSvg } });
        assert.equal(refused.status, 422);
        const goodSvg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#f00"/></svg>').toString('base64');
        const added = await staff.admin.call('POST', `/products/${product.id}/parts`, { key: 'horn', nameZh: '喇叭', nameEn: 'Horn', promptZh: '你喜欢喇叭吗？', promptEn: 'Do you like the horn?', x: 50, y: 50, icon: { mime: 'image/svg+xml', data: goodSvg } });
        assert.equal(added.status, 201, added.text);
        // A recorded prompt clip replaces speech synthesis for that language.
        const badClip = await staff.admin.call('PATCH', `/parts/${moved.json.id}`, { promptAudio: { en: { mime: 'audio/wav', data: Buffer.from('not audio at all').toString('base64') } } });
        assert.equal(badClip.status, 422);
        const clip = await staff.admin.call('PATCH', `/parts/${moved.json.id}`, { promptAudio: { en: { mime: 'audio/wav', data: tinyWav() } } });
        assert.equal(clip.status, 200, clip.text);
        const oldVersion = kiosk.config.activityVersion;
        const pub = await staff.admin.call('POST', '/activities');
        assert.equal(pub.status, 201);
        assert.equal(pub.json.version, oldVersion + 1);
        const cfg = (await api(server, 'GET', '/kiosk/config', { headers: kiosk.auth })).json;
        assert.equal(cfg.activityVersion, oldVersion + 1);
        const newProduct = cfg.products.find((p: { key: string }) => p.key === product.key);
        assert.ok(newProduct.parts.some((p: { key: string }) => p.key === 'horn'));
        const movedPart = newProduct.parts.find((p: { key: string }) => p.key === part.key);
        assert.equal(movedPart.x, 12.5);
        assert.match(movedPart.promptAudio.en, /^\/assets\/[0-9a-f]{64}$/);
        assert.equal(movedPart.promptAudio['zh-CN'], null);
        const audio = await fetch(server.base + movedPart.promptAudio.en);
        assert.equal(audio.headers.get('content-type'), 'audio/wav');
        // A visit still queued on a tablet with the old version is accepted and keeps its part ids.
        const old = await send({ activityVersion: oldVersion });
        const stored = await server.tdb.db.query<{ activity_version: number }>('select activity_version from visits where id = $1', [old.visit.id]);
        assert.equal(stored.rows[0]!.activity_version, oldVersion);
        // Old part ids are not valid for the new version.
        const mixed = makeVisit(cfg, { ratings: [{ partId: part.id, face: 3 }], favourites: [] });
        assert.equal((await api(server, 'POST', '/visits', { headers: kiosk.auth, body: mixed })).status, 422);
      });
    });

    describe('retention', () => {
      it('deletes voice and drawings older than the settings, and logs it', async () => {
        assert.equal((await staff.admin.call('PUT', '/settings/retention', { voiceDays: 1, drawingDays: 2 })).status, 200);
        await server.tdb.db.query(`update media set created_at = now() - interval '3 days'`);
        await server.tdb.db.query(`update ideas set created_at = now() - interval '3 days' where kind = 'drawing'`);
        const run = await staff.admin.call('POST', '/retention/run');
        assert.equal(run.status, 200);
        assert.ok(run.json.voice >= 1 && run.json.drawings >= 1, JSON.stringify(run.json));
        const left = await server.tdb.db.query<{ n: number }>('select count(*)::int as n from media');
        assert.equal(left.rows[0]!.n, 0);
        const log = await staff.admin.call('GET', '/deletions');
        assert.ok(log.json.retention.length >= 1);
        assert.ok(log.json.families.length >= 1, 'the family deletion above is in the log');
      });
    });
  });
}
