/**
 * Consent is enforced by the server (issue 12, finding 6): each public surface shows an idea or
 * a nickname only when the grown-up turned its toggle on AND the consent text version the visit
 * recorded names that surface. Checked on the pages and APIs a visitor or staff member sees.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CURRENT_CONSENT, LEGACY_COVERS, LEGACY_TOGGLES } from '../src/core/consent.ts';
import { loadMigrations, migrate } from '../src/db/migrate.ts';
import { currentConsentText } from '../src/db/repositories/catalog.repository.ts';
import { freshDatabase, testEngines } from './helpers/engines.ts';
import { api, pairKiosk, startTestServer, type TestServer } from './helpers/server.ts';
import { staffClient, type StaffClient } from './helpers/staff.ts';
import { makeVisit, tinyWav } from './helpers/visits.ts';
import { moderate, sampleDrawing, sendVisit, type Kiosk } from './public.helpers.ts';

const CONTACT = 'Wang Li, data protection officer, privacy@showroom.example';
const OLD = '2026-11-consent-1';

for (const engine of testEngines()) {
  describe(`consent enforcement on ${engine}`, () => {
    let server: TestServer;
    let kiosk: Kiosk;
    let moderator: StaffClient;
    let admin: StaffClient;
    before(async () => {
      server = await startTestServer(engine, { PRIVACY_CONTACT: CONTACT });
      // A version from before migration 008, as an upgraded installation has it: its words
      // named only the gallery and the wall (the migration backfills exactly that).
      await server.tdb.db.query(
        `insert into consent_texts (version, text_zh, text_en, covers, toggles, created_at) values ($1, 'old', 'old', $2, $3, '2026-11-01T00:00:00Z')`,
        [OLD, [...LEGACY_COVERS], JSON.stringify(LEGACY_TOGGLES)],
      );
      const k = await pairKiosk(server);
      kiosk = { base: server.base, auth: k.auth, config: k.config };
      moderator = await staffClient(server, 'moderator');
      admin = await staffClient(server, 'admin');
    });
    after(async () => server?.close());

    const page = async (path: string) => (await fetch(server.base + path)).text();
    const off = (textVersion = kiosk.config.consent.textVersion) => ({ gallery: false, voice: false, nickname: false, textVersion });
    const on = (textVersion = kiosk.config.consent.textVersion) => ({ gallery: true, voice: false, nickname: true, textVersion });
    const ideaId = async (visitId: string) => (await server.tdb.db.query<{ id: string }>('select id from ideas where visit_id = $1', [visitId])).rows[0]!.id;
    const approve = (visitId: string, replyEn: string) => moderate(server.tdb.db, visitId, { moderation: 'approved', status: 'heard', replyEn, replyZh: replyEn });
    const wallIds = async () => new Set(((await (await fetch(`${server.base}/api/v1/wall/demo`)).json()) as { drawings: Array<{ id: string }> }).drawings.map((d) => d.id));
    const galleryIds = async () => new Set(((await moderator.call('GET', '/ideas?gallery=true&pageSize=100')).json.items as Array<{ id: string }>).map((i) => i.id));
    const board = () => page('/heard/?lang=en');

    it('records the current consent version, which migration 008 wrote as src/core/consent.ts says, and serves its words and contact', async () => {
      const { rows } = await server.tdb.db.query<{ text_zh: string; text_en: string; covers: string[]; toggles: unknown }>(
        'select text_zh, text_en, covers, toggles from consent_texts where version = $1',
        [CURRENT_CONSENT.version],
      );
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.text_zh, CURRENT_CONSENT.text.zh);
      assert.equal(rows[0]!.text_en, CURRENT_CONSENT.text.en);
      assert.deepEqual([...rows[0]!.covers].sort(), [...CURRENT_CONSENT.covers].sort());
      assert.deepEqual(rows[0]!.toggles, CURRENT_CONSENT.toggles);
      const c = kiosk.config.consent;
      assert.equal(c.textVersion, CURRENT_CONSENT.version, 'the kiosk records the newest version, not an older one');
      assert.equal(c.contact, CONTACT);
      assert.match(c.toggles!.gallery.en, /board/, 'toggle 1 names the board');
      assert.match(c.toggles!.nickname.en, /board/, 'toggle 3 names the board');
      assert.ok(c.covers!.includes('text:board'));
      const { id } = await sendVisit(kiosk, { consent: on() });
      const stored = await server.tdb.db.query<{ v: string }>('select consent_text_version as v from visits where id = $1', [id]);
      assert.equal(stored.rows[0]!.v, CURRENT_CONSENT.version);
    });

    it('refuses voice without consent and stores nothing of it', async () => {
      const voice = { kind: 'voice' as const, mime: 'audio/wav' as const, durationMs: 1000, audio: tinyWav() };
      const body = makeVisit(kiosk.config, { consent: off(), idea: voice });
      const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body });
      assert.equal(r.status, 400);
      assert.match(r.json.error.message, /consent\.voice/);
      const left = await server.tdb.db.query<{ n: number }>(
        'select (select count(*) from visits where id = $1)::int + (select count(*) from media m where m.visit_id = $1)::int as n',
        [body.id],
      );
      assert.equal(left.rows[0]!.n, 0);
      const ok = await sendVisit(kiosk, { consent: { ...off(), voice: true }, idea: voice });
      assert.equal((await server.tdb.db.query('select 1 from media where visit_id = $1', [ok.id])).rows.length, 1, 'with consent it is kept');
    });

    it('keeps an approved drawing without public consent off the wall, the gallery and the board', async () => {
      const hidden = await sendVisit(kiosk, { consent: off(), idea: sampleDrawing() });
      const shown = await sendVisit(kiosk, { consent: on(), idea: sampleDrawing() });
      await approve(hidden.id, 'Reply to a private drawing');
      await approve(shown.id, 'Reply to a public drawing');
      const [h, s] = [await ideaId(hidden.id), await ideaId(shown.id)];
      const wall = await wallIds();
      const gallery = await galleryIds();
      const html = await board();
      assert.ok(wall.has(s) && gallery.has(s) && html.includes('Reply to a public drawing'), 'the consented drawing is on all three');
      assert.ok(!wall.has(h), 'not on the wall');
      assert.ok(!gallery.has(h), 'not in the gallery');
      assert.ok(!html.includes('Reply to a private drawing'), 'not on the board, not even as a card');
      const family = await page(`/t/${hidden.ticket}?lang=en`);
      assert.match(family, /stays with the product team/, 'the family page says it stays private');
      assert.doesNotMatch(family, /is on the “You said, we did” board/);
    });

    it('keeps an approved text idea without public consent off the board', async () => {
      const hidden = await sendVisit(kiosk, { consent: off(), idea: { kind: 'text', text: 'A secret tunnel under the seats' } });
      const shown = await sendVisit(kiosk, { consent: on(), idea: { kind: 'text', text: 'A window in the floor' } });
      await approve(hidden.id, 'r1');
      await approve(shown.id, 'r2');
      const html = await board();
      assert.ok(html.includes('A window in the floor'));
      assert.ok(!html.includes('A secret tunnel'), 'a typed idea needs the public consent too');
      const family = await (await fetch(`${server.base}/api/v1/tickets/${hidden.ticket}`)).json() as { idea: { public: boolean; moderation: string } };
      assert.equal(family.idea.moderation, 'approved');
      assert.equal(family.idea.public, false);
    });

    it('never stretches an older consent version to a surface its words did not name', async () => {
      const text = await sendVisit(kiosk, { nickname: 'Oldie', consent: on(OLD), idea: { kind: 'text', text: 'Old consent text idea' } });
      const drawing = await sendVisit(kiosk, { nickname: 'Olddraw', consent: on(OLD), idea: sampleDrawing() });
      await approve(text.id, 'old text reply');
      await approve(drawing.id, 'old drawing reply');
      const d = await ideaId(drawing.id);
      assert.ok((await wallIds()).has(d), 'version 1 named the wall');
      assert.ok((await galleryIds()).has(d), 'version 1 named the gallery');
      const html = await board();
      assert.ok(!html.includes('Old consent text idea') && !html.includes('old text reply'), 'version 1 did not name the board for text');
      assert.ok(!html.includes('old drawing reply'), 'version 1 did not name the board for drawings');
      assert.ok(!html.includes('Oldie') && !html.includes('Olddraw'), 'nor for nicknames');
      const cert = await page(`/t/${text.ticket}?lang=en`);
      assert.ok(cert.includes('Oldie'), 'version 1 named the certificate');
    });

    it('never shows a nickname without consent: board, wall, family page, its JSON, the inbox or the exports', async () => {
      const secret = await sendVisit(kiosk, { nickname: 'Zorblax', consent: { ...on(), nickname: false }, idea: { kind: 'text', text: 'Nickname test idea' } });
      const open = await sendVisit(kiosk, { nickname: 'Quillon', consent: on(), idea: { kind: 'text', text: 'Nickname shown idea' } });
      await approve(secret.id, 'n1');
      await approve(open.id, 'n2');
      const html = await board();
      assert.ok(html.includes('Nickname test idea') && html.includes('by Quillon'), 'control: the consented nickname is shown');
      assert.ok(!html.includes('Zorblax'), 'board');
      assert.ok(!(await page('/api/v1/wall/demo')).includes('Zorblax'), 'wall');
      assert.ok(!(await page(`/t/${secret.ticket}?lang=en`)).includes('Zorblax'), 'family page certificate');
      assert.ok((await page(`/t/${open.ticket}?lang=en`)).includes('Quillon'), 'control: the family page shows a consented one');
      assert.equal(((await (await fetch(`${server.base}/api/v1/tickets/${secret.ticket}`)).json()) as { nickname: unknown }).nickname, null, 'ticket JSON');
      const stored = await server.tdb.db.query<{ nickname: string | null }>('select nickname from visits where id = $1', [secret.id]);
      assert.equal(stored.rows[0]!.nickname, null, 'not even stored: it would serve nothing');
      // The team never sees nicknames at all, consented or not: they are for the family and the public surfaces.
      const staffViews = [
        await moderator.call('GET', '/ideas?pageSize=100'),
        await admin.call('GET', '/export/answers.csv'),
        await admin.call('GET', '/audit?pageSize=200'),
      ];
      for (const v of staffViews) {
        assert.equal(v.status, 200);
        assert.ok(!v.text.includes('Zorblax') && !v.text.includes('Quillon'));
      }
      assert.ok(staffViews[0]!.text.includes('Nickname test idea'), 'control: the inbox lists the idea itself');
    });

    it('shows the short privacy notice with the contact and the recorded version on the family page, in both languages', async () => {
      const { ticket } = await sendVisit(kiosk, { consent: { ...off(), voice: true } });
      const en = await page(`/t/${ticket}?lang=en`);
      assert.ok(en.includes('Privacy notice (short form)') && en.includes(CONTACT) && en.includes(`notice version ${CURRENT_CONSENT.version}`));
      assert.match(en, /Keep the voice recording for the product team: <strong>yes<\/strong>/);
      assert.match(en, /publicly \(gallery, wall, board\): <strong>no<\/strong>/);
      const zh = await page(`/t/${ticket}?lang=zh-CN`);
      assert.ok(zh.includes('隐私说明（简版）') && zh.includes(`儿童个人信息保护负责人：${CONTACT}`) && zh.includes(CURRENT_CONSENT.version));
    });
  });
}

for (const engine of testEngines()) {
  describe(`migration 008 on an installation from before it, on ${engine}`, () => {
    it('gives the old version only the uses its words named, and makes the new version the current one', async () => {
      const tdb = await freshDatabase(engine);
      try {
        const before = (await loadMigrations()).filter((m) => m.id < '008');
        await tdb.db.transaction(async (tx) => {
          await tx.exec('create table schema_migrations (id text primary key, applied_at timestamptz not null default now())');
          for (const m of before) {
            await tx.exec(m.sql);
            await tx.query('insert into schema_migrations (id) values ($1)', [m.id]);
          }
          await tx.query(`insert into consent_texts (version, text_zh, text_en) values ($1, 'zh', 'en')`, [OLD]);
        });
        const applied = await migrate(tdb.db);
        assert.ok(applied.includes('008_consent_scope'));
        const old = (await tdb.db.query<{ covers: string[]; toggles: { gallery: { en: string } } }>('select covers, toggles from consent_texts where version = $1', [OLD])).rows[0]!;
        assert.deepEqual([...old.covers].sort(), [...LEGACY_COVERS].sort());
        assert.equal(old.toggles.gallery.en, LEGACY_TOGGLES.gallery.en);
        assert.equal((await currentConsentText(tdb.db))!.version, CURRENT_CONSENT.version);
        await assert.rejects(tdb.db.query(`insert into consent_texts (version, text_zh, text_en, covers) values ('x', 'a', 'b', array['voice:board'])`), 'an unknown use is refused');
      } finally {
        await tdb.drop();
      }
    });
  });
}
