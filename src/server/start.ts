import { createInvite, hasStaff, issuePairingCode } from './services/setup.service.ts';
import { acquireLock, updateLock, writeLocalSecret } from './datadir-lock.ts';
import { createServer, prepareDatabase } from './boot.ts';
import type { Config } from './config.ts';
import { startBackgroundJobs } from './background.ts';
import { findShowroomBySlug } from '../db/repositories/showrooms.repository.ts';

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Runs the server until SIGTERM/SIGINT: then it stops accepting connections, lets
 * requests in flight finish, closes the database, releases the data directory and exits 0.
 */
export async function runServer(config: Config): Promise<void> {
  const embedded = !config.databaseUrl;
  const release = embedded
    ? acquireLock(config.dataDir, { port: config.port, host: config.host, https: Boolean(config.tlsCert), purpose: 'server' })
    : () => {};
  process.once('exit', release);

  const { db, seeded } = await prepareDatabase(config);
  const { app, ctx } = await createServer(db, config);
  if (embedded && ctx.localSecret) writeLocalSecret(config.dataDir, ctx.localSecret);
  const stopJobs = startBackgroundJobs(db, config, app.log, ctx.webhooks);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      app.log.error('requests did not finish in time; exiting');
      release();
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    try {
      await app.close();
      await stopJobs();
      await db.close();
      release();
      app.log.info('stopped');
      process.exit(0);
    } catch (err) {
      app.log.error({ err: String(err) }, 'shutdown failed');
      release();
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (embedded) updateLock(config.dataDir, { port });
  const base = config.publicUrl.replace(/:\d+$/, (m) => (config.port === 0 ? `:${port}` : m));

  const lines = [
    '',
    `Little Advisors ${ctx.version} is running on ${embedded ? `PGlite in ${config.dataDir}` : 'PostgreSQL'}${seeded ? ' (demo catalog seeded)' : ''}`,
    `  kiosk      ${base}/kiosk/`,
    `  dashboard  ${base}/admin/`,
    `  board      ${base}/heard/`,
    `  API        ${base}/api/v1/openapi.json`,
  ];
  if (!(await hasStaff(db))) {
    const token = await createInvite(db, 'admin');
    lines.push('', `First-run admin link (one use, 24 hours): ${base}/admin/#invite=${token}`);
  }
  if (await findShowroomBySlug(db, 'demo')) {
    const pairing = await issuePairingCode(db, 'demo');
    lines.push(
      `Kiosk pairing code for showroom "demo": ${pairing.code} (one use, 10 minutes)`,
      `Kiosk pairing link: ${base}/kiosk/#pair=${pairing.code.replace('-', '')}`,
      `  another code: little-advisors pairing-code --showroom demo`,
    );
  }
  if (embedded) lines.push('', 'Note: PGlite does not fsync; use DATABASE_URL=postgres://… in production.');
  lines.push('', 'Stop with Ctrl+C or SIGTERM: requests in flight finish first.');
  process.stdout.write(lines.join('\n') + '\n\n');
}
