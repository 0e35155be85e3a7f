import type { Database } from '../db/database.ts';
import type { Config } from './config.ts';
import type { DomainEvents } from './events.ts';
import type { InsightCoalescer } from './insight-coalesce.ts';
import type { FleetService } from './services/fleet.service.ts';
import type { ActivityCache } from './services/activity-cache.ts';
import type { VisitService } from './services/visit.service.ts';
import type { WebhookWorker } from './webhooks/worker.ts';

/** What every route needs, built once at start and handed to the route plugins. */
export interface AppContext {
  db: Database;
  config: Config;
  activities: ActivityCache;
  visits: VisitService;
  /** Domain events (idea.created, visit.stored, kiosk.stale…) for integrations such as webhooks. */
  events: DomainEvents;
  /** The kiosk fleet: the current kiosk build and the (injectable) clock for staleness. */
  fleet: FleetService;
  /** Webhook deliveries: started by the background jobs; the dashboard's test button uses it directly. */
  webhooks: WebhookWorker;
  /** Identical insight requests in flight at once share one computation (no cache once settled). */
  insight: InsightCoalescer;
  /** Secret the local CLI presents to /internal routes; null disables them. */
  localSecret: string | null;
  version: string;
}
