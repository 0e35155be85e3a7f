import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { issuePairingCode } from '../src/server/services/setup.service.ts';
import { revokeDevice } from '../src/db/repositories/devices.repository.ts';
import { testEngines } from './helpers/engines.ts';
import { api, pairKiosk, startTestServer, type PairedKiosk, type TestServer } from './helpers/server.ts';
import { makeVisit, tinyWav } from './helpers/visits.ts';

for (const engine of testEngines()) {
  describe(`kiosk API on ${engine}`, () => {
    let server: TestServer;
    let kiosk: PairedKiosk;
    before(async () => {
      server = await startTestServer(engine);
      kiosk = await pairKiosk(server);
    });
    after(async () => server?.close());

    const count = async (table: string) => Number((await server.tdb.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n);

    describe('pairing', () => {
      it('pairs with a fresh code and answers the showroom', async () => {
        const { code } = await issuePairingCode(server.tdb.db, 'demo');
        const r = await api(server, 'POST', '/devices/pair', { body: { code: code.toLowerCase(), name: 'Front desk' } });
        assert.equal(r.status, 201);
        assert.match(r.json.deviceId, /^[0-9a-f-]{36}$/);
        assert.ok(r.json.token.length >= 40);
        assert.deepEqual(r.json.showroom, { slug: 'demo', name: 'Demo Showroom' });
        const stored = await server.tdb.db.query<{ token_hash: unknown }>('select token_hash from devices where id = $1', [r.json.deviceId]);
        assert.ok(!Buffer.from(stored.rows[0]!.token_hash as Uint8Array).toString('utf8').includes(r.json.token), 'token is stored hashed');
      });

      it('refuses a used code, an unknown code and an expired code', async () => {
        const { code } = await issuePairingCode(server.tdb.db, 'demo');
        assert.equal((await api(server, 'POST', '/devices/pair', { body: { code, name: 'a' } })).status, 201);
        const used = await api(server, 'POST', '/devices/pair', { body: { code, name: 'b' } });
        assert.equal(used.status, 400);
        assert.equal(used.json.error.code, 'invalid_pairing_code');
        assert.equal((await api(server, 'POST', '/devices/pair', { body: { code: 'ZZZZ-ZZZZ', name: 'b' } })).status, 400);
        const old = await issuePairingCode(server.tdb.db, 'demo');
        await server.tdb.db.query(`update pairing_codes set expires_at = now() - interval '1 second' where used_at is null`);
        assert.equal((await api(server, 'POST', '/devices/pair', { body: { code: old.code, name: 'c' } })).status, 400);
      });
    });

    describe('config', () => {
      it('serves both models with parts, pairs, avatars and consent in zh-CN and en, with an ETag', async () => {
        const r = await api(server, 'GET', '/kiosk/config', { headers: kiosk.auth });
        assert.equal(r.status, 200);
        const c = r.json;
        assert.equal(c.showroom.slug, 'demo');
        assert.ok(c.activityVersion >= 1);
        assert.equal(c.products.length, 2);
        for (const p of c.products) {
          assert.ok(p.parts.length >= 8 && p.pairs.length >= 3);
          assert.ok(p.name['zh-CN'] && p.name.en);
          assert.match(p.picture, /^\/assets\/[0-9a-f]{64}$/);
        }
        assert.ok(c.avatars.length >= 6);
        assert.ok(c.consent.textVersion && c.consent.text['zh-CN'] && c.consent.text.en);
        const etag = r.headers.get('etag')!;
        assert.ok(etag);
        const again = await api(server, 'GET', '/kiosk/config', { headers: { ...kiosk.auth, 'if-none-match': etag } });
        assert.equal(again.status, 304);
        const pic = await fetch(server.base + c.products[0].picture);
        assert.equal(pic.status, 200);
        assert.equal(pic.headers.get('content-type'), 'image/svg+xml');
        assert.match(pic.headers.get('cache-control')!, /immutable/);
      });

      it('answers 401 without a token, with a bad token and after revocation', async () => {
        assert.equal((await api(server, 'GET', '/kiosk/config')).status, 401);
        const bad = await api(server, 'GET', '/kiosk/config', { headers: { authorization: 'Bearer ' + 'x'.repeat(43) } });
        assert.equal(bad.status, 401);
        assert.equal(bad.json.error.code, 'unauthorized');
        const other = await pairKiosk(server);
        assert.ok(await revokeDevice(server.tdb.db, other.deviceId));
        assert.equal((await api(server, 'GET', '/kiosk/config', { headers: other.auth })).status, 401);
        assert.equal((await api(server, 'POST', '/visits', { headers: other.auth, body: makeVisit(kiosk.config) })).status, 401);
      });
    });

    describe('visits', () => {
      it('stores a whole visit once and answers a replay with the same ticket', async () => {
        const visit = makeVisit(kiosk.config);
        const first = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: visit });
        assert.equal(first.status, 201, first.text);
        assert.equal(first.json.visitId, visit.id);
        assert.match(first.json.ticket, /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
        const again = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: visit });
        assert.equal(again.status, 200);
        assert.equal(again.json.ticket, first.json.ticket);
        const rows = await server.tdb.db.query<{ n: number }>('select count(*)::int as n from ratings where visit_id = $1', [visit.id]);
        assert.equal(rows.rows[0]!.n, visit.ratings.length);
      });

      it('stores 20 concurrent sends of one visit once, with one ticket', async () => {
        const visit = makeVisit(kiosk.config);
        const results = await Promise.all(Array.from({ length: 20 }, () => api(server, 'POST', '/visits', { headers: kiosk.auth, body: visit })));
        const statuses = results.map((r) => r.status).sort();
        assert.equal(statuses.filter((s) => s === 201).length, 1, `statuses: ${statuses}`);
        assert.equal(statuses.filter((s) => s === 200).length, 19);
        assert.equal(new Set(results.map((r) => r.json.ticket)).size, 1);
        const n = await server.tdb.db.query<{ n: number }>('select count(*)::int as n from visits where id = $1', [visit.id]);
        assert.equal(n.rows[0]!.n, 1);
        const ideas = await server.tdb.db.query<{ n: number }>('select count(*)::int as n from ideas where visit_id = $1', [visit.id]);
        assert.equal(ideas.rows[0]!.n, 1);
      });

      it('answers 409 for the same id with different content', async () => {
        const visit = makeVisit(kiosk.config);
        assert.equal((await api(server, 'POST', '/visits', { headers: kiosk.auth, body: visit })).status, 201);
        const changed = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: { ...visit, ageBand: '4-6' } });
        assert.equal(changed.status, 409);
        assert.equal(changed.json.error.code, 'conflict');
      });

      it('refuses parts, pairs and products from another product or activity (422), writing nothing', async () => {
        const [a, b] = kiosk.config.products;
        const before = await count('visits');
        const wrongPart = makeVisit(kiosk.config, { ratings: [{ partId: b!.parts[0]!.id, face: 5 }], favourites: [] });
        const r1 = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: wrongPart });
        assert.equal(r1.status, 422);
        assert.equal(r1.json.error.code, 'unknown_reference');
        const wrongPair = makeVisit(kiosk.config, { choices: [{ pairId: b!.pairs[0]!.id, picked: 'a' }] });
        assert.equal((await api(server, 'POST', '/visits', { headers: kiosk.auth, body: wrongPair })).status, 422);
        assert.equal((await api(server, 'POST', '/visits', { headers: kiosk.auth, body: makeVisit(kiosk.config, { productId: randomUUID() }) })).status, 422);
        assert.equal((await api(server, 'POST', '/visits', { headers: kiosk.auth, body: makeVisit(kiosk.config, { activityVersion: 999 }) })).status, 422);
        const badConsent = makeVisit(kiosk.config, { consent: { gallery: false, voice: false, nickname: false, textVersion: 'nope' } });
        assert.equal((await api(server, 'POST', '/visits', { headers: kiosk.auth, body: badConsent })).status, 422);
        assert.equal((await api(server, 'POST', '/visits', { headers: kiosk.auth, body: makeVisit(kiosk.config, { avatar: 'dragon' }) })).status, 422);
        assert.ok(a);
        assert.equal(await count('visits'), before);
      });

      it('checks favourites, voice consent, voice containers and sizes', async () => {
        const product = kiosk.config.products[0]!;
        const cases: Array<[string, Partial<Parameters<typeof makeVisit>[1]>]> = [
          ['favourite not rated', { ratings: [{ partId: product.parts[0]!.id, face: 3 }], favourites: [product.parts[1]!.id] }],
          ['favourite twice', { ratings: [{ partId: product.parts[0]!.id, face: 3 }], favourites: [product.parts[0]!.id, product.parts[0]!.id] }],
          ['four favourites', { favourites: product.parts.slice(0, 4).map((p) => p.id) }],
          ['voice without consent', { idea: { kind: 'voice', mime: 'audio/wav', durationMs: 1000, audio: tinyWav() } }],
          ['voice too long', { consent: { ...makeVisit(kiosk.config).consent, voice: true }, idea: { kind: 'voice', mime: 'audio/wav', durationMs: 30_001, audio: tinyWav() } }],
          ['voice not a wav', { consent: { ...makeVisit(kiosk.config).consent, voice: true }, idea: { kind: 'voice', mime: 'audio/wav', durationMs: 1000, audio: Buffer.from('hello this is not audio').toString('base64') } }],
          ['nickname too long', { nickname: 'abcdefghijklm' }],
          ['face 6', { ratings: [{ partId: product.parts[0]!.id, face: 6 as 5 }], favourites: [] }],
          ['completed before started', { startedAt: '2026-01-01T10:00:00Z', completedAt: '2026-01-01T09:00:00Z' }],
          ['text idea too long', { idea: { kind: 'text', text: 'x'.repeat(501) } }],
        ];
        const before = await count('visits');
        for (const [name, override] of cases) {
          const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: makeVisit(kiosk.config, override) });
          assert.ok(r.status >= 400 && r.status < 500, `${name}: ${r.status}`);
          assert.equal(typeof r.json?.error?.message, 'string', `${name}: error shape`);
        }
        assert.equal(await count('visits'), before);
      });

      it('stores a consented voice idea as media', async () => {
        const base = makeVisit(kiosk.config);
        const visit = makeVisit(kiosk.config, { consent: { ...base.consent, voice: true }, idea: { kind: 'voice', mime: 'audio/wav', durationMs: 1200, audio: tinyWav() } });
        const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: visit });
        assert.equal(r.status, 201, r.text);
        const media = await server.tdb.db.query<{ n: number }>('select count(*)::int as n from media where visit_id = $1', [visit.id]);
        assert.equal(media.rows[0]!.n, 1);
      });

      it('redacts personal information in text ideas and nicknames and flags them', async () => {
        const visit = makeVisit(kiosk.config, { nickname: '13812345678', idea: { kind: 'text', text: 'call my mum 138 1234 5678 about a flying car' } });
        const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: visit });
        assert.equal(r.status, 201, r.text);
        const idea = await server.tdb.db.query<{ text: string; flags: string[] }>('select text, flags from ideas where visit_id = $1', [visit.id]);
        assert.ok(!/\d{3}\s?\d{4}\s?\d{4}/.test(idea.rows[0]!.text), idea.rows[0]!.text);
        assert.ok(idea.rows[0]!.text.includes('flying car'));
        assert.ok(idea.rows[0]!.flags.includes('pii_redacted'));
        const v = await server.tdb.db.query<{ nickname: string; nickname_flagged: boolean }>('select nickname, nickname_flagged from visits where id = $1', [visit.id]);
        assert.ok(!v.rows[0]!.nickname.includes('13812345678'));
        assert.equal(v.rows[0]!.nickname_flagged, true);
      });

      it('refuses invisible and text-direction characters in nicknames with a 400 that says why', async () => {
        for (const ch of ['\u200b', '\u200d', '\u202e', '\u2066', '\u2060', '\ufeff', '\u00ad']) {
          const visit = makeVisit(kiosk.config, { nickname: `Li${ch}ly` });
          const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: visit });
          assert.equal(r.status, 400, `U+${ch.charCodeAt(0).toString(16)}: ${r.text}`);
          assert.equal(r.json.error.code, 'validation_failed');
          assert.match(r.json.error.message, /nickname must not contain invisible or text-direction characters/);
          const stored = await server.tdb.db.query('select 1 from visits where id = $1', [visit.id]);
          assert.equal(stored.rows.length, 0);
        }
        const ok = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: makeVisit(kiosk.config, { nickname: '小熊❤️🐻' }) });
        assert.equal(ok.status, 201, 'emoji (with a variation selector) are fine');
        const doc = (await api(server, 'GET', '/openapi.json')).json;
        assert.match(JSON.stringify(doc), /u200b-\\\\u200f/, 'the refusal is part of the published schema');
      });

      it('redacts disguised numbers and flags digit-heavy text that is left', async () => {
        const cases: Array<[string, string, string[]]> = [
          ['我的电话1\u200b3\u200b8/1234/5678，想要会飞的车', '我的电话[phone]，想要会飞的车', ['pii_redacted']],
          ['call ①③⑧①②③④⑤⑥⑦⑧ for a flying car', 'call [phone] for a flying car', ['pii_redacted']],
          ['QQ 2846 1937 加我', 'QQ [qq] 加我', ['pii_redacted']],
          ['我家在杭州西湖区文三路', '我家在[address]', ['pii_redacted']],
          ['我的号码138加1234加5678', '我的号码138加1234加5678', ['many_digits']],
        ];
        for (const [text, stored, flags] of cases) {
          const visit = makeVisit(kiosk.config, { idea: { kind: 'text', text } });
          const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: visit });
          assert.equal(r.status, 201, r.text);
          const idea = await server.tdb.db.query<{ text: string; flags: string[]; moderation: string }>('select text, flags, moderation from ideas where visit_id = $1', [visit.id]);
          assert.deepEqual(idea.rows[0], { text: stored, flags, moderation: 'pending' });
        }
        const invisibleOnly = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: makeVisit(kiosk.config, { idea: { kind: 'text', text: '\u200b\u202e\ufeff' } }) });
        assert.equal(invisibleOnly.status, 400, 'text made only of invisible characters is blank');
        const nick = makeVisit(kiosk.config, { nickname: '①③⑧①②③④⑤⑥⑦⑧' });
        assert.equal((await api(server, 'POST', '/visits', { headers: kiosk.auth, body: nick })).status, 201);
        const v = await server.tdb.db.query<{ nickname: string; nickname_flagged: boolean }>('select nickname, nickname_flagged from visits where id = $1', [nick.id]);
        assert.deepEqual(v.rows[0], { nickname: '[phone]', nickname_flagged: true });
      });

      it('answers 413 for a body over 2 MB', async () => {
        const visit = makeVisit(kiosk.config, { nickname: 'a' });
        const raw = JSON.stringify({ ...visit, padding: 'x'.repeat(2 * 1024 * 1024 + 10) });
        const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, raw });
        assert.equal(r.status, 413);
        assert.equal(r.json.error.code, 'payload_too_large');
      });
    });

    describe('tickets', () => {
      it('shows the visit to the family, exports it, deletes it, and refuses a replay afterwards', async () => {
        const visit = makeVisit(kiosk.config, { nickname: 'Lulu', consent: { ...makeVisit(kiosk.config).consent, nickname: false } });
        const { json } = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: visit });
        const ticket: string = json.ticket;

        const view = await api(server, 'GET', `/tickets/${ticket.toLowerCase().replace('-', '')}`);
        assert.equal(view.status, 200);
        assert.equal(view.json.ticket, ticket);
        assert.equal(view.json.nickname, null, 'nickname hidden without consent');
        assert.equal(view.json.ratings.length, visit.ratings.length);
        assert.equal(view.json.idea.kind, 'drawing');
        assert.equal(view.json.idea.moderation, 'pending');
        assert.equal(view.json.product.key, kiosk.config.products[0]!.key);

        const exported = await api(server, 'GET', `/tickets/${ticket}/export`);
        assert.equal(exported.status, 200);
        assert.equal(exported.json.visit.ticket, ticket);
        assert.deepEqual(exported.json.visit.idea.drawing.strokes, (visit.idea as { strokes: unknown }).strokes);

        const del = await api(server, 'DELETE', `/tickets/${ticket}`);
        assert.equal(del.status, 200);
        const after = await api(server, 'GET', `/tickets/${ticket}`);
        assert.equal(after.status, 410);
        assert.equal(after.json.error.code, 'gone');
        for (const table of ['visits', 'ratings', 'choices', 'favourites', 'ideas', 'media']) {
          const col = table === 'visits' ? 'id' : 'visit_id';
          const n = await server.tdb.db.query<{ n: number }>(`select count(*)::int as n from ${table} where ${col} = $1`, [visit.id]);
          assert.equal(n.rows[0]!.n, 0, `${table} emptied`);
        }
        const replay = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: visit });
        assert.equal(replay.status, 410);
        const stillGone = await server.tdb.db.query<{ n: number }>('select count(*)::int as n from visits where id = $1', [visit.id]);
        assert.equal(stillGone.rows[0]!.n, 0);
      });

      it('answers 404 for unknown codes and 400 for malformed ones', async () => {
        const unknown = await api(server, 'GET', '/tickets/ABCDE-FGHJK');
        assert.equal(unknown.status, 404);
        assert.equal(unknown.json.error.code, 'not_found');
        const malformed = await api(server, 'GET', '/tickets/hello');
        assert.equal(malformed.status, 400);
      });
    });

    describe('errors', () => {
      it('answers every framework error in the documented shape', async () => {
        const cases = [
          await api(server, 'POST', '/visits', { headers: kiosk.auth, raw: '{"id": ' }),
          await api(server, 'POST', '/visits', { headers: { ...kiosk.auth, 'content-type': 'text/plain' }, raw: 'hello' }),
          await api(server, 'GET', '/nope'),
          await api(server, 'GET', '/tickets/%E0%A4%A'),
          await api(server, 'POST', '/visits', { headers: kiosk.auth, body: [] }),
          await api(server, 'POST', '/devices/pair', { body: { code: 'x' } }),
        ];
        for (const r of cases) {
          assert.ok(r.status >= 400 && r.status < 500, `status ${r.status}: ${r.text}`);
          assert.equal(typeof r.json?.error?.code, 'string', r.text);
          assert.equal(typeof r.json?.error?.message, 'string', r.text);
        }
        assert.equal(cases[1]!.status, 415);
        assert.equal(cases[2]!.status, 404);
      });

      it('publishes the OpenAPI description with the kiosk paths', async () => {
        const r = await api(server, 'GET', '/openapi.json');
        assert.equal(r.status, 200);
        for (const path of ['/api/v1/devices/pair', '/api/v1/kiosk/config', '/api/v1/visits', '/api/v1/tickets/{ticket}']) {
          assert.ok(r.json.paths[path], `${path} documented`);
        }
      });

      it('reports liveness and readiness', async () => {
        assert.equal((await fetch(server.base + '/healthz')).status, 200);
        const ready = await fetch(server.base + '/readyz');
        assert.equal(ready.status, 200);
        assert.equal(((await ready.json()) as { engine: string }).engine, engine);
      });
    });
  });
}
