import type { Database } from '../db/database.ts';
import type { Config } from './config.ts';
import type { ActivityCache } from './services/activity-cache.ts';
import type { VisitService } from './services/visit.service.ts';

/** What every route needs, built once at start and handed to the route plugins. */
export interface AppContext {
  db: Database;
  config: Config;
  activities: ActivityCache;
  visits: VisitService;
  /** Secret the local CLI presents to /internal routes; null disables them. */
  localSecret: string | null;
  version: string;
}
