import { randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { isCatalogEmpty } from '../db/repositories/catalog.repository.ts';
import { getOrCreateSecret } from '../db/repositories/settings.repository.ts';
import { demoCatalog } from '../db/seed/demo-catalog.ts';
import { seedCatalog } from '../db/seed/seed-catalog.ts';
import { VERSION } from '../version.ts';
import { buildApp, type App } from './app.ts';
import { tightenDataDir } from './datadir-permissions.ts';
import type { Config } from './config.ts';
import { DomainEvents } from './events.ts';
import type { AppContext } from './context.ts';
import { ActivityCache } from './services/activity-cache.ts';
import { FleetService } from './services/fleet.service.ts';
import { VisitService } from './services/visit.service.ts';
import { InsightCoalescer } from './insight-coalesce.ts';
import { subscribeWebhooks } from './webhooks/subscribe.ts';
import { WebhookWorker } from './webhooks/worker.ts';

const SEED_LOCK = 7_301_002;

/** Opens the configured database, applies migrations and seeds the demo catalog into an empty one. */
export async function prepareDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>, opts: { seed?: boolean } = {}): Promise<{ db: Database; seeded: boolean }> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
    // PGlite writes its files 0666: tighten them once it has made them (see datadir-permissions.ts).
    if (!config.databaseUrl) tightenDataDir(config.dataDir);
    let seeded = false;
    if (opts.seed !== false && (await isCatalogEmpty(db))) {
      // Instances starting together on one fresh PostgreSQL take turns, so only the first seeds.
      seeded = await db.transaction(async (tx) => {
        await tx.query('select pg_advisory_xact_lock($1)', [SEED_LOCK]);
        if (!(await isCatalogEmpty(tx))) return false;
        await seedCatalog({ ...db, transaction: (fn) => fn(tx) } as Database, demoCatalog);
        return true;
      });
    }
    return { db, seeded };
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}

export async function createContext(db: Database, config: Config, localSecret: string | null): Promise<AppContext> {
  const activities = new ActivityCache(db);
  const ticketSecret = await getOrCreateSecret(db, 'ticket_secret');
  const events = new DomainEvents();
  const log = { warn: (o: object, m: string) => console.warn(m, o) };
  const webhooks = new WebhookWorker(db, { allowPrivate: config.webhookAllowPrivate, timeoutMs: config.webhookTimeoutSeconds * 1000, pollMs: config.webhookPollSeconds * 1000, log });
  subscribeWebhooks(events, db, log);
  const fleet = new FleetService(config.kioskStaleMinutes, config.kioskDistDir);
  return { db, config, activities, visits: new VisitService(db, activities, ticketSecret), events, webhooks, fleet, insight: new InsightCoalescer(), localSecret, version: VERSION };
}

export async function createServer(db: Database, config: Config, opts: NonNullable<Parameters<typeof buildApp>[1]> = {}): Promise<{ app: App; ctx: AppContext }> {
  const localSecret = randomBytes(24).toString('base64url');
  const ctx = await createContext(db, config, localSecret);
  const app = await buildApp(ctx, opts);
  return { app, ctx };
}
