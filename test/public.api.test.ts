import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from './helpers/engines.ts';
import { pairKiosk, startTestServer, type TestServer } from './helpers/server.ts';
import { staffClient } from './helpers/staff.ts';
import { moderate, sampleDrawing, sendVisit, SseReader, talliesOf, type Kiosk } from './public.helpers.ts';

for (const engine of testEngines()) {
  describe(`public surfaces on ${engine}`, () => {
    let server: TestServer;
    let kiosk: Kiosk;
    before(async () => {
      server = await startTestServer(engine);
      const k = await pairKiosk(server);
      kiosk = { base: server.base, auth: k.auth, config: k.config };
    });
    after(async () => server?.close());

    const get = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(server.base + path, { redirect: 'manual', ...init });
      return { status: res.status, headers: res.headers, text: await res.text() };
    };

    describe('family page', () => {
      it('renders a fresh ticket in the visit\'s language, switchable, private and script-free', async () => {
        const { ticket } = await sendVisit(kiosk, { locale: 'zh-CN', nickname: '小明' });
        const zh = await get(`/t/${ticket}`);
        assert.equal(zh.status, 200);
        assert.match(zh.headers.get('content-type')!, /^text\/html/);
        assert.equal(zh.headers.get('cache-control'), 'no-store');
        assert.match(zh.headers.get('content-security-policy')!, /script-src 'self'/);
        assert.match(zh.text, /<html lang="zh-CN">/);
        assert.match(zh.text, /小小产品顾问/);
        assert.ok(zh.text.includes(ticket));
        assert.ok(zh.text.includes('小明'));
        assert.doesNotMatch(zh.text, /<script(?![^>]*\bsrc=)/, 'no inline script');
        assert.doesNotMatch(zh.text, /\sstyle=/, 'no inline style');
        assert.match(zh.text, /noindex/);
        const en = await get(`/t/${ticket.toLowerCase().replace('-', '')}?lang=en`);
        assert.equal(en.status, 200);
        assert.match(en.text, /<html lang="en">/);
        assert.match(en.text, /Little Product Advisor/);
      });

      it('hides the nickname without consent and shows the idea\'s status and reply', async () => {
        const { id, ticket } = await sendVisit(kiosk, { nickname: 'Secret', consent: { gallery: false, voice: false, nickname: false, textVersion: kiosk.config.consent.textVersion }, idea: { kind: 'text', text: 'Wings!' } });
        await moderate(server.tdb.db, id, { moderation: 'approved', status: 'shipped', replyEn: 'Not wings, but a bigger sunroof.', replyZh: '没有翅膀，但有更大的天窗。' });
        const r = await get(`/t/${ticket}?lang=en`);
        assert.ok(!r.text.includes('Secret'));
        assert.ok(r.text.includes('Wings!'));
        assert.ok(r.text.includes('In the car now!'));
        assert.ok(r.text.includes('bigger sunroof'));
      });

      it('answers malformed, unknown and bad queries with friendly HTML, never a 5xx', async () => {
        const cases: Array<[string, number]> = [
          ['/t/not-a-code', 400],
          ['/t/ZZZZZ-ZZZZZ', 404],
          [`/t/${'A'.repeat(70)}`, 400],
          ['/t/%00%01', 400],
          ['/t/ZZZZZ-ZZZZZ?lang=fr', 400],
          ['/t/ZZZZZ-ZZZZZ/certificate.pdf', 404],
          ['/t/ZZZZZ-ZZZZZ/delete', 404],
          ['/t/ZZZZZ-ZZZZZ/nothing/here', 404],
          ['/t/?code=%F0%9F%98%80', 400],
          ['/heard/?page=0', 400],
          ['/heard/?page=abc', 400],
          ['/heard/?model=%3Cscript%3E', 400],
          ['/wall/NO_SUCH', 400],
          ['/wall/nowhere', 404],
        ];
        for (const [path, status] of cases) {
          const r = await get(path);
          assert.equal(r.status, status, path);
          assert.match(r.headers.get('content-type')!, /^text\/html/, path);
          assert.match(r.text, /<h1 id="message-title">/, path);
        }
      });

      it('serves the certificate as a PDF in either language', async () => {
        const { ticket } = await sendVisit(kiosk, { locale: 'zh-CN', nickname: '小明' });
        for (const lang of ['zh-CN', 'en']) {
          const res = await fetch(`${server.base}/t/${ticket}/certificate.pdf?lang=${lang}`);
          assert.equal(res.status, 200);
          assert.equal(res.headers.get('content-type'), 'application/pdf');
          assert.match(res.headers.get('content-disposition')!, new RegExp(`attachment; filename="little-advisors-${ticket}\\.pdf"`));
          const bytes = Buffer.from(await res.arrayBuffer());
          assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
          assert.ok(bytes.length < 200_000, `${bytes.length} bytes`);
        }
      });

      it('deletes through the confirm form: refused without the confirmation, then at once and for good', async () => {
        const { id, ticket } = await sendVisit(kiosk, { idea: sampleDrawing() });
        const confirm = await get(`/t/${ticket}/delete?lang=en`);
        assert.equal(confirm.status, 200);
        assert.match(confirm.text, /<form method="post" action="\/t\/[^"]+\/delete"/);
        const form = { 'content-type': 'application/x-www-form-urlencoded' };
        assert.equal((await get(`/t/${ticket}/delete`, { method: 'POST', headers: form, body: 'lang=en' })).status, 400);
        assert.equal((await get(`/t/${ticket}/delete`, { method: 'POST', headers: form, body: 'confirm=no' })).status, 400);
        assert.equal((await get(`/t/${ticket}/delete`, { method: 'POST', headers: form, body: 'confirm=yes&extra=1' })).status, 400);
        assert.equal((await get(`/t/${ticket}`)).status, 200, 'nothing deleted yet');
        const done = await get(`/t/${ticket}/delete`, { method: 'POST', headers: form, body: 'confirm=yes&lang=en' });
        assert.equal(done.status, 303);
        assert.equal(done.headers.get('location'), `/t/${ticket}?lang=en`);
        const after = await get(`/t/${ticket}?lang=en`);
        assert.equal(after.status, 410);
        assert.match(after.text, /Everything was deleted/);
        assert.equal((await fetch(`${server.base}/api/v1/tickets/${ticket}`)).status, 410);
        assert.equal((await get(`/t/${ticket}/delete`, { method: 'POST', headers: form, body: 'confirm=yes' })).status, 303, 'a second tap lands on the same page');
        const left = await server.tdb.db.query<{ n: number }>('select (select count(*) from visits where id = $1)::int + (select count(*) from ideas where visit_id = $1)::int as n', [id]);
        assert.equal(left.rows[0]!.n, 0);
        const audit = await server.tdb.db.query<{ n: number }>(`select count(*)::int as n from audit_log where actor = 'family' and action = 'visit.deleted'`);
        assert.ok(audit.rows[0]!.n >= 1);
      });
    });

    describe('board', () => {
      it('lists approved ideas only, newest first, paged, filtered by car, with consent rules', async () => {
        const suv = kiosk.config.products[1]!;
        const base = Date.now() - 3_600_000;
        const approved: string[] = [];
        for (let i = 0; i < 13; i++) {
          const v = await sendVisit(kiosk, { nickname: `Kid${i}`, consent: { gallery: i % 2 === 0 || i < 10, voice: false, nickname: i % 3 === 0, textVersion: kiosk.config.consent.textVersion }, idea: i < 10 ? { kind: 'text', text: `Idea number ${i}` } : sampleDrawing() });
          await moderate(server.tdb.db, v.id, { moderation: 'approved', status: 'heard', replyEn: `Reply ${i}`, replyZh: `回复 ${i}`, createdAt: new Date(base + i * 1000).toISOString() });
          approved.push(v.id);
        }
        const rejected = await sendVisit(kiosk, { idea: { kind: 'text', text: 'Rejected idea' } });
        await moderate(server.tdb.db, rejected.id, { moderation: 'rejected' });
        await sendVisit(kiosk, { idea: { kind: 'text', text: 'Pending idea' } });
        const suvVisit = await sendVisit(kiosk, { productId: suv.id, ratings: [{ partId: suv.parts[0]!.id, face: 4 }], choices: [], favourites: [], idea: { kind: 'text', text: 'SUV idea' } });
        await moderate(server.tdb.db, suvVisit.id, { moderation: 'approved', createdAt: new Date(base - 60_000).toISOString() });

        const p1 = await get('/heard/?lang=en');
        assert.equal(p1.status, 200);
        assert.match(p1.headers.get('cache-control')!, /max-age/);
        assert.ok(!p1.text.includes('Rejected idea') && !p1.text.includes('Pending idea'));
        const cards = p1.text.split('class="card idea-card"').length - 1;
        assert.ok(cards === 12, `${cards} cards on page 1`);
        assert.ok(p1.text.indexOf('Reply 12') < p1.text.indexOf('Reply 10'), 'newest first');
        assert.match(p1.text, /rel="next"/);
        assert.ok(p1.text.includes('by Kid12') && p1.text.includes('by Kid9'), 'consented nicknames');
        assert.ok(!p1.text.includes('Kid11') && !p1.text.includes('Kid10'), 'nicknames without consent are not shown');
        assert.equal((p1.text.match(/class="drawing"/g) ?? []).length, 2, 'drawings 10 and 12 have gallery consent, 11 does not');
        // Finding 6: a drawing without public consent has no card at all, not even a placeholder.
        assert.ok(!p1.text.includes('A drawing for the product team') && !p1.text.includes('Reply 11'));
        const p2 = await get('/heard/?lang=en&page=2');
        assert.match(p2.text, /rel="prev"/);
        const suvOnly = await get(`/heard/?lang=en&model=${suv.key}`);
        assert.ok(suvOnly.text.includes('SUV idea') && !suvOnly.text.includes('Idea number'));
        const zh = await get('/heard/', { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' } });
        assert.match(zh.text, /<html lang="zh-CN">/);
        assert.ok(zh.text.includes('回复 12'));
        assert.equal((await get('/heard?lang=en')).status, 301);
      });
    });

    describe('flagged ideas', () => {
      it('are never public before a moderator approves them, and approving one is a recorded moderator act', async () => {
        // There is no auto-approval anywhere: ideas are stored 'pending' (the column default;
        // store_visit never sets it) and only PATCH/bulk by admin or moderator changes it.
        const flagged = [
          { text: 'Zeppelin roof of glass 138加1234加5678', flag: 'many_digits' },
          { text: 'Zeppelin and a shit horn', flag: 'profanity' },
          { text: 'Zeppelin, call 138/1234/5678', flag: 'pii_redacted' },
        ];
        const moderator = await staffClient(server, 'moderator');
        const analyst = await staffClient(server, 'analyst');
        const ids: string[] = [];
        for (const f of flagged) {
          const v = await sendVisit(kiosk, { idea: { kind: 'text', text: f.text } });
          const row = await server.tdb.db.query<{ id: string; flags: string[]; moderation: string }>('select id, flags, moderation from ideas where visit_id = $1', [v.id]);
          assert.ok(row.rows[0]!.flags.includes(f.flag), `${f.text}: ${JSON.stringify(row.rows[0])}`);
          assert.equal(row.rows[0]!.moderation, 'pending');
          ids.push(row.rows[0]!.id);
        }
        const inbox = await moderator.call('GET', '/ideas?moderation=pending&pageSize=100');
        for (const [i, id] of ids.entries()) {
          const item = inbox.json.items.find((x: { id: string }) => x.id === id);
          assert.ok(item?.flags.includes(flagged[i]!.flag), 'the flag reaches the ideas inbox');
        }
        const heardBefore = (await get('/heard/?lang=en')).text;
        assert.ok(!heardBefore.includes('Zeppelin'), 'nothing flagged and pending is on the board');

        assert.equal((await analyst.call('PATCH', `/ideas/${ids[0]}`, { moderation: 'approved' })).status, 403, 'an analyst cannot approve');
        assert.equal((await analyst.call('POST', '/ideas/bulk', { ids, moderation: 'approved' })).status, 403);
        assert.ok(!(await get('/heard/?lang=en')).text.includes('Zeppelin'));

        const ok = await moderator.call('PATCH', `/ideas/${ids[0]}`, { moderation: 'approved', status: 'heard' });
        assert.equal(ok.status, 200, ok.text);
        const heardAfter = (await get('/heard/?lang=en')).text;
        assert.ok(heardAfter.includes('Zeppelin roof of glass'), 'approved by a moderator: now public');
        assert.ok(!heardAfter.includes('shit horn') && !heardAfter.includes('[phone]'), 'the others stay private');
        const logged = await server.tdb.db.query<{ actor: string; details: { moderation?: string } }>(
          `select actor, details from audit_log where action = 'idea.updated' and target = $1`,
          [ids[0]],
        );
        assert.equal(logged.rows.length, 1);
        assert.equal(logged.rows[0]!.actor, moderator.email);
        assert.equal(logged.rows[0]!.details.moderation, 'approved');
      });
    });

    describe('wall', () => {
      it('answers a snapshot without personal data, and errors in the API\'s JSON shape', async () => {
        await sendVisit(kiosk, { nickname: 'Nobody' });
        const r = await fetch(`${server.base}/api/v1/wall/demo`);
        assert.equal(r.status, 200);
        const s = (await r.json()) as { showroom: { slug: string }; tallies: { visitsToday: number; parts: unknown[] }; drawings: unknown[]; heard: { url: string; qr: { d: string } } };
        assert.equal(s.showroom.slug, 'demo');
        assert.ok(s.tallies.visitsToday >= 1);
        assert.ok(s.tallies.parts.length >= 1 && s.tallies.parts.length <= 6);
        assert.match(s.heard.url, /\/heard\/$/);
        const raw = JSON.stringify(s);
        for (const secret of ['Nobody', 'Kid', 'Mimi', 'ticket', 'nickname']) assert.ok(!raw.includes(secret), `no "${secret}" on the wall`);
        const unknown = await fetch(`${server.base}/api/v1/wall/nowhere`);
        assert.equal(unknown.status, 404);
        assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'not_found');
        const bad = await fetch(`${server.base}/api/v1/wall/Bad%20Name/events`);
        assert.equal(bad.status, 400);
        assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'validation_failed');
        const openapi = (await (await fetch(`${server.base}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
        assert.ok(openapi.paths['/api/v1/wall/{showroom}/events']);
      });

      it('streams tallies at once and again within 2 s of a visit being stored', async () => {
        const sse = await SseReader.open(`${server.base}/api/v1/wall/demo/events`);
        try {
          assert.equal(sse.status, 200);
          const first = talliesOf(await sse.waitFor((e) => e.event === 'tallies', 3_000));
          const from = sse.events.length;
          const t0 = Date.now();
          await sendVisit(kiosk);
          const next = talliesOf(await sse.waitFor((e) => e.event === 'tallies', 2_000, from));
          assert.equal(next.tallies.visitsToday, first.tallies.visitsToday + 1);
          assert.ok(next.seq > first.seq);
          assert.ok(Date.now() - t0 < 2_000);
        } finally {
          sse.close();
        }
      });
    });
  });

  describe(`family page rate limit on ${engine}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine, { TICKET_LOOKUPS_PER_MINUTE: '3' });
    });
    after(async () => server?.close());

    it('refuses look-ups past the limit with a friendly page and Retry-After', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${server.base}/t/ZZZZZ-ZZZZ${i}`)).status);
      assert.deepEqual(statuses, [404, 404, 404, 429]);
      const r = await fetch(`${server.base}/t/ZZZZZ-ZZZZZ`);
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '60');
      assert.match(await r.text(), /Too many tries|尝试太多次了/);
    });
  });
}
