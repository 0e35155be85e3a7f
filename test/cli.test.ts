import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, freePort, spawnServer, type ServerProcess } from './helpers/process.ts';

function cli(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['bin/little-advisors.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('little-advisors CLI', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'la-cli-'));
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('has --help for every command', () => {
    for (const cmd of ['start', 'migrate', 'create-admin', 'pairing-code', 'seed-demo']) {
      const r = cli([cmd, '--help'], {});
      assert.equal(r.code, 0, `${cmd}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`little-advisors ${cmd}`));
    }
    const top = cli(['--help'], {});
    assert.equal(top.code, 0);
    assert.match(top.stdout, /pairing-code --showroom SLUG/);
  });

  it('says what to do on a wrong command or option', () => {
    const r = cli(['frobnicate'], {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "frobnicate"/);
    const missing = cli(['pairing-code'], { DATA_DIR: tempDir() });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /needs --showroom/);
  });

  it('migrates, seeds and issues codes on a stopped PGlite directory', () => {
    const env = { DATA_DIR: tempDir() };
    const m = cli(['migrate'], env);
    assert.equal(m.code, 0, m.stderr);
    assert.match(m.stdout, /applied: 001_initial|up to date/);
    const s = cli(['seed-demo'], env);
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /activity version 1/);
    assert.match(cli(['seed-demo'], env).stdout, /already published/);
    const p = cli(['pairing-code', '--showroom', 'demo'], env);
    assert.equal(p.code, 0, p.stderr);
    assert.match(p.stdout, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}\n$/);
    const unknown = cli(['pairing-code', '--showroom', 'nowhere'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no showroom "nowhere"; known showrooms: demo/);
    const admin = cli(['create-admin'], env);
    assert.equal(admin.code, 0);
    assert.match(admin.stdout, /\/admin\/#invite=[A-Za-z0-9_-]{20,}/);
  });

  describe('while a server runs on the directory', () => {
    let server: ServerProcess;
    const env = { DATA_DIR: '' };
    before(async () => {
      env.DATA_DIR = tempDir();
      server = await spawnServer(env);
    });
    after(() => void server?.child.kill('SIGKILL'));

    it('prints the URLs, a first-run admin link and a pairing code', () => {
      const out = server.output();
      assert.match(out, /kiosk +http:\/\/\S+\/kiosk\//);
      assert.match(out, /First-run admin link \(one use, 24 hours\): http:\/\/\S+\/admin\/#invite=/);
      assert.ok(server.pairingCode);
    });

    it('refuses a second server on the same directory, clearly', async () => {
      const port = await freePort();
      const r = spawnSync(process.execPath, ['bin/little-advisors.js', 'start'], { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, encoding: 'utf8', timeout: 30_000 });
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /already running on this data directory/);
    });

    it('issues pairing codes and admins through the running server', async () => {
      const p = cli(['pairing-code', '--showroom', 'demo'], env);
      assert.equal(p.code, 0, p.stderr);
      const code = p.stdout.trim();
      const pair = await fetch(`${server.base}/api/v1/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'cli' }) });
      assert.equal(pair.status, 201);
      const a = cli(['create-admin', '--email', 'boss@example.com', '--password', 'correct horse battery'], env);
      assert.equal(a.code, 0, a.stderr);
      assert.match(a.stdout, /admin boss@example.com created/);
      const again = cli(['create-admin', '--email', 'boss@example.com', '--password', 'correct horse battery'], env);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already exists/);
    });

    it('refuses commands that would open the directory behind its back', () => {
      const r = cli(['migrate'], env);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /is running on .*cannot open its database now/);
    });

    it('stops on SIGTERM with exit 0 and releases the directory', async () => {
      server.child.kill('SIGTERM');
      const exit = await server.exited;
      assert.equal(exit.code, 0, server.output());
      assert.ok(!existsSync(join(env.DATA_DIR, '.little-advisors.lock')));
      const m = cli(['migrate'], env);
      assert.equal(m.code, 0, m.stderr);
    });
  });

  it('npm start hands SIGTERM to the server and leaves no orphan', async () => {
    const port = await freePort();
    const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: { ...process.env, DATA_DIR: tempDir(), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    // npm start builds the front ends first: minutes on a busy shared machine.
    const deadline = Date.now() + 240_000;
    while (!/Stop with Ctrl\+C/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, /Stop with Ctrl\+C/);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, out);
    await new Promise((r) => setTimeout(r, 300));
    const stillListening = await fetch(`http://127.0.0.1:${port}/healthz`).then(() => true, () => false);
    assert.equal(stillListening, false, 'the server process is gone');
  });
});
