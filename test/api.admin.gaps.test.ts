/**
 * Dashboard gaps (issue 11): every admin GET documents its 200 response; open invites are
 * listed, re-linked and cancelled; every role gets showroom names for its filters, and no more.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { routeTable } from '../src/server/route-table.ts';
import { testEngines } from './helpers/engines.ts';
import { api, pairKiosk, startTestServer, type TestServer } from './helpers/server.ts';
import { staffClient, type RoleName, type StaffClient } from './helpers/staff.ts';

const ROLES: RoleName[] = ['admin', 'analyst', 'moderator', 'showroom_manager'];
const PASSWORD = 'correct horse battery';

for (const engine of testEngines()) {
  describe(`dashboard gaps on ${engine}`, () => {
    let server: TestServer;
    const staff = {} as Record<RoleName, StaffClient>;
    before(async () => {
      server = await startTestServer(engine);
      await pairKiosk(server);
      for (const role of ROLES) staff[role] = await staffClient(server, role);
    });
    after(async () => server?.close());

    describe('response schemas', () => {
      it('every admin GET in the route table has a 200 response schema, and OpenAPI shows it', async () => {
        const gets = routeTable(server.app).filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/admin/'));
        assert.ok(gets.length >= 18, `only ${gets.length} admin GETs found: is the table recorded?`);
        const missing = gets.filter((r) => !(r.schema as { response?: Record<string, unknown> } | undefined)?.response?.['200']).map((r) => r.url);
        assert.deepEqual(missing, [], 'admin GETs without a 200 response schema');
        const doc = (await api(server, 'GET', '/openapi.json')).json as { paths: Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>> };
        const undocumented = gets
          .map((r) => r.url.replace(/:([A-Za-z]+)/g, '{$1}'))
          .filter((url) => !doc.paths[url]?.get?.responses?.['200']?.content);
        assert.deepEqual(undocumented, [], 'admin GETs without a 200 response in OpenAPI');
      });

      it('the schemas keep every field the dashboard reads (catalog, users, audit, deletions, retention)', async () => {
        const catalog = await staff.admin.call('GET', '/catalog');
        assert.equal(catalog.status, 200);
        const product = catalog.json.products[0];
        assert.deepEqual(Object.keys(product).sort(), ['id', 'key', 'nameEn', 'nameZh', 'pairs', 'parts', 'picture', 'retired']);
        assert.deepEqual(Object.keys(product.parts[0]).sort(), ['icon', 'iconId', 'id', 'key', 'nameEn', 'nameZh', 'position', 'promptAudio', 'promptEn', 'promptZh', 'published', 'x', 'y']);
        assert.deepEqual(Object.keys(product.pairs[0]).sort(), ['a', 'b', 'id', 'key', 'position', 'promptAudio', 'promptEn', 'promptZh', 'published']);
        assert.deepEqual(product.parts[0].promptAudio, { zh: null, en: null });
        assert.deepEqual(Object.keys(catalog.json.activities[0]).sort(), ['consent_version', 'pairs', 'parts', 'products', 'publishedAt', 'version']);
        const users = await staff.admin.call('GET', '/users');
        assert.deepEqual(Object.keys(users.json[0]).sort(), ['createdAt', 'disabled', 'email', 'id', 'role', 'showroomId']);
        assert.ok(!users.text.includes('argon2'), 'no password hash');
        await staff.admin.call('PUT', '/settings/retention', { voiceDays: 30, drawingDays: 60 });
        assert.deepEqual((await staff.admin.call('GET', '/settings/retention')).json, { voiceDays: 30, drawingDays: 60 });
        const audit = await staff.admin.call('GET', '/audit?pageSize=5');
        assert.equal(audit.json[0].action, 'settings.retention');
        assert.deepEqual(audit.json[0].details, { voiceDays: 30, drawingDays: 60 });
        assert.equal(typeof audit.json[0].id, 'number');
        await server.tdb.db.query(`insert into retention_log (kind, items) values ('voice', 3)`);
        const deletions = await staff.admin.call('GET', '/deletions');
        assert.ok(Array.isArray(deletions.json.families) && deletions.json.retention.length >= 1);
        assert.deepEqual({ ...deletions.json.retention[0], at: undefined }, { at: undefined, kind: 'voice', items: 3 });
      });
    });

    describe('open invites', () => {
      it('lists open invites, copies a fresh link (the old one stops working), cancels one, all audited', async () => {
        const demo = (await staff.admin.call('GET', '/showrooms/names')).json.find((s: { slug: string }) => s.slug === 'demo');
        const a = await staff.admin.call('POST', '/invites', { role: 'moderator', email: 'Mod.One@Example.com' });
        assert.equal(a.status, 201, a.text);
        assert.match(a.json.id, /^[0-9a-f-]{36}$/);
        assert.equal(a.json.expiresInHours, 24);
        const b = await staff.admin.call('POST', '/invites', { role: 'showroom_manager', showroomId: demo.id });
        assert.equal(b.status, 201, b.text);

        const list = await staff.admin.call('GET', '/invites');
        assert.equal(list.status, 200);
        const mine = list.json.filter((i: { id: string }) => i.id === a.json.id || i.id === b.json.id);
        assert.equal(mine.length, 2);
        assert.deepEqual(list.json[0], { id: b.json.id, email: null, role: 'showroom_manager', showroomId: demo.id, createdAt: list.json[0].createdAt, expiresAt: b.json.expiresAt, createdBy: staff.admin.email });
        assert.equal(list.json.find((i: { id: string }) => i.id === a.json.id).email, 'mod.one@example.com');
        assert.ok(!list.text.includes('#invite='), 'the list never carries a link');

        // Copy link again: a new token, the old link is dead, the expiry stays.
        const oldToken = a.json.link.split('#invite=')[1];
        const again = await staff.admin.call('POST', `/invites/${a.json.id}/link`);
        assert.equal(again.status, 200, again.text);
        const newToken = again.json.link.split('#invite=')[1];
        assert.notEqual(newToken, oldToken);
        assert.equal(again.json.expiresAt, a.json.expiresAt);
        const stale = await api(server, 'POST', '/admin/invites/accept', { body: { token: oldToken, email: 'mod.one@example.com', password: PASSWORD } });
        assert.equal(stale.status, 400);
        assert.equal(stale.json.error.code, 'invalid_invite');
        // An invite for one address refuses another, and is not used up by trying.
        const other = await api(server, 'POST', '/admin/invites/accept', { body: { token: newToken, email: 'someone.else@example.com', password: PASSWORD } });
        assert.equal(other.status, 400);
        assert.equal(other.json.error.code, 'invite_email_mismatch');
        const ok = await api(server, 'POST', '/admin/invites/accept', { body: { token: newToken, email: 'mod.one@example.com', password: PASSWORD } });
        assert.equal(ok.status, 201, ok.text);
        assert.equal(ok.json.role, 'moderator');
        assert.ok(!(await staff.admin.call('GET', '/invites')).json.some((i: { id: string }) => i.id === a.json.id), 'a used invite is not open');
        assert.equal((await staff.admin.call('POST', `/invites/${a.json.id}/link`)).status, 404, 'a used invite gets no new link');

        // Cancel: gone from the list, its link refused, a second cancel is 404.
        const bToken = b.json.link.split('#invite=')[1];
        const cancel = await staff.admin.call('DELETE', `/invites/${b.json.id}`);
        assert.equal(cancel.status, 200);
        assert.deepEqual(cancel.json, { cancelled: true });
        assert.equal((await staff.admin.call('DELETE', `/invites/${b.json.id}`)).status, 404);
        assert.ok(!(await staff.admin.call('GET', '/invites')).json.some((i: { id: string }) => i.id === b.json.id));
        assert.equal((await api(server, 'POST', '/admin/invites/accept', { body: { token: bToken, email: 'x.y@example.com', password: PASSWORD } })).status, 400);

        const actions = (await staff.admin.call('GET', '/audit?pageSize=50')).json.map((r: { action: string; target: string | null }) => `${r.action} ${r.target}`);
        for (const want of [`invite.created ${a.json.id}`, `invite.relinked ${a.json.id}`, `invite.cancelled ${b.json.id}`]) assert.ok(actions.includes(want), `audit has ${want}`);
      });

      it('an expired invite is not listed and cannot be re-linked', async () => {
        const c = await staff.admin.call('POST', '/invites', { role: 'analyst' });
        await server.tdb.db.query(`update staff_invites set expires_at = now() - interval '1 minute' where id = $1`, [c.json.id]);
        assert.ok(!(await staff.admin.call('GET', '/invites')).json.some((i: { id: string }) => i.id === c.json.id));
        assert.equal((await staff.admin.call('POST', `/invites/${c.json.id}/link`)).status, 404);
      });

      it('refuses a bad e-mail or an unknown showroom in the documented error shape', async () => {
        const bad = await staff.admin.call('POST', '/invites', { role: 'analyst', email: 'not an address' });
        assert.equal(bad.status, 400);
        assert.deepEqual(Object.keys(bad.json.error).sort(), ['code', 'message']);
        const unknown = await staff.admin.call('POST', '/invites', { role: 'showroom_manager', showroomId: '00000000-0000-4000-8000-000000000000' });
        assert.equal(unknown.status, 404);
        assert.equal((await staff.admin.call('DELETE', '/invites/not-a-uuid')).status, 400);
      });
    });

    describe('showroom names for filters', () => {
      it('every role reads ids and names (a manager only their own); nothing about kiosks', async () => {
        const north = await staff.admin.call('POST', '/showrooms', { slug: 'north-gaps', nameZh: '北店', nameEn: 'North', productIds: [] });
        assert.equal(north.status, 201, north.text);
        for (const role of ['admin', 'analyst', 'moderator'] as const) {
          const r = await staff[role].call('GET', '/showrooms/names');
          assert.equal(r.status, 200, `${role}: ${r.text}`);
          assert.deepEqual(r.json.map((s: { slug: string }) => s.slug), ['demo', 'north-gaps']);
          assert.deepEqual(Object.keys(r.json[0]).sort(), ['id', 'nameEn', 'nameZh', 'slug']);
          assert.ok(!/devices|pairing|token/i.test(r.text));
        }
        const manager = await staff.showroom_manager.call('GET', '/showrooms/names');
        assert.deepEqual(manager.json.map((s: { slug: string }) => s.slug), ['demo']);
      });

      it('a moderator still cannot see kiosks or write showrooms', async () => {
        const demo = (await staff.moderator.call('GET', '/showrooms/names')).json[0];
        assert.equal((await staff.moderator.call('GET', '/showrooms')).status, 403);
        assert.equal((await staff.moderator.call('POST', '/showrooms', { slug: 'mod-made', nameZh: '店', nameEn: 'Shop', productIds: [] })).status, 403);
        assert.equal((await staff.moderator.call('PATCH', `/showrooms/${demo.id}`, { nameEn: 'Renamed' })).status, 403);
        assert.equal((await staff.moderator.call('POST', `/showrooms/${demo.id}/pairing-codes`)).status, 403);
        assert.equal((await staff.analyst.call('POST', '/showrooms', { slug: 'ana-made', nameZh: '店', nameEn: 'Shop', productIds: [] })).status, 403);
        const after = (await staff.admin.call('GET', '/showrooms/names')).json.find((s: { id: string }) => s.id === demo.id);
        assert.equal(after.nameEn, demo.nameEn, 'the refused rename changed nothing');
      });
    });
  });
}
