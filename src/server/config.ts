import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  logLevel: string;
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  ticketLookupsPerMinute: number;
  pairAttemptsPerMinute: number;
  /** Unset: no /metrics route. Set: scrapers send it as a bearer token. */
  metricsToken: string | undefined;
  /** PRIVACY_CONTACT: the person responsible for children's data, shown to guardians. */
  privacyContact: string | null;
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

/** Reads the environment once; every setting is documented in the README. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int('PORT', env.PORT, 3000);
  const host = env.HOST || '0.0.0.0';
  const tls = Boolean(env.TLS_CERT && env.TLS_KEY);
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    port,
    host,
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    publicUrl: (env.PUBLIC_URL || `${tls ? 'https' : 'http'}://${shownHost}:${port}`).replace(/\/+$/, ''),
    logLevel: env.LOG_LEVEL || 'info',
    tlsCert: env.TLS_CERT || undefined,
    tlsKey: env.TLS_KEY || undefined,
    ticketLookupsPerMinute: int('TICKET_LOOKUPS_PER_MINUTE', env.TICKET_LOOKUPS_PER_MINUTE, 60),
    pairAttemptsPerMinute: int('PAIR_ATTEMPTS_PER_MINUTE', env.PAIR_ATTEMPTS_PER_MINUTE, 10),
    metricsToken: env.METRICS_TOKEN || undefined,
    privacyContact: privacyContact(env.PRIVACY_CONTACT),
  };
}

/** One line of plain text (name, role, e-mail or phone); control characters are refused. */
function privacyContact(value: string | undefined): string | null {
  const v = (value ?? '').trim();
  if (!v) return null;
  if (v.length > 200 || /[\u0000-\u001f\u007f]/.test(v)) throw new Error('PRIVACY_CONTACT must be one line of at most 200 characters');
  return v;
}
