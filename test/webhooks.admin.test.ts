import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEndpoint } from '../src/db/repositories/webhooks.repository.ts';
import { blockedAddressReason } from '../src/server/webhooks/address-guard.ts';
import { WebhookWorker } from '../src/server/webhooks/worker.ts';
import { testEngines } from './helpers/engines.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { staffClient, type StaffClient } from './helpers/staff.ts';
import { startReceiver, verifySignature } from './helpers/webhook-receiver.ts';

const METRICS = 'metrics-token-for-webhook-tests-0123';

describe('webhook address guard', () => {
  it('refuses loopback, private, link-local and reserved addresses, IPv4 and IPv6 incl. mapped forms', () => {
    for (const a of ['127.0.0.1', '127.9.9.9', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd12:3456::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::a9fe:a9fe', '::127.0.0.1']) {
      assert.ok(blockedAddressReason(a), `${a} must be refused`);
    }
    for (const a of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808']) assert.equal(blockedAddressReason(a), null, `${a} is public`);
  });
});

for (const engine of testEngines()) {
  describe(`webhook admin API (${engine})`, () => {
    let server: TestServer;
    let admin: StaffClient;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;

    before(async () => {
      // No WEBHOOK_ALLOW_PRIVATE: the production default.
      server = await startTestServer(engine, { METRICS_TOKEN: METRICS });
      admin = await staffClient(server, 'admin');
      receiver = await startReceiver();
    });
    after(async () => {
      await receiver?.close();
      await server?.close();
    });

    it('refuses private, loopback and link-local targets and non-http URLs without WEBHOOK_ALLOW_PRIVATE', async () => {
      const refused = [
        'http://127.0.0.1:8080/hook', 'http://10.1.2.3/hook', 'http://169.254.169.254/latest/meta-data', 'http://[::1]:9000/hook',
        'http://[::ffff:127.0.0.1]/hook', 'http://localhost:3000/hook', 'https://192.168.0.10/hook', receiver.url,
      ];
      for (const url of refused) {
        const r = await admin.call('POST', '/webhooks', { url, events: ['idea.created'] });
        assert.equal(r.status, 422, `${url}: ${r.text}`);
        assert.equal(r.json.error.code, 'webhook_address_blocked', url);
      }
      for (const url of ['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', 'http://user:pw@example.com/x', 'not a url']) {
        const r = await admin.call('POST', '/webhooks', { url, events: ['idea.created'] });
        assert.equal(r.status, 422, url);
        assert.equal(r.json.error.code, 'webhook_url_invalid', url);
      }
      assert.equal((await admin.call('GET', '/webhooks')).json.length, 0);
    });

    it('checks the address again at delivery time (an endpoint whose name now resolves to loopback gets nothing)', async () => {
      // As if the name resolved to a public address when it was added (DNS rebinding): the row is put in directly.
      const id = await createEndpoint(server.tdb.db, { url: `http://localhost:${receiver.port}/hook`, events: ['kiosk.stale'], preset: 'generic', description: '', secret: 'whsec_x', createdBy: 'test' });
      const literal = await createEndpoint(server.tdb.db, { url: receiver.url, events: ['kiosk.stale'], preset: 'generic', description: '', secret: 'whsec_x', createdBy: 'test' });
      for (const e of [id, literal]) {
        const t = await admin.call('POST', `/webhooks/${e}/test`);
        assert.equal(t.status, 200);
        assert.equal(t.json.status, 'failed');
        assert.match(t.json.error, /loopback|private/);
      }
      const rebinding = new WebhookWorker(server.tdb.db, { allowPrivate: false, timeoutMs: 2000, resolve: async () => [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }] });
      server.ctx.events.emit('kiosk.stale', { deviceId: 'd', deviceName: 'n', showroomId: 'not-a-uuid', lastSeenAt: null, at: new Date().toISOString() });
      for (let i = 0; i < 200 && !(await server.tdb.db.query(`select 1 from webhook_deliveries where event = 'kiosk.stale'`)).rows.length; i++) await new Promise((r) => setTimeout(r, 25));
      assert.equal(await rebinding.runOnce(), 2, 'both endpoints were attempted');
      assert.equal(receiver.received.length, 0, 'nothing reached the loopback receiver');
      const errors = (await server.tdb.db.query<{ last_error: string }>(`select last_error from webhook_deliveries where event = 'kiosk.stale'`)).rows.map((r) => r.last_error);
      assert.equal(errors.length, 2);
      for (const e of errors) assert.match(e, /loopback|private/);
      for (const e of [id, literal]) assert.equal((await admin.call('DELETE', `/webhooks/${e}`)).status, 200);
    });

    it('is for admins only, refuses cross-site writes, validates input and audits changes', async () => {
      for (const role of ['moderator', 'analyst', 'showroom_manager'] as const) {
        const other = await staffClient(server, role);
        assert.equal((await other.call('GET', '/webhooks')).status, 403, role);
        assert.equal((await other.call('POST', '/webhooks', { url: 'https://example.com/x', events: ['idea.created'] })).status, 403, role);
      }
      const crossSite = await fetch(`${server.base}/api/v1/admin/webhooks`, {
        method: 'POST',
        headers: { cookie: admin.cookie, 'content-type': 'application/json', origin: 'https://evil.example' },
        body: JSON.stringify({ url: 'https://example.com/x', events: ['idea.created'] }),
      });
      assert.equal(crossSite.status, 403);
      for (const body of [{ url: 'https://example.com/x', events: [] }, { url: 'https://example.com/x', events: ['idea.deleted'] }, { url: 'https://example.com/x', events: ['idea.created'], preset: 'teams' }, { url: 'https://example.com/x', events: ['idea.created'], extra: 1 }]) {
        const r = await admin.call('POST', '/webhooks', body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.equal(typeof r.json.error.code, 'string');
      }
      assert.equal((await admin.call('GET', '/webhooks/00000000-0000-4000-8000-000000000000/deliveries')).status, 404);
      assert.equal((await admin.call('POST', '/webhooks/not-a-uuid/test')).status, 400);
    });
  });

  describe(`webhook test button, presets and metrics (${engine})`, () => {
    let server: TestServer;
    let admin: StaffClient;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    before(async () => {
      server = await startTestServer(engine, { METRICS_TOKEN: METRICS, WEBHOOK_ALLOW_PRIVATE: '1' });
      admin = await staffClient(server, 'admin');
      receiver = await startReceiver();
    });
    after(async () => {
      await receiver?.close();
      await server?.close();
    });

    it('sends a signed test, logs it, shows the secret again (audited) and counts deliveries in /metrics', async () => {
      const created = await admin.call('POST', '/webhooks', { url: receiver.url, events: ['idea.approved'], preset: 'generic' });
      assert.equal(created.status, 201);
      assert.equal((await admin.call('GET', '/webhooks')).text.includes(created.json.secret), false, 'the list shows no secret');
      const id = created.json.endpoint.id;
      const t = await admin.call('POST', `/webhooks/${id}/test`);
      assert.equal(t.status, 200, t.text);
      assert.deepEqual([t.json.event, t.json.status, t.json.attempts, t.json.responseStatus], ['webhook.test', 'delivered', 1, 200]);
      const got = receiver.received.at(-1)!;
      assert.equal(got.json.event, 'webhook.test');
      assert.ok(verifySignature(created.json.secret, got.headers['x-little-advisors-signature'] as string, got.body));
      const shown = await admin.call('GET', `/webhooks/${id}/secret`);
      assert.equal(shown.json.secret, created.json.secret);
      const actions = (await admin.call('GET', '/audit')).json.map((a: { action: string }) => a.action);
      for (const a of ['webhook.created', 'webhook.tested', 'webhook.secret_shown']) assert.ok(actions.includes(a), a);
      const log = await admin.call('GET', `/webhooks/${id}/deliveries`);
      assert.equal(log.json.items[0].id, t.json.id);
      const metrics = await (await fetch(`${server.base}/metrics`, { headers: { authorization: `Bearer ${METRICS}` } })).text();
      assert.match(metrics, /little_advisors_webhook_deliveries_total\{event="webhook.test",outcome="delivered"\} 1/);
    });

    it('formats Slack, Feishu/Lark and DingTalk messages, still signed', async () => {
      const shapes: Record<string, (j: any) => string> = {
        slack: (j) => j.text,
        feishu: (j) => (j.msg_type === 'text' ? j.content.text : ''),
        dingtalk: (j) => (j.msgtype === 'text' ? j.text.content : ''),
      };
      for (const [preset, textOf] of Object.entries(shapes)) {
        const created = await admin.call('POST', '/webhooks', { url: receiver.url, events: ['visit.stored'], preset });
        assert.equal(created.status, 201);
        await admin.call('POST', `/webhooks/${created.json.endpoint.id}/test`);
        const got = receiver.received.at(-1)!;
        assert.match(textOf(got.json), /Little Advisors/, preset);
        assert.ok(verifySignature(created.json.secret, got.headers['x-little-advisors-signature'] as string, got.body), preset);
        assert.ok(got.headers['x-little-advisors-delivery'], preset);
      }
    });
  });
}
