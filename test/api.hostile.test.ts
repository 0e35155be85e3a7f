import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { testEngines } from './helpers/engines.ts';
import { api, pairKiosk, startTestServer, type PairedKiosk, type TestServer } from './helpers/server.ts';
import { makeVisit } from './helpers/visits.ts';

const RUNS = Number(process.env.FC_RUNS ?? 120);

/** Replaces the value at a random path of a JSON value with something hostile. */
function mutate(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    const i = Number(head) % Math.max(copy.length, 1);
    copy[i] = mutate(copy[i], rest, replacement);
    return copy;
  }
  if (value && typeof value === 'object') return { ...(value as object), [head as string]: mutate((value as Record<string, unknown>)[head as string], rest, replacement) };
  return replacement;
}

const hostile = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
  fc.constantFrom(null, -1, 0, 1e308, -1e308, '', ' ', '\u0000', '<script>alert(1)</script>', "'; drop table visits; --", '9'.repeat(400), 'NaN', [], {}, true),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.integer(),
  fc.double(),
);

const visitPaths: (string | number)[][] = [
  ['id'], ['activityVersion'], ['productId'], ['locale'], ['ageBand'], ['avatar'], ['nickname'], ['consent'], ['consent', 'voice'],
  ['consent', 'textVersion'], ['startedAt'], ['completedAt'], ['ratings'], ['ratings', 0], ['ratings', 0, 'partId'], ['ratings', 0, 'face'],
  ['choices', 0, 'picked'], ['choices', 0, 'pairId'], ['favourites'], ['favourites', 0], ['again'], ['idea'], ['idea', 'kind'],
  ['idea', 'strokes'], ['idea', 'strokes', 0, 'points'], ['idea', 'strokes', 0, 'points', 0], ['idea', 'strokes', 0, 'color'], ['idea', 'width'],
  ['idea', 'stickers'], ['idea', 'stickers', 0], ['idea', 'stickers', 0, 'id'],
  ['extra'],
];

for (const engine of testEngines()) {
  describe(`hostile input on ${engine}: only 4xx, never 5xx, nothing written`, () => {
    let server: TestServer;
    let kiosk: PairedKiosk;
    before(async () => {
      server = await startTestServer(engine);
      kiosk = await pairKiosk(server);
    });
    after(async () => server?.close());

    const written = async () => {
      const { rows } = await server.tdb.db.query<{ n: number }>(
        `select (select count(*) from visits) + (select count(*) from ratings) + (select count(*) from ideas)
              + (select count(*) from media) + (select count(*) from devices) as n`,
      );
      return Number(rows[0]!.n);
    };

    it('POST /visits with mutated visits', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...visitPaths), hostile, async (path, value) => {
          const before = await written();
          const body = mutate(makeVisit(kiosk.config), path, value);
          const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body });
          assert.ok(r.status < 500, `5xx for ${JSON.stringify(path)}=${JSON.stringify(value)?.slice(0, 80)}: ${r.text}`);
          if (r.status >= 400) {
            assert.equal(typeof r.json?.error?.message, 'string');
            assert.equal(await written(), before);
          }
        }),
        { numRuns: RUNS },
      );
    });

    it('POST /visits and /devices/pair with arbitrary JSON and raw bytes', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.anything({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'), fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1'))),
          fc.constantFrom('/visits', '/devices/pair'),
          fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'),
          async (raw, path, contentType) => {
            const before = await written();
            const r = await api(server, 'POST', path, { headers: { ...kiosk.auth, 'content-type': contentType }, raw });
            assert.ok(r.status >= 400 && r.status < 500, `${path} ${contentType} ${JSON.stringify(raw).slice(0, 80)} → ${r.status} ${r.text}`);
            assert.equal(typeof r.json?.error?.code, 'string');
            assert.equal(await written(), before);
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('ticket and config endpoints with hostile paths and headers', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('%', '%zz', '..%2f..%2fetc', '%00', 'a'.repeat(500))),
          fc.constantFrom('GET', 'DELETE'),
          fc.constantFrom('', '/export'),
          fc.oneof(fc.constant(undefined), fc.string({ maxLength: 60 }).filter((s) => /^[\x20-\x7e]*$/.test(s))),
          async (ticket, method, suffix, authValue) => {
            const path = `/tickets/${encodeURIComponent(ticket).replace(/%25/g, ticket.includes('%') ? '%' : '%25')}${method === 'GET' ? suffix : ''}`;
            const r = await api(server, method, path);
            assert.ok(r.status >= 400 && r.status < 500, `${method} ${path} → ${r.status} ${r.text}`);
            const c = await api(server, 'GET', '/kiosk/config', { headers: authValue === undefined ? {} : { authorization: authValue } });
            assert.equal(c.status, 401);
          },
        ),
        { numRuns: RUNS },
      );
    });
  });
}
