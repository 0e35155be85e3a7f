import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KioskConfig } from '../src/shared/kiosk-config.ts';
import { createPgDatabase, dropPgDatabase, testEngines } from './helpers/engines.ts';
import { ROOT, spawnServer } from './helpers/process.ts';
import { makeVisit } from './helpers/visits.ts';

async function call(base: string, method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    redirect: 'manual',
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

for (const engine of testEngines()) {
  describe(`structured logs keep children's words out (${engine}, LOG_LEVEL=trace)`, () => {
    const cleanups: Array<() => Promise<void> | void> = [];
    after(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('never log nicknames, idea texts, replies or tickets', async () => {
      const env: Record<string, string> = { LOG_LEVEL: 'trace' };
      if (engine === 'pglite') {
        const dir = mkdtempSync(join(tmpdir(), 'la-logs-'));
        cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
        env.DATA_DIR = dir;
      } else {
        const url = await createPgDatabase();
        cleanups.push(() => dropPgDatabase(url));
        env.DATABASE_URL = url;
      }
      const server = await spawnServer(env);
      cleanups.push(() => void server.child.kill('SIGKILL'));
      const base = server.base;
      const tag = randomBytes(4).toString('hex');
      const nickname = `Nk${tag}`; // 10 characters: within the nickname limit
      const ideaText = `idea-marker-${tag} a car that flies over the traffic`;
      const replyText = `reply-marker-${tag} we are trying it`;
      const rejectedText = `refused-marker-${tag}`;

      const pair = await call(base, 'POST', '/api/v1/devices/pair', { body: { code: server.pairingCode, name: 'log test tablet' } });
      assert.equal(pair.status, 201, pair.text);
      const auth = { authorization: `Bearer ${pair.json.token}` };
      const config = (await call(base, 'GET', '/api/v1/kiosk/config', { headers: auth })).json as KioskConfig;

      const stored = await call(base, 'POST', '/api/v1/visits', { body: makeVisit(config, { nickname, idea: { kind: 'text', text: ideaText } }), headers: auth });
      assert.equal(stored.status, 201, stored.text);
      const ticket = stored.json.ticket as string;
      // A refused visit: the error path logs too.
      const refused = await call(base, 'POST', '/api/v1/visits', { body: { ...makeVisit(config, { nickname, idea: { kind: 'text', text: rejectedText } }), avatar: `x${tag}` }, headers: auth });
      assert.equal(refused.status, 422, refused.text);

      // The family looks the visit up: JSON API, the page, the code form, the export.
      assert.equal((await call(base, 'GET', `/api/v1/tickets/${ticket}`)).status, 200);
      assert.equal((await call(base, 'GET', `/t/${ticket}`)).status, 200);
      assert.equal((await call(base, 'GET', `/t/?code=${ticket}`)).status, 303);
      assert.equal((await call(base, 'GET', `/api/v1/tickets/${ticket}/export`)).status, 200);

      // An admin finds the idea by its text, approves it and replies.
      const email = `admin-${randomBytes(3).toString("hex")}@example.com`;
      const password = 'a long enough password';
      const admin = spawnSync(process.execPath, ['bin/little-advisors.js', 'create-admin', '--email', email, '--password', password], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
      assert.equal(admin.status, 0, admin.stderr);
      const session = await call(base, 'POST', '/api/v1/admin/session', { body: { email, password } });
      assert.equal(session.status, 200, session.text);
      const cookie = { cookie: session.headers.get('set-cookie')!.split(';')[0]! };
      const found = await call(base, 'GET', `/api/v1/admin/ideas?q=${encodeURIComponent(`idea-marker-${tag}`)}`, { headers: cookie });
      assert.equal(found.status, 200, found.text);
      assert.equal(found.json.items.length, 1);
      const ideaId = found.json.items[0].id as string;
      const change = await call(base, 'PATCH', `/api/v1/admin/ideas/${ideaId}`, { body: { moderation: 'approved', status: 'planned', replyEn: replyText, replyZh: `回复-${replyText}` }, headers: cookie });
      assert.equal(change.status, 200, change.text);
      const badChange = await call(base, 'PATCH', `/api/v1/admin/ideas/${ideaId}`, { body: { moderation: 'rejected', replyEn: `${replyText}\u0000` }, headers: cookie });
      assert.equal(badChange.status, 400);

      // The reply reached the family, so it went through the server (and its logs).
      const family = await call(base, 'GET', `/api/v1/tickets/${ticket}`);
      assert.ok(family.text.includes(replyText), 'the family sees the reply');

      server.child.kill('SIGTERM');
      assert.equal((await server.exited).code, 0);
      const log = server.output();
      // Logging really ran: every request was logged coming in and going out.
      assert.ok((log.match(/"msg":"incoming request"/g) ?? []).length >= 12, 'each request is logged');
      assert.match(log, /"msg":"request refused"/);
      assert.match(log, /"path":"\/api\/v1\/tickets\/:ticket"/);
      assert.match(log, /"path":"\/api\/v1\/admin\/ideas\/[0-9a-f-]{36}"/);

      const compact = ticket.replace(/-/g, '');
      const secrets = [nickname, `idea-marker-${tag}`, `reply-marker-${tag}`, rejectedText, tag, ticket, compact, compact.toLowerCase(), ticket.toLowerCase()];
      for (const s of secrets) assert.ok(!log.includes(s), `"${s}" appears in the log:\n${log.split('\n').filter((l) => l.includes(s)).slice(0, 3).join('\n')}`);
    });
  });
}
