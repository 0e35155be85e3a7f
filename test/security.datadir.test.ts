import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer, prepareDatabase } from '../src/server/boot.ts';
import { loadConfig } from '../src/server/config.ts';
import { createStaffUser, issuePairingCode } from '../src/server/services/setup.service.ts';
import type { KioskConfig } from '../src/shared/kiosk-config.ts';
import { createPgDatabase, dropPgDatabase, testEngines } from './helpers/engines.ts';
import { LIMITS_OFF } from './helpers/limits.ts';
import { spawnServer, type ServerProcess } from './helpers/process.ts';
import { makeVisit, tinyWav } from './helpers/visits.ts';

const dirs: string[] = [];
const children: ServerProcess[] = [];
after(async () => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'la-sec-'));
  dirs.push(d);
  return d;
}

function walk(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries.flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? [p, ...walk(p)] : [p];
  });
}

const loose = (dir: string) =>
  walk(dir).filter((p) => {
    try {
      return (statSync(p).mode & 0o077) !== 0;
    } catch {
      return false;
    }
  });

/** Which of the markers' bytes appear anywhere in the directory's files. */
function onDisk(dir: string, markers: Buffer[]): Buffer[] {
  const found = new Set<Buffer>();
  for (const p of walk(dir)) {
    let bytes: Buffer;
    try {
      if (!statSync(p).isFile()) continue;
      bytes = readFileSync(p);
    } catch (err) {
      // The running server may remove a file between listing and reading (VACUUM FULL does).
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    for (const m of markers) if (bytes.includes(m)) found.add(m);
  }
  return [...found];
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, tries = 240): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`gave up waiting for: ${what}`);
}

async function stop(s: ServerProcess): Promise<void> {
  s.child.kill('SIGTERM');
  await s.exited;
}

/** A WAV whose samples carry `marker`, so the recording's bytes can be looked for on disk. */
function wavWith(marker: Buffer): string {
  const wav = Buffer.from(tinyWav(), 'base64');
  marker.copy(wav, 100);
  return wav.toString('base64');
}

async function pairWithCode(base: string, code: string) {
  const r = await fetch(`${base}/api/v1/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'sec' }) });
  assert.equal(r.status, 201, await r.clone().text());
  const { token } = (await r.json()) as { token: string };
  const auth = { authorization: `Bearer ${token}` };
  const config = (await (await fetch(`${base}/api/v1/kiosk/config`, { headers: auth })).json()) as KioskConfig;
  return { auth, config };
}

async function postVisit(base: string, auth: Record<string, string>, body: unknown): Promise<string> {
  const r = await fetch(`${base}/api/v1/visits`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await r.json()) as { ticket: string };
  assert.equal(r.status, 201, JSON.stringify(json));
  return json.ticket;
}

describe('the data directory', () => {
  it('is created 0700 with files 0600, lock and secret files included', async () => {
    const dir = join(tempDir(), 'data');
    const s = await spawnServer({ DATA_DIR: dir });
    children.push(s);
    try {
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      const names = readdirSync(dir);
      assert.ok(names.includes('.little-advisors.lock') && names.includes('.local-admin-secret'), names.join(' '));
      assert.deepEqual(loose(dir), [], 'nothing in DATA_DIR is open to group or others');
    } finally {
      await stop(s);
    }
  });

  it('tightens a directory others could only read, and refuses one others can write', async () => {
    const readable = tempDir();
    chmodSync(readable, 0o755);
    const s = await spawnServer({ DATA_DIR: readable });
    children.push(s);
    await stop(s);
    assert.equal(statSync(readable).mode & 0o777, 0o700);

    const writable = tempDir();
    chmodSync(writable, 0o777);
    await assert.rejects(spawnServer({ DATA_DIR: writable }, { timeoutMs: 30_000 }), /can be written by other users/);
    const writableSub = join(tempDir(), 'shared');
    mkdirSync(writableSub);
    chmodSync(writableSub, 0o770);
    await assert.rejects(spawnServer({ DATA_DIR: writableSub }, { timeoutMs: 30_000 }), /chmod 700/);
  });

  it('after a family deletion, the text and the voice bytes are gone from every file in it', async () => {
    const dir = join(tempDir(), 'data');
    const s = await spawnServer({ DATA_DIR: dir, SCRUB_DELAY_SECONDS: '1' });
    children.push(s);
    try {
      const kiosk = await pairWithCode(s.base, s.pairingCode!);
      const word = `zqx${randomBytes(8).toString('hex').replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!)}`;
      const textMarker = Buffer.from(word, 'utf8');
      const voiceMarker = randomBytes(48);
      const consent = { ...makeVisit(kiosk.config).consent, voice: true };
      const textTicket = await postVisit(s.base, kiosk.auth, makeVisit(kiosk.config, { idea: { kind: 'text', text: `a slide that goes ${word}` } }));
      const voiceTicket = await postVisit(s.base, kiosk.auth, makeVisit(kiosk.config, { consent, idea: { kind: 'voice', mime: 'audio/wav', durationMs: 900, audio: wavWith(voiceMarker) } }));
      const markers = [textMarker, voiceMarker];
      // The check can see them: both are on disk once stored.
      await until('both markers written to disk', async () => onDisk(dir, markers).length === 2);

      for (const ticket of [textTicket, voiceTicket]) {
        const r = await fetch(`${s.base}/api/v1/tickets/${ticket}`, { method: 'DELETE' });
        assert.equal(r.status, 200);
      }
      await until('the deleted text and voice to leave the disk', async () => onDisk(dir, markers).length === 0);
      // The files the scrub rewrote (PGlite makes them 0666) are tightened right after it.
      await until('the rewritten files to be tightened', async () => loose(dir).length === 0);
      const page = await fetch(`${s.base}/api/v1/tickets/${textTicket}`);
      assert.equal(page.status, 410);
    } finally {
      await stop(s);
    }
  });
});

for (const engine of testEngines()) {
  describe(`the retention job on ${engine}`, () => {
    it('runs by itself after start: back-dated voice and drawings are deleted without anyone pressing a button', async () => {
      const dir = join(tempDir(), 'data');
      const url = engine === 'postgres' ? await createPgDatabase() : undefined;
      try {
        const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, ...(url ? { DATABASE_URL: url } : {}), ...LIMITS_OFF, PAIR_ATTEMPTS_PER_MINUTE: '1000' });
        // Store a voice visit and a drawing visit in-process, then date them a year back.
        const { db } = await prepareDatabase(config);
        const email = 'retention-admin@example.com';
        try {
          const { app } = await createServer(db, config, { logger: false });
          await app.listen({ port: 0, host: '127.0.0.1' });
          const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
          const kiosk = await pairWithCode(base, (await issuePairingCode(db, 'demo')).code);
          const consent = { ...makeVisit(kiosk.config).consent, voice: true, gallery: true };
          await postVisit(base, kiosk.auth, makeVisit(kiosk.config, { consent, idea: { kind: 'voice', mime: 'audio/wav', durationMs: 900, audio: tinyWav() } }));
          await postVisit(base, kiosk.auth, makeVisit(kiosk.config, { consent }));
          await app.close();
          await db.query(`update media set created_at = now() - interval '200 days'`);
          await db.query(`update ideas set created_at = now() - interval '400 days'`);
          await createStaffUser(db, { email, password: 'a long enough password', role: 'admin' });
        } finally {
          await db.close();
        }

        const s = await spawnServer({ ...(url ? { DATABASE_URL: url } : { DATA_DIR: dir }), RETENTION_FIRST_RUN_SECONDS: '1' });
        children.push(s);
        try {
          const signIn = await fetch(`${s.base}/api/v1/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'a long enough password' }) });
          assert.equal(signIn.status, 200);
          const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
          const log = await until('a retention run by the server itself', async () => {
            const r = (await (await fetch(`${s.base}/api/v1/admin/deletions`, { headers: { cookie } })).json()) as { retention: Array<{ kind: string; items: number }> };
            return r.retention.length >= 2 ? r.retention : null;
          });
          assert.deepEqual(log.map((e) => `${e.kind}:${e.items}`).sort(), ['drawing:1', 'voice:1']);
        } finally {
          await stop(s);
        }
        if (url) {
          const { db: check } = await prepareDatabase({ databaseUrl: url, dataDir: dir }, { seed: false });
          try {
            assert.equal((await check.query<{ n: number }>('select count(*)::int as n from media')).rows[0]!.n, 0);
            assert.equal((await check.query<{ n: number }>('select count(*)::int as n from ideas where drawing is not null')).rows[0]!.n, 0);
          } finally {
            await check.close();
          }
        }
      } finally {
        if (url) await dropPgDatabase(url);
      }
    });
  });
}
