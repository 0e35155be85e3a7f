/**
 * Stickers on drawing ideas (issue 11), on PGlite and PostgreSQL: valid stickers are stored
 * and returned exactly (family export, dashboard, wall snapshot); an unknown id, a centre off
 * the canvas, a size out of range or too many stickers answer 400 with a JSON error and store
 * nothing; kiosks without stickers keep working.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { STICKER_IDS, STICKER_LIMITS } from '../src/shared/stickers.ts';
import type { VisitInput } from '../src/shared/visit.ts';
import { testEngines } from './helpers/engines.ts';
import { api, pairKiosk, startTestServer, type PairedKiosk, type TestServer } from './helpers/server.ts';
import { staffClient, type StaffClient } from './helpers/staff.ts';
import { makeVisit } from './helpers/visits.ts';

type Drawing = Extract<VisitInput['idea'], { kind: 'drawing' }>;
const STROKES: Drawing['strokes'] = [{ color: '#ff6600', size: 8, points: [[10, 10], [50, 60], [120, 90]] }];
const STICKERS = [
  { id: 'star', x: 120, y: 80, size: 140 },
  { id: 'rocket', x: 799.5, y: 0, size: 24 },
  { id: 'rainbow', x: 400, y: 300, size: 480 },
] as const;

for (const engine of testEngines()) {
  describe(`stickers on drawings on ${engine}`, () => {
    let server: TestServer;
    let kiosk: PairedKiosk;
    let admin: StaffClient;
    before(async () => {
      server = await startTestServer(engine);
      kiosk = await pairKiosk(server);
      admin = await staffClient(server, 'admin');
    });
    after(async () => server?.close());

    const count = async () => Number((await server.tdb.db.query<{ n: number }>('select (select count(*) from visits) + (select count(*) from ideas) as n')).rows[0]!.n);
    const drawing = (extra: Partial<Drawing>): Drawing => ({ kind: 'drawing', width: 800, height: 600, strokes: STROKES, ...extra });

    it('stores valid stickers and returns them exactly: family export, dashboard, wall', async () => {
      const idea = drawing({ stickers: STICKERS.map((s) => ({ ...s })) });
      const visit = makeVisit(kiosk.config, { idea });
      const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: visit });
      assert.equal(r.status, 201, r.text);
      const exported = await api(server, 'GET', `/tickets/${r.json.ticket}/export`);
      assert.equal(exported.status, 200);
      assert.deepEqual(exported.json.visit.idea.drawing, idea, 'the drawing comes back exactly as sent');

      const inbox = await admin.call('GET', '/ideas?kind=drawing&pageSize=100');
      const card = inbox.json.items.find((i: { visit: { id: string } }) => i.visit.id === visit.id) ?? inbox.json.items.find((i: { drawing: { stickers?: unknown } }) => i.drawing?.stickers);
      assert.deepEqual(card.drawing.stickers, idea.stickers, 'the dashboard gets the stickers');

      await server.tdb.db.query(`update ideas set moderation = 'approved' where visit_id = $1`, [visit.id]);
      const wall = await api(server, 'GET', '/wall/demo');
      assert.equal(wall.status, 200, wall.text);
      const slide = wall.json.drawings.find((d: { stickers?: unknown[] }) => d.stickers?.length);
      assert.deepEqual(slide.stickers, idea.stickers, 'the wall snapshot carries the placements');
    });

    it('accepts a drawing made only of stickers, and a drawing without the field (older kiosks)', async () => {
      const only = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: makeVisit(kiosk.config, { idea: drawing({ strokes: [], stickers: [{ id: 'heart', x: 400, y: 300, size: 200 }] }) }) });
      assert.equal(only.status, 201, only.text);
      const old = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: makeVisit(kiosk.config) });
      assert.equal(old.status, 201, old.text);
      const exported = await api(server, 'GET', `/tickets/${old.json.ticket}/export`);
      assert.equal('stickers' in exported.json.visit.idea.drawing, false, 'nothing is added to an old kiosk\'s drawing');
      const empty = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: makeVisit(kiosk.config, { idea: drawing({ strokes: [], stickers: [] }) }) });
      assert.equal(empty.status, 400);
      assert.match(empty.json.error.message, /at least one stroke or sticker/);
    });

    const bad: Array<[string, unknown[], RegExp]> = [
      ['an unknown id', [{ id: 'skull', x: 10, y: 10, size: 50 }], /stickers\/0\/id/],
      ['markup as an id', [{ id: '<svg onload=alert(1)>', x: 10, y: 10, size: 50 }], /stickers\/0\/id/],
      ['a centre right of the canvas', [{ id: 'star', x: 801, y: 10, size: 50 }], /sticker 0 must have its centre on the 800 × 600 canvas/],
      ['a centre below the canvas', [{ id: 'star', x: 10, y: 600.5, size: 50 }], /sticker 0 must have its centre/],
      ['a negative coordinate', [{ id: 'star', x: -1, y: 10, size: 50 }], /stickers\/0\/x/],
      ['a size too small', [{ id: 'star', x: 10, y: 10, size: STICKER_LIMITS.sizeMin - 1 }], /stickers\/0\/size/],
      ['a size too large', [{ id: 'star', x: 10, y: 10, size: STICKER_LIMITS.sizeMax + 1 }], /stickers\/0\/size/],
      ['a size that is not a number', [{ id: 'star', x: 10, y: 10, size: '50' }], /stickers\/0\/size/],
      ['an extra field', [{ id: 'star', x: 10, y: 10, size: 50, href: 'javascript:alert(1)' }], /unknown field "href"/],
      ['too many stickers', Array.from({ length: STICKER_LIMITS.max + 1 }, (_, i) => ({ id: STICKER_IDS[i % STICKER_IDS.length], x: 10 + i, y: 10, size: 50 })), new RegExp(`stickers must NOT have more than ${STICKER_LIMITS.max} items`)],
    ];
    for (const [what, stickers, message] of bad) {
      it(`refuses ${what} with 400 and stores nothing`, async () => {
        const before = await count();
        const body = makeVisit(kiosk.config, { idea: drawing({ stickers: stickers as Drawing['stickers'] }) });
        const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body });
        assert.equal(r.status, 400, r.text);
        assert.equal(r.headers.get('content-type')?.split(';')[0], 'application/json');
        assert.equal(r.json.error.code, 'validation_failed');
        assert.match(r.json.error.message, message);
        assert.equal(await count(), before, 'nothing stored');
      });
    }

    it('accepts exactly the maximum number of stickers', async () => {
      const stickers = Array.from({ length: STICKER_LIMITS.max }, (_, i) => ({ id: STICKER_IDS[i % STICKER_IDS.length]!, x: 10 + i * 30, y: 300, size: 60 }));
      const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: makeVisit(kiosk.config, { idea: drawing({ stickers }) }) });
      assert.equal(r.status, 201, r.text);
    });
  });
}
