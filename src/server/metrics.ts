import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppContext } from './context.ts';
import { unauthorized } from './errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: AppMetrics;
  }
}

export interface AppMetrics {
  /** Adds a source of open event streams (the live hub registers its viewer count). */
  observeStreams(count: () => number): void;
}

const VISITS_ROUTE = '/api/v1/visits';
const UNMATCHED = '(unmatched)';
const CODE_IN_BODY = /"code":"([a-z_]{1,40})"/;

/**
 * Prometheus metrics at /metrics, only when METRICS_TOKEN is set (otherwise the route does not
 * exist and nothing is counted). Labels are route patterns, never URLs: a URL can hold a ticket.
 * Visit outcomes are read off the visit route's responses, because refusals come from four places
 * (device auth, the body parser, schema validation and the visit rules) and all end up there.
 */
async function metricsPlugin(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const streamSources: Array<() => number> = [];
  app.decorate<AppMetrics>('metrics', { observeStreams: (count) => void streamSources.push(count) });
  const token = ctx.config.metricsToken;
  if (!token) return;

  // One registry per app: several apps in one process (tests) keep separate counts.
  const register = new Registry();
  collectDefaultMetrics({ register });
  const labels = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by route pattern and status', labelNames: labels, registers: [register] });
  const duration = new Histogram({ name: 'http_request_duration_seconds', help: 'Time to answer an HTTP request, by route pattern and status', labelNames: labels, registers: [register] });
  const visits = new Counter({ name: 'little_advisors_visits_stored_total', help: 'Visits stored (replayed: the same visit sent again, answered with its ticket)', labelNames: ['outcome'], registers: [register] });
  const refused = new Counter({ name: 'little_advisors_visits_refused_total', help: 'Visits refused, by error code', labelNames: ['reason'], registers: [register] });
  const deliveries = new Counter({
    name: 'little_advisors_webhook_deliveries_total',
    help: 'Webhook delivery attempts by event and outcome (delivered, retrying: failed and queued again, gave_up: failed for good)',
    labelNames: ['event', 'outcome'],
    registers: [register],
  });
  ctx.webhooks.observe((event, outcome) => deliveries.inc({ event, outcome }));
  const insight = new Counter({
    name: 'little_advisors_insight_requests_total',
    help: 'Insight overview/love-map requests by outcome (computed: ran the queries; coalesced: joined an identical request already in flight)',
    labelNames: ['endpoint', 'outcome'],
    registers: [register],
  });
  for (const endpoint of ['overview', 'love-map']) for (const outcome of ['computed', 'coalesced']) insight.inc({ endpoint, outcome }, 0);
  ctx.insight.observe((endpoint, outcome) => insight.inc({ endpoint, outcome: outcome === 'shared' ? 'coalesced' : 'computed' }));
  visits.inc({ outcome: 'stored' }, 0);
  visits.inc({ outcome: 'replayed' }, 0);
  new Gauge({
    name: 'little_advisors_wall_streams',
    help: 'Showroom wall event streams open in this process',
    registers: [register],
    collect() {
      this.set(streamSources.reduce((sum, count) => sum + count(), 0));
    },
  });
  const engine = ctx.db.engine;
  const pool = (name: string, help: string, pick: (s: { total: number; idle: number; waiting: number }) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['engine'],
      registers: [register],
      collect() {
        const stats = ctx.db.poolStats?.();
        if (stats) this.set({ engine }, pick(stats));
      },
    });
  pool('little_advisors_db_pool_connections', 'Database connections open (PGlite: always its one connection)', (s) => s.total);
  pool('little_advisors_db_pool_idle', 'Open database connections not in use (PGlite: 1 when no query runs)', (s) => s.idle);
  pool('little_advisors_db_pool_waiting', 'Queries waiting for a connection (PGlite: calls queued behind the running one)', (s) => s.waiting);

  const routeOf = (req: FastifyRequest) => req.routeOptions.url ?? UNMATCHED;

  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method !== 'POST' || routeOf(req) !== VISITS_ROUTE) return payload;
    const status = reply.statusCode;
    if (status === 201) visits.inc({ outcome: 'stored' });
    else if (status === 200) visits.inc({ outcome: 'replayed' });
    else if (status >= 400) {
      const code = typeof payload === 'string' ? CODE_IN_BODY.exec(payload)?.[1] : undefined;
      refused.inc({ reason: code ?? `http_${status}` });
    }
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    const l = { method: req.method, route: routeOf(req), status_code: String(reply.statusCode) };
    requests.inc(l);
    duration.observe(l, reply.elapsedTime / 1000);
  });

  const expected = createHash('sha256').update(token).digest();
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    const given = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    // Comparing digests keeps the comparison constant-time whatever the length of the guess.
    if (!given || !timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
      throw unauthorized('send the metrics token as "Authorization: Bearer <METRICS_TOKEN>"');
    }
    return reply.header('cache-control', 'no-store').type(register.contentType).send(await register.metrics());
  });
}

export const metrics = fp(metricsPlugin, { name: 'little-advisors-metrics' });
