import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KioskConfig } from '../src/shared/kiosk-config.ts';
import type { VisitInput } from '../src/shared/visit.ts';
import { createPgDatabase, dropPgDatabase, testEngines } from './helpers/engines.ts';
import { ROOT, spawnServer, type ServerProcess } from './helpers/process.ts';
import { makeVisit, tinyWav } from './helpers/visits.ts';

function cli(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['bin/little-advisors.js', ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function getJson(base: string, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers });
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return res.json() as Promise<any>;
}

async function getBytes(base: string, path: string): Promise<Buffer> {
  const res = await fetch(`${base}${path}`);
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

async function pair(server: ServerProcess): Promise<{ auth: Record<string, string>; config: KioskConfig }> {
  const res = await fetch(`${server.base}/api/v1/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: server.pairingCode, name: 'backup test' }) });
  assert.equal(res.status, 201);
  const auth = { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
  return { auth, config: (await getJson(server.base, '/api/v1/kiosk/config', auth)) as KioskConfig };
}

/** What a family can see of a visit (the export holds the answers, the idea and the voice bytes). */
async function familyView(base: string, ticket: string) {
  const { exportedAt: _, ...exported } = await getJson(base, `/api/v1/tickets/${ticket}/export`);
  return { page: await getJson(base, `/api/v1/tickets/${ticket}`), exported };
}

describe('backup and restore: --help and refusals', () => {
  it('has --help for both commands', () => {
    for (const cmd of ['backup', 'restore']) {
      const r = cli([cmd, '--help'], {});
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`little-advisors ${cmd}`));
    }
    assert.match(cli(['--help'], {}).stdout, /backup \[--out FILE\]/);
  });

  it('says what to do when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'la-backup-'));
    try {
      const none = cli(['backup', '--out', join(dir, 'x.backup')], { DATA_DIR: join(dir, 'empty') });
      assert.equal(none.code, 2);
      assert.match(none.stderr, /there is no database in .*set DATA_DIR/);
      const missing = cli(['restore'], { DATA_DIR: join(dir, 'empty') });
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /restore needs the backup FILE/);
      const notOurs = join(dir, 'notes.txt');
      writeFileSync(notOurs, 'hello\n');
      const bad = cli(['restore', notOurs], { DATA_DIR: join(dir, 'empty') });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /is not a Little Advisors backup/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const engine of testEngines()) {
  describe(`backup and restore (${engine})`, () => {
    const cleanups: Array<() => unknown> = [];
    after(async () => {
      for (const c of cleanups.reverse()) await c();
    });
    const work = mkdtempSync(join(tmpdir(), 'la-backup-'));
    cleanups.push(() => rmSync(work, { recursive: true, force: true }));

    /** Environment for a server or CLI on a fresh, empty target of this engine. */
    const freshTarget = async (name: string): Promise<Record<string, string>> => {
      if (engine === 'pglite') return { DATA_DIR: join(work, name) };
      const url = await createPgDatabase();
      cleanups.push(() => dropPgDatabase(url));
      return { DATABASE_URL: url };
    };
    const start = async (env: Record<string, string>) => {
      const s = await spawnServer(env, { timeoutMs: 180_000 });
      cleanups.push(() => s.child.kill('SIGKILL'));
      return s;
    };

    it('restores every visit, idea and media file into a fresh target, with tickets that still resolve', async () => {
      const sourceEnv = await freshTarget('source');
      const source = await start(sourceEnv);
      const { auth, config } = await pair(source);
      const visits: VisitInput[] = [
        makeVisit(config, { nickname: 'Wen', idea: { kind: 'text', text: 'a roof that opens like a flower' } }),
        makeVisit(config, { nickname: 'Ada' }), // a drawing
        makeVisit(config, { consent: { ...makeVisit(config).consent, voice: true }, idea: { kind: 'voice', mime: 'audio/wav', durationMs: 100, audio: tinyWav() } }),
        makeVisit(config, { idea: undefined }),
      ];
      const tickets: string[] = [];
      for (const v of visits) {
        const r = await fetch(`${source.base}/api/v1/visits`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(v) });
        assert.equal(r.status, 201);
        tickets.push(((await r.json()) as { ticket: string }).ticket);
      }
      const before = await Promise.all(tickets.map((t) => familyView(source.base, t)));
      assert.equal(before[0]!.exported.visit.idea.text, 'a roof that opens like a flower');
      assert.equal(before[1]!.exported.visit.idea.kind, 'drawing');
      assert.equal(before[2]!.exported.visit.voice.audio, tinyWav(), 'the voice recording is in the export');
      const product = config.products[0]!;
      const pictures = [...new Set([product.picture, ...product.pairs.flatMap((p) => [p.a.picture, p.b.picture]), ...config.avatars.map((a) => a.picture)])];
      assert.ok(pictures.length > 0);
      const pictureBytes = await Promise.all(pictures.map((u) => getBytes(source.base, u)));

      // The backup, taken while the server runs (on PGlite: by the server, through its loopback route).
      const file = join(work, 'one.backup');
      const b = cli(['backup', '--out', file], sourceEnv);
      assert.equal(b.code, 0, b.stderr);
      assert.match(b.stdout, /written to .*one\.backup/);
      assert.equal(statSync(file).mode & 0o777, 0o600, 'only its owner can read a backup');
      assert.ok(!existsSync(`${file}.partial`));
      const again = cli(['backup', '--out', file], sourceEnv);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /exists; give another --out FILE, or --force/);

      // A restore never lands on a live or non-empty target by accident.
      const onSource = cli(['restore', file], sourceEnv);
      assert.equal(onSource.code, 2);
      assert.match(onSource.stderr, engine === 'pglite' ? /server \(pid \d+\) is running .*stop it before "restore"/ : /is not empty: restore into a new, empty database/);
      const otherEngine = cli(['restore', file], engine === 'pglite' ? { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } : { DATA_DIR: join(work, 'unused') });
      assert.equal(otherEngine.code, 2);
      assert.match(otherEngine.stderr, engine === 'pglite' ? /backup of the embedded PGlite database/ : /backup of a PostgreSQL database/);
      const damaged = join(work, 'damaged.backup');
      copyFileSync(file, damaged);
      truncateSync(damaged, statSync(file).size - 10);
      const cut = cli(['restore', damaged], await freshTarget('damaged'));
      assert.equal(cut.code, 2);
      assert.match(cut.stderr, /is incomplete/);

      source.child.kill('SIGTERM');
      assert.equal((await source.exited).code, 0);

      const targetEnv = await freshTarget('restored');
      const r = cli(['restore', file], targetEnv);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /4 visits, 3 ideas, 1 voice recordings/);
      if (engine === 'pglite') {
        assert.ok(!existsSync(join(targetEnv.DATA_DIR!, '.local-admin-secret')), "the source server's local secret is not restored");
        const twice = cli(['restore', file], targetEnv);
        assert.equal(twice.code, 2);
        assert.match(twice.stderr, /already holds a database: .*--force/);
      }

      const restored = await start(targetEnv);
      for (const [i, t] of tickets.entries()) {
        assert.deepEqual(await familyView(restored.base, t), before[i], `visit ${i} after the restore`);
      }
      for (const [i, u] of pictures.entries()) assert.ok((await getBytes(restored.base, u)).equals(pictureBytes[i]!), u);
      // Kiosks keep their pairing across a restore; new visits are stored as before.
      const more = await fetch(`${restored.base}/api/v1/visits`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(makeVisit(config)) });
      assert.equal(more.status, 201);
      const replay = await fetch(`${restored.base}/api/v1/visits`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(visits[0]) });
      assert.equal(replay.status, 200, 'a replayed visit is recognised');
      assert.equal(((await replay.json()) as { ticket: string }).ticket, tickets[0]);

      // --force replaces a database (after the server on it stopped).
      restored.child.kill('SIGTERM');
      assert.equal((await restored.exited).code, 0);
      const forced = cli(['restore', file, '--force'], targetEnv);
      assert.equal(forced.code, 0, forced.stderr);
      assert.match(forced.stdout, /4 visits/, 'the visit stored after the first restore is gone again');
      const forcedOut = readFileSync(file).subarray(0, 24).toString('utf8');
      assert.equal(forcedOut, 'LITTLE-ADVISORS-BACKUP 1');
    });
  });
}
