import type { AddressInfo } from 'node:net';
import { migrate } from '../../src/db/migrate.ts';
import { demoCatalog } from '../../src/db/seed/demo-catalog.ts';
import { seedCatalog } from '../../src/db/seed/seed-catalog.ts';
import { createServer } from '../../src/server/boot.ts';
import { loadConfig } from '../../src/server/config.ts';
import { issuePairingCode } from '../../src/server/services/setup.service.ts';
import type { App } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import type { KioskConfig } from '../../src/shared/kiosk-config.ts';
import { freshDatabase, type TestDatabase } from './engines.ts';
import { LIMITS_OFF } from './limits.ts';

export interface TestServer {
  app: App;
  ctx: AppContext;
  base: string;
  tdb: TestDatabase;
  close(): Promise<void>;
}

/** A real server on a free loopback port, over a fresh migrated and seeded database. */
export async function startTestServer(engine: 'pglite' | 'postgres', env: Record<string, string> = {}): Promise<TestServer> {
  const tdb = await freshDatabase(engine);
  await migrate(tdb.db);
  await seedCatalog(tdb.db, demoCatalog);
  const config = { ...loadConfig({ PORT: '0', HOST: '127.0.0.1', TICKET_LOOKUPS_PER_MINUTE: '100000', PAIR_ATTEMPTS_PER_MINUTE: '100000', ...LIMITS_OFF, ...env }) };
  const { app, ctx } = await createServer(tdb.db, config, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  return {
    app,
    ctx,
    base: `http://127.0.0.1:${port}`,
    tdb,
    async close() {
      await app.close();
      await tdb.drop();
    },
  };
}

export interface PairedKiosk {
  token: string;
  deviceId: string;
  config: KioskConfig;
  auth: Record<string, string>;
}

export async function pairKiosk(server: TestServer, showroom = 'demo'): Promise<PairedKiosk> {
  const { code } = await issuePairingCode(server.tdb.db, showroom);
  const res = await fetch(`${server.base}/api/v1/devices/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, name: 'test tablet' }),
  });
  if (res.status !== 201) throw new Error(`pairing failed: ${res.status} ${await res.text()}`);
  const { token, deviceId } = (await res.json()) as { token: string; deviceId: string };
  const auth = { authorization: `Bearer ${token}` };
  const config = (await (await fetch(`${server.base}/api/v1/kiosk/config`, { headers: auth })).json()) as KioskConfig;
  return { token, deviceId, config, auth };
}

export async function api(server: TestServer, method: string, path: string, opts: { body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${server.base}/api/v1${path}`, {
    method,
    headers: { ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const text = await res.text();
  let json: any = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}
