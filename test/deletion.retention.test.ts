/**
 * Family deletion and the retention job remove children's media and text for real: checked
 * with SQL in the database, not through the API. What stays behind (the deletion log) is
 * hashes and times only.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeTicket, ticketHash } from '../src/core/ticket.ts';
import { runRetention } from '../src/server/services/retention.service.ts';
import { visitIdHash } from '../src/server/services/visit.service.ts';
import { testEngines } from './helpers/engines.ts';
import { pairKiosk, startTestServer, type TestServer } from './helpers/server.ts';
import { tinyWav } from './helpers/visits.ts';
import { sampleDrawing, sendVisit, type Kiosk } from './public.helpers.ts';

const columnsOf = async (server: TestServer, table: string) =>
  (await server.tdb.db.query<{ c: string }>(`select column_name as c from information_schema.columns where table_name = $1 order by column_name`, [table])).rows.map((r) => r.c);

for (const engine of testEngines()) {
  describe(`deletion and retention on ${engine}`, () => {
    let server: TestServer;
    let kiosk: Kiosk;
    before(async () => {
      server = await startTestServer(engine);
      const k = await pairKiosk(server);
      kiosk = { base: server.base, auth: k.auth, config: k.config };
    });
    after(async () => server?.close());
    const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => server.tdb.db.query<T>(sql, params).then((r) => r.rows);
    const withAll = { gallery: true, voice: true, nickname: true, textVersion: '' };
    const voice = { kind: 'voice' as const, mime: 'audio/wav' as const, durationMs: 1000, audio: tinyWav() };

    it('a family deletion leaves no row of the visit, its answers, idea or media; the log keeps two hashes and a time', async () => {
      const consent = { ...withAll, textVersion: kiosk.config.consent.textVersion };
      const spoken = await sendVisit(kiosk, { nickname: 'Erasable', consent, idea: voice });
      const written = await sendVisit(kiosk, { nickname: 'Erasable', consent, idea: { kind: 'text', text: 'Erase this idea please' } });
      const mediaId = (await q<{ id: string }>('select id from media where visit_id = $1', [spoken.id]))[0]!.id;
      for (const v of [spoken, written]) {
        const r = await fetch(`${server.base}/api/v1/tickets/${v.ticket}`, { method: 'DELETE' });
        assert.equal(r.status, 200, await r.text());
      }
      for (const v of [spoken, written]) {
        const [left] = await q<{ n: number }>(
          `select (select count(*) from visits where id = $1)::int + (select count(*) from ideas where visit_id = $1)::int
                + (select count(*) from media where visit_id = $1)::int + (select count(*) from ratings where visit_id = $1)::int
                + (select count(*) from choices where visit_id = $1)::int + (select count(*) from favourites where visit_id = $1)::int as n`,
          [v.id],
        );
        assert.equal(left!.n, 0, 'nothing of the visit is left');
      }
      assert.equal((await q('select 1 from media where id = $1', [mediaId])).length, 0, 'the recording is gone');
      assert.equal((await q(`select 1 from ideas where text like '%Erase this idea%'`)).length, 0, 'the text is gone');
      assert.equal((await q(`select 1 from visits where nickname = 'Erasable'`)).length, 0, 'the nickname is gone');

      // The deletion log: exactly these columns, and for this visit only its two hashes.
      assert.deepEqual(await columnsOf(server, 'visit_tombstones'), ['deleted_at', 'id_hash', 'ticket_hash']);
      const [stone] = await q<{ id_hash: Uint8Array; ticket_hash: Uint8Array; deleted_at: Date }>(
        'select id_hash, ticket_hash, deleted_at from visit_tombstones where ticket_hash = $1',
        [ticketHash(normalizeTicket(written.ticket)!)],
      );
      assert.ok(stone, 'a tombstone exists');
      assert.deepEqual(Buffer.from(stone.id_hash), visitIdHash(written.id), 'a hash of the visit id (refuses a replay), not the id');
      assert.ok(stone.deleted_at instanceof Date && Date.now() - stone.deleted_at.getTime() < 3_600_000);
      const stoneText = JSON.stringify(await q('select encode(id_hash, \'hex\') as a, encode(ticket_hash, \'hex\') as b from visit_tombstones'));
      assert.ok(!stoneText.includes(written.id.replace(/-/g, '')) && !stoneText.toLowerCase().includes(written.ticket.replace('-', '').toLowerCase()));
      // The audit trail says a family deleted a visit, and nothing about which one.
      const audit = await q<{ target: string | null; details: unknown }>(`select target, details from audit_log where actor = 'family' and action = 'visit.deleted'`);
      assert.ok(audit.length >= 2);
      for (const a of audit) assert.ok(!JSON.stringify(a).includes(written.id) && !JSON.stringify(a).includes(written.ticket));
    });

    it('a retention run removes old voice, drawings, typed ideas and nicknames from the rows; its log holds counts only', async () => {
      const consent = { ...withAll, textVersion: kiosk.config.consent.textVersion };
      const oldVoice = await sendVisit(kiosk, { nickname: 'Oldvoice', consent, idea: voice });
      const oldDrawing = await sendVisit(kiosk, { nickname: 'Olddrawing', consent, idea: sampleDrawing() });
      const oldText = await sendVisit(kiosk, { nickname: 'Oldtext', consent, idea: { kind: 'text', text: 'An old typed idea' } });
      const fresh = await sendVisit(kiosk, { nickname: 'Fresh', consent, idea: voice });
      const now = new Date();
      const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
      // Back-date: voice 100 days (limit 90), drawing/text/nickname 400 days (limit 365).
      await q('update media set created_at = $2 where visit_id = $1', [oldVoice.id, daysAgo(100)]);
      for (const v of [oldDrawing, oldText]) {
        await q('update ideas set created_at = $2 where visit_id = $1', [v.id, daysAgo(400)]);
        await q('update visits set completed_at = $2, started_at = $2 where id = $1', [v.id, daysAgo(400)]);
      }
      const result = await runRetention(server.tdb.db, now);
      assert.ok(result);
      assert.ok(result.voice >= 1 && result.drawings >= 1 && result.texts >= 1 && result.nicknames >= 2);

      assert.equal((await q('select 1 from media where visit_id = $1', [oldVoice.id])).length, 0, 'the old recording row is gone');
      assert.equal((await q('select 1 from media where visit_id = $1', [fresh.id])).length, 1, 'a recent one stays');
      const [voiceIdea] = await q<{ media_id: string | null }>('select media_id from ideas where visit_id = $1', [oldVoice.id]);
      assert.equal(voiceIdea!.media_id, null);
      const [drawing] = await q<{ drawing: unknown; flags: string[] }>('select drawing, flags from ideas where visit_id = $1', [oldDrawing.id]);
      assert.equal(drawing!.drawing, null, 'the strokes are gone from the row');
      assert.ok(drawing!.flags.includes('drawing_expired'));
      const [text] = await q<{ text: string | null; flags: string[] }>('select text, flags from ideas where visit_id = $1', [oldText.id]);
      assert.equal(text!.text, null, 'the typed words are gone from the row');
      assert.ok(text!.flags.includes('text_expired'));
      assert.equal((await q(`select 1 from ideas where text = 'An old typed idea'`)).length, 0);
      const nicks = await q<{ nickname: string | null; id: string }>('select id, nickname from visits where id = any($1::uuid[])', [[oldDrawing.id, oldText.id, fresh.id]]);
      assert.deepEqual(nicks.filter((n) => n.nickname !== null).map((n) => n.nickname), ['Fresh'], 'old nicknames are gone, a fresh one stays');

      assert.deepEqual(await columnsOf(server, 'retention_log'), ['at', 'id', 'items', 'kind']);
      const log = await q<{ kind: string; items: number }>('select kind, items from retention_log order by id');
      assert.deepEqual(new Set(log.map((l) => l.kind)), new Set(['voice', 'drawing', 'text', 'nickname']));
      // The family page of an expired drawing still works and shows no drawing.
      const page = await (await fetch(`${server.base}/t/${oldDrawing.ticket}?lang=en`)).text();
      assert.doesNotMatch(page, /class="drawing"/);
    });
  });
}
