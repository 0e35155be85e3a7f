/**
 * Fills a database you keep with the insight bench's data set, for bench/insight/service-timing.ts
 * and EXPLAIN sessions (the full `npm run bench -- insight` makes and drops its own):
 *
 *   node --import tsx bench/insight/fill.ts <postgres url of an empty database> [visits, default 1000000]
 *
 * The database is migrated and seeded with the demo catalog first, as the bench does.
 */
import { prepareDatabase } from '../../src/server/boot.ts';
import { pgSession } from '../insight.ts';
import { generate } from './generate.ts';

const url = process.argv[2];
const visits = Number(process.argv[3] ?? 1_000_000);
if (!url || !Number.isInteger(visits) || visits <= 0) throw new Error('usage: fill.ts <postgres url> [visits]');
process.env.REPORT_TIMEZONE ||= 'UTC';
const prepared = await prepareDatabase({ databaseUrl: url, dataDir: '' });
await prepared.db.close();
const session = await pgSession(url);
try {
  const gen = await generate(session.db, {
    visits,
    timeZone: process.env.REPORT_TIMEZONE,
    settings: { maintenance_work_mem: '1GB', work_mem: '256MB' },
    log: (line) => console.log(line),
  });
  console.log(`generated in ${gen.seconds.toFixed(0)} s`);
} finally {
  await session.close();
}
