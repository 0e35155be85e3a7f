import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody } from '../shared/errors.ts';
import { VISIT_LIMITS } from '../shared/visit.ts';
import type { AppContext } from './context.ts';
import { behindTls } from './config.ts';
import { closeDeviceAuthCache } from './auth/device-cache.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { installErrorHandling } from './error-handling.ts';
import { validatorCompiler } from './validation.ts';
import { healthRoutes } from './routes/health.ts';
import { deviceRoutes } from './routes/devices.ts';
import { kioskRoutes } from './routes/kiosk.ts';
import { visitRoutes } from './routes/visits.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { assetRoutes } from './routes/assets.ts';
import { internalRoutes } from './routes/internal.ts';
import { frontEndRoutes } from './routes/front-ends.ts';
import { publicSurfaceRoutes } from './routes/public/index.ts';
import { databaseRateLimitStore } from './live/rate-limit-store.ts';
import { adminRoutes } from './routes/admin/index.ts';
import { metrics } from './metrics.ts';
import { clientKey } from './client-key.ts';
import { recordRoutes } from './route-table.ts';

export type App = FastifyInstance;

/** The kiosk records voice (its own origin only); nothing here needs any other powerful feature. */
export { PERMISSIONS_POLICY } from './security-headers.ts';

/** A hop count n trusts the n nearest proxies: the address they report is the client's. */
function trustProxyOption(t: AppContext['config']['trustProxy']): false | string[] | ((addr: string, hop: number) => boolean) {
  if (typeof t === 'number') return t === 0 ? false : (_addr: string, hop: number) => hop < t;
  return t;
}

/** Children's answers, nicknames and media never reach the logs: only method, path and status. */
const LOG_SERIALIZERS = {
  req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0]?.replace(/\/t(ickets)?\/[^/]+/, '/t$1/:ticket') }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
};

export async function buildApp(ctx: AppContext, opts: { logger?: FastifyServerOptions['logger'] } = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ?? { level: ctx.config.logLevel, serializers: LOG_SERIALIZERS },
    bodyLimit: VISIT_LIMITS.bodyMaxBytes,
    // Only the configured hops are believed: `true` would take the left-most X-Forwarded-For entry, which clients write.
    trustProxy: trustProxyOption(ctx.config.trustProxy),
    // Fastify answers some malformed requests before any route runs; keep our error shape there too.
    frameworkErrors: (err, _req, reply) => {
      void (reply as unknown as { status(n: number): { send(b: unknown): void } })
        .status(400)
        .send({ error: { code: 'bad_url', message: `the request could not be read: ${err.message}` } });
    },
    // Service workers need a secure context: a tablet on the showroom LAN gets one only over HTTPS.
    ...(ctx.config.tlsCert && ctx.config.tlsKey ? { https: { cert: readFileSync(ctx.config.tlsCert), key: readFileSync(ctx.config.tlsKey) } } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();

  recordRoutes(app);
  app.setValidatorCompiler(validatorCompiler);
  // The API speaks JSON only: anything else is answered 415 instead of reaching validation as a string.
  app.removeContentTypeParser('text/plain');
  installErrorHandling(app);
  app.addSchema(ErrorBody);

  // Security headers (helmet's set, plus Permissions-Policy), built once at start.
  installSecurityHeaders(app, behindTls(ctx.config));
  app.addHook('onClose', async () => closeDeviceAuthCache(ctx.db));
  // Every API route without a limit of its own gets the default one (per device for kiosks, per address otherwise).
  app.addHook('onRoute', (route) => {
    if (!route.url?.startsWith('/api/') && !route.url?.startsWith('/internal/')) return;
    const config = (route.config ??= {}) as { rateLimit?: unknown };
    if (config.rateLimit !== undefined) return;
    config.rateLimit = { max: ctx.config.requestsPerMinute, timeWindow: 60_000, keyGenerator: clientKey };
  });
  await app.register(rateLimit, {
    global: false,
    // Several instances on one PostgreSQL share their counters there; PGlite is one process.
    ...(ctx.db.engine === 'postgres' ? { store: databaseRateLimitStore(ctx.db), skipOnError: true } : {}),
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      error: { code: 'rate_limited', message: `too many requests: try again in ${Math.ceil(context.ttl / 1000)} s` },
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Little Advisors API', version: ctx.version, description: 'Kiosk, family and staff API. Every error is {"error": {"code", "message"}}.' },
      components: { securitySchemes: { kioskToken: { type: 'http', scheme: 'bearer' } } },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });

  // Kiosks learn the current kiosk build from every answer to them (fleet.service.ts).
  app.addHook('onSend', ctx.fleet.onSend);
  await app.register(metrics, { ctx });
  await app.register(healthRoutes, { ctx });
  await app.register(assetRoutes, { ctx });
  await app.register(internalRoutes, { ctx });
  await app.register(frontEndRoutes, { ctx });
  await app.register(publicSurfaceRoutes, { ctx });
  await app.register(adminRoutes, { ctx });
  await app.register(
    async (api) => {
      await api.register(deviceRoutes, { ctx });
      await api.register(kioskRoutes, { ctx });
      await api.register(visitRoutes, { ctx });
      await api.register(ticketRoutes, { ctx });
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api/v1' },
  );
  return app;
}
