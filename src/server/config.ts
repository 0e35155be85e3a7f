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
  /** Fastify's trustProxy: false, a hop count, or the proxies' addresses/CIDRs (never "trust everyone"). */
  trustProxy: false | number | string[];
  /** Default per-client (per-device for kiosk routes) requests per minute on each API route without its own limit. */
  requestsPerMinute: number;
  /** Visits one kiosk may post per minute: an offline queue drains at this pace (429s are retried). */
  visitsPerDevicePerMinute: number;
  /** How far ahead of the server clock a visit's startedAt/completedAt may be. */
  clockSkewMinutes: number;
  wallStreamsPerClient: number;
  wallStreamsPerShowroom: number;
  /** First retention run after start, then every retentionEveryMinutes. */
  retentionFirstRunSeconds: number;
  retentionEveryMinutes: number;
  /** Deletions are scrubbed from the database files (VACUUM, CHECKPOINT) at most this long after they happen. */
  scrubDelaySeconds: number;
  /** A kiosk with no contact for this long is shown stale and fires `kiosk.stale` once. */
  kioskStaleMinutes: number;
  /** The built kiosk to serve (its version.json is the build kiosks update to). */
  kioskDistDir: string | undefined;
  /** WEBHOOK_ALLOW_PRIVATE=1: webhooks may go to loopback/private/link-local addresses (tests, LAN-only tools). */
  webhookAllowPrivate: boolean;
  webhookTimeoutSeconds: number;
  /** Due webhook retries are looked for this often (new events wake the worker at once). */
  webhookPollSeconds: number;
}

/**
 * TRUST_PROXY: empty/0/false = trust no proxy; a whole number = that many proxy hops
 * (1 = one reverse proxy); otherwise a comma list of proxy addresses or CIDRs.
 * `true` is refused: it trusts the left-most X-Forwarded-For entry, which clients write.
 */
export function parseTrustProxy(value: string | undefined): false | number | string[] {
  const v = (value ?? '').trim();
  if (v === '' || v === '0' || v.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  if (v.toLowerCase() === 'true') throw new Error('TRUST_PROXY=true would trust addresses clients write themselves: give the number of proxy hops (e.g. 1) or the proxies\' addresses');
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of list) {
    if (!/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(item) && !['loopback', 'linklocal', 'uniquelocal'].includes(item)) {
      throw new Error(`TRUST_PROXY must be a hop count or a comma list of addresses/CIDRs, got "${item}"`);
    }
  }
  return list;
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
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    requestsPerMinute: int('REQUESTS_PER_MINUTE', env.REQUESTS_PER_MINUTE, 600),
    visitsPerDevicePerMinute: int('VISITS_PER_DEVICE_PER_MINUTE', env.VISITS_PER_DEVICE_PER_MINUTE, 120),
    clockSkewMinutes: int('CLOCK_SKEW_MINUTES', env.CLOCK_SKEW_MINUTES, 5),
    wallStreamsPerClient: int('WALL_STREAMS_PER_CLIENT', env.WALL_STREAMS_PER_CLIENT, 20),
    wallStreamsPerShowroom: int('WALL_STREAMS_PER_SHOWROOM', env.WALL_STREAMS_PER_SHOWROOM, 500),
    retentionFirstRunSeconds: int('RETENTION_FIRST_RUN_SECONDS', env.RETENTION_FIRST_RUN_SECONDS, 60),
    retentionEveryMinutes: Math.max(1, int('RETENTION_EVERY_MINUTES', env.RETENTION_EVERY_MINUTES, 24 * 60)),
    scrubDelaySeconds: int('SCRUB_DELAY_SECONDS', env.SCRUB_DELAY_SECONDS, 60),
    kioskStaleMinutes: Math.max(1, int('KIOSK_STALE_MINUTES', env.KIOSK_STALE_MINUTES, 120)),
    kioskDistDir: env.KIOSK_DIST_DIR ? resolve(env.KIOSK_DIST_DIR) : undefined,
    webhookAllowPrivate: flag('WEBHOOK_ALLOW_PRIVATE', env.WEBHOOK_ALLOW_PRIVATE),
    webhookTimeoutSeconds: Math.min(60, Math.max(1, int('WEBHOOK_TIMEOUT_SECONDS', env.WEBHOOK_TIMEOUT_SECONDS, 10))),
    webhookPollSeconds: Math.max(1, int('WEBHOOK_POLL_SECONDS', env.WEBHOOK_POLL_SECONDS, 5)),
  };
}

function flag(name: string, value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  throw new Error(`${name} must be 1 or 0, got "${value}"`);
}

/** One line of plain text (name, role, e-mail or phone); control characters are refused. */
function privacyContact(value: string | undefined): string | null {
  const v = (value ?? '').trim();
  if (!v) return null;
  if (v.length > 200 || /[\u0000-\u001f\u007f]/.test(v)) throw new Error('PRIVACY_CONTACT must be one line of at most 200 characters');
  return v;
}

/** Browsers reach us over TLS: our own certificate, or a TLS-terminating proxy in front (an https PUBLIC_URL). */
export function behindTls(config: Pick<Config, 'tlsCert' | 'publicUrl'>): boolean {
  return Boolean(config.tlsCert) || config.publicUrl.startsWith('https:');
}
