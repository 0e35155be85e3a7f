import { parseArgs } from 'node:util';
import { loadConfig, type Config } from './server/config.ts';
import { DataDirBusyError, acquireLock, localServerUrl, readLocalSecret, readLock, type LockInfo } from './server/datadir-lock.ts';
import { UsageError } from './cli-error.ts';

const HELP: Record<string, string> = {
  main: `little-advisors <command> [options]

Commands:
  start                          start the server (PGlite in DATA_DIR, or PostgreSQL with DATABASE_URL)
  migrate                        apply database migrations
  create-admin [--email E --password P]
                                 create an admin (or, without both, print a one-time sign-up link)
  pairing-code --showroom SLUG   print a one-time kiosk pairing code (10 minutes); --link prints the link instead
  seed-demo [--force]            add the demo showroom and car models (--force publishes them again)
  backup [--out FILE]            write a backup of the whole database (media and ticket secret included) to one file
  restore FILE [--force]         restore a backup into a fresh DATA_DIR or an empty PostgreSQL database

Run "little-advisors <command> --help" for a command's options.
Settings come from the environment: PORT, HOST, DATA_DIR, DATABASE_URL, PUBLIC_URL, LOG_LEVEL, TLS_CERT, TLS_KEY, METRICS_TOKEN.`,
  start: `little-advisors start

Starts the server. Without DATABASE_URL it uses the embedded PGlite database in DATA_DIR
(default ./data), which only one process may open at a time. Stops cleanly on SIGTERM/SIGINT.`,
  migrate: `little-advisors migrate

Applies pending migrations and exits. The server also does this at start.`,
  'create-admin': `little-advisors create-admin [--email EMAIL --password PASSWORD]

With --email and --password: creates an admin account (password: 10 characters or more).
Without them: prints a one-time sign-up link for an admin (valid 24 hours).
Works while the server runs (through the server) and while it is stopped.`,
  'pairing-code': `little-advisors pairing-code --showroom SLUG [--link]

Prints a one-time kiosk pairing code for the showroom (valid 10 minutes) and nothing else on
stdout, so scripts can use it. --link prints the kiosk pairing link instead.`,
  'seed-demo': `little-advisors seed-demo [--force]

Adds the demo showroom "demo" and the two demo car models, and publishes them as an activity.
Does nothing when a catalog is already published, unless --force.`,
  backup: `little-advisors backup [--out FILE] [--force]

Writes the whole database to one file (mode 600: it holds children's voices and drawings, the
pictures and the ticket secret, so families' tickets keep working after a restore).
Default FILE: little-advisors-<engine>-<time>.backup in the current directory; --force replaces
an existing FILE.
PGlite (DATA_DIR): works while the server runs (the server takes the copy) and while it is stopped.
PostgreSQL (DATABASE_URL): runs pg_dump (PostgreSQL client tools, on PATH or in
/usr/lib/postgresql/<version>/bin); the servers can keep running.`,
  restore: `little-advisors restore FILE [--force]

Restores a backup made by "little-advisors backup", then prints what it holds. Start the server
afterwards (it applies newer migrations itself).
PGlite: into DATA_DIR, which must be new or empty; stop any server using it first.
PostgreSQL: into the database in DATABASE_URL, which must be empty (createdb a new one); needs
pg_restore.
--force replaces the database already there (take a backup of it first).`,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP.main + '\n');
    return command ? 0 : 1;
  }
  if (!HELP[command] || command === 'main') throw new UsageError(`unknown command "${command}"\n\n${HELP.main}`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      showroom: { type: 'string' },
      link: { type: 'boolean' },
      email: { type: 'string' },
      password: { type: 'string' },
      force: { type: 'boolean' },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP[command] + '\n');
    return 0;
  }
  if (positionals.length > (command === 'restore' ? 1 : 0)) throw new UsageError(`unexpected argument "${positionals.at(-1)}"\n\n${HELP[command]}`);
  const config = loadConfig();
  switch (command) {
    case 'start': {
      const { runServer } = await import('./server/start.ts');
      await runServer(config);
      return -1; // keeps running
    }
    case 'migrate':
      return withDatabase(config, 'migrate', async (db) => {
        const { migrate } = await import('./db/migrate.ts');
        const applied = await migrate(db);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'the database is up to date\n');
        return 0;
      });
    case 'seed-demo':
      return withDatabase(config, 'seed-demo', async (db) => {
        const { isCatalogEmpty } = await import('./db/repositories/catalog.repository.ts');
        if (!values.force && !(await isCatalogEmpty(db))) {
          process.stdout.write('a catalog is already published; use --force to publish the demo catalog again\n');
          return 0;
        }
        const { seedCatalog } = await import('./db/seed/seed-catalog.ts');
        const { demoCatalog } = await import('./db/seed/demo-catalog.ts');
        const version = await seedCatalog(db, demoCatalog);
        process.stdout.write(`demo catalog published as activity version ${version}\n`);
        return 0;
      });
    case 'pairing-code': {
      if (!values.showroom) throw new UsageError('pairing-code needs --showroom SLUG (e.g. --showroom demo)');
      const result = (await viaServerOrDatabase(config, 'pairing-code', '/internal/pairing-code', { showroom: values.showroom }, async (db) => {
        const { issuePairingCode } = await import('./server/services/setup.service.ts');
        return issuePairingCode(db, values.showroom!);
      })) as { code: string };
      process.stdout.write(values.link ? `${config.publicUrl}/kiosk/#pair=${result.code.replace('-', '')}\n` : `${result.code}\n`);
      return 0;
    }
    case 'backup': {
      const { backup } = await import('./backup/commands.ts');
      const { path, manifest } = await backup(config, { out: values.out, force: values.force });
      process.stdout.write(`backup of the ${manifest.engine === 'pglite' ? `PGlite database in ${config.dataDir}` : 'PostgreSQL database'} written to ${path} (${manifest.bytes} bytes)\n`);
      return 0;
    }
    case 'restore': {
      if (!positionals[0]) throw new UsageError(`restore needs the backup FILE\n\n${HELP.restore}`);
      const { restore } = await import('./backup/commands.ts');
      const { manifest, contents } = await restore(config, positionals[0], { force: values.force });
      const where = manifest.engine === 'pglite' ? config.dataDir : 'the database in DATABASE_URL';
      process.stdout.write(
        `restored the backup of ${manifest.createdAt} into ${where}: ${contents.visits} visits, ${contents.ideas} ideas, ${contents.voiceRecordings} voice recordings, ${contents.catalogFiles} catalog pictures and sounds\n` +
          `start the server: little-advisors start\n`,
      );
      return 0;
    }
    case 'create-admin': {
      if (Boolean(values.email) !== Boolean(values.password)) throw new UsageError('give both --email and --password, or neither for a sign-up link');
      const body = values.email ? { email: values.email, password: values.password } : {};
      const result = (await viaServerOrDatabase(config, 'create-admin', '/internal/create-admin', body, async (db) => {
        const setup = await import('./server/services/setup.service.ts');
        if (values.email) return { userId: await setup.createStaffUser(db, { email: values.email, password: values.password!, role: 'admin' }) };
        return { inviteToken: await setup.createInvite(db, 'admin') };
      })) as { userId?: string; inviteToken?: string };
      process.stdout.write(result.userId ? `admin ${values.email} created\n` : `${config.publicUrl}/admin/#invite=${result.inviteToken}\n`);
      return 0;
    }
  }
  return 1;
}

type Db = import('./db/database.ts').Database;

/** Opens the database for a one-off command; refuses while a server holds the PGlite directory. */
async function withDatabase<T>(config: Config, purpose: string, fn: (db: Db) => Promise<T>): Promise<T> {
  let release = () => {};
  if (!config.databaseUrl) {
    try {
      release = acquireLock(config.dataDir, { port: 0, host: '', https: false, purpose: 'cli' });
    } catch (err) {
      if (err instanceof DataDirBusyError && err.holder.purpose === 'server') {
        throw new UsageError(`the server (pid ${err.holder.pid}) is running on ${config.dataDir}: "${purpose}" cannot open its database now. Stop the server first (the server migrates and seeds at start anyway).`);
      }
      throw err;
    }
  }
  try {
    const { prepareDatabase } = await import('./server/boot.ts');
    const { db } = await prepareDatabase(config, { seed: false });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}

/** While a server runs on the PGlite directory, ask it; otherwise open the database ourselves. */
async function viaServerOrDatabase(config: Config, purpose: string, path: string, body: unknown, direct: (db: Db) => Promise<unknown>): Promise<unknown> {
  const holder = config.databaseUrl ? null : readLock(config.dataDir);
  if (!holder || holder.purpose !== 'server') return withDatabase(config, purpose, direct);
  return callServer(config, holder, path, body);
}

async function callServer(config: Config, holder: LockInfo, path: string, body: unknown): Promise<unknown> {
  const secret = readLocalSecret(config.dataDir);
  if (!secret) throw new UsageError(`the server (pid ${holder.pid}) is starting; try again in a moment`);
  const url = localServerUrl(holder, path);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-local-secret': secret }, body: JSON.stringify(body) });
  } catch (err) {
    throw new UsageError(`could not reach the running server at ${url}: ${(err as Error).message}`);
  }
  const json = (await res.json().catch(() => ({}))) as { error?: { message: string } };
  if (!res.ok) throw new UsageError(json.error?.message ?? `the server answered ${res.status}`);
  return json;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`little-advisors: ${message}\n`);
    if (!(err instanceof UsageError) && !(err as { statusCode?: number }).statusCode && process.env.DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(err instanceof UsageError || (err as { statusCode?: number }).statusCode ? 2 : 1);
  },
);
