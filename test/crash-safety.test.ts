import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KioskConfig } from '../src/shared/kiosk-config.ts';
import { createPgDatabase, dropPgDatabase, testEngines } from './helpers/engines.ts';
import { spawnServer } from './helpers/process.ts';
import { makeVisit } from './helpers/visits.ts';

// Load runs until enough visits are acknowledged (a busy machine is slow), but at least LOAD_MS.
const LOAD_MS = 2_000;
const MIN_ACKNOWLEDGED = 21;
const MAX_LOAD_MS = 120_000;
const IN_FLIGHT = 8;

for (const engine of testEngines()) {
  describe(`crash safety on ${engine}`, () => {
    const cleanups: Array<() => Promise<void> | void> = [];
    after(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('keeps every visit answered 201 after SIGKILL under ingest load', async () => {
      let env: Record<string, string>;
      if (engine === 'pglite') {
        const dir = mkdtempSync(join(tmpdir(), 'la-crash-'));
        cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
        env = { DATA_DIR: dir };
      } else {
        const url = await createPgDatabase();
        cleanups.push(() => dropPgDatabase(url));
        env = { DATABASE_URL: url };
      }
      const first = await spawnServer(env);
      cleanups.push(() => void first.child.kill('SIGKILL'));
      const pair = await fetch(`${first.base}/api/v1/devices/pair`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: first.pairingCode, name: 'crash test' }),
      });
      assert.equal(pair.status, 201);
      const { token } = (await pair.json()) as { token: string };
      const auth = { authorization: `Bearer ${token}` };
      const config = (await (await fetch(`${first.base}/api/v1/kiosk/config`, { headers: auth })).json()) as KioskConfig;

      const acknowledged: Array<{ id: string; ticket: string }> = [];
      let stop = false;
      const worker = async () => {
        while (!stop) {
          const visit = makeVisit(config);
          try {
            const r = await fetch(`${first.base}/api/v1/visits`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(visit) });
            if (r.status === 201) acknowledged.push({ id: visit.id, ticket: ((await r.json()) as { ticket: string }).ticket });
          } catch {
            return; // the server is gone
          }
        }
      };
      const workers = Array.from({ length: IN_FLIGHT }, worker);
      const loadStarted = Date.now();
      while (Date.now() - loadStarted < LOAD_MS || (acknowledged.length < MIN_ACKNOWLEDGED && Date.now() - loadStarted < MAX_LOAD_MS)) {
        await new Promise((r) => setTimeout(r, 50));
      }
      first.child.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);
      await first.exited;
      assert.ok(acknowledged.length >= MIN_ACKNOWLEDGED, `only ${acknowledged.length} visits were acknowledged before the kill`);

      const second = await spawnServer(env);
      cleanups.push(() => void second.child.kill('SIGKILL'));
      const missing: string[] = [];
      for (const v of acknowledged) {
        const r = await fetch(`${second.base}/api/v1/tickets/${v.ticket}`);
        if (r.status !== 200) missing.push(`${v.id} (${r.status})`);
      }
      assert.deepEqual(missing, [], `${missing.length} of ${acknowledged.length} acknowledged visits were lost`);
      second.child.kill('SIGTERM');
      const exit = await second.exited;
      assert.equal(exit.code, 0, 'SIGTERM stops the server cleanly');
    });
  });
}
