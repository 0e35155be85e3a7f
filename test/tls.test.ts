import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:https';
import { spawnServer } from './helpers/process.ts';

function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('HTTPS when TLS_CERT and TLS_KEY are given', { skip: opensslAvailable() ? false : 'openssl is not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'la-tls-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the kiosk and the API over HTTPS with the given certificate', async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const server = await spawnServer({ DATA_DIR: join(dir, 'data'), TLS_CERT: join(dir, 'cert.pem'), TLS_KEY: join(dir, 'key.pem') });
    try {
      assert.match(server.output(), /kiosk +https:\/\//);
      const base = server.base.replace('http:', 'https:');
      const status = await new Promise<number>((resolve, reject) => {
        request(`${base}/healthz`, { agent: new Agent({ rejectUnauthorized: false }) }, (res) => resolve(res.statusCode ?? 0))
          .on('error', reject)
          .end();
      });
      assert.equal(status, 200);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
