import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** What the browser may use: the microphone for the voice note, nothing else. */
export const PERMISSIONS_POLICY = [
  'microphone=(self)', 'camera=()', 'geolocation=()', 'payment=()', 'usb=()', 'serial=()', 'hid=()',
  'midi=()', 'magnetometer=()', 'gyroscope=()', 'accelerometer=()', 'display-capture=()',
].join(', ');

export function helmetOptions(tls: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    // Behind a TLS-terminating proxy (an https PUBLIC_URL) as well as with our own certificate.
    hsts: tls ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  };
}

/**
 * The headers helmet would set, computed once: helmet's middleware is run a single time on a
 * recording response. (@fastify/helmet built helmet, CSP parsing included, on every request:
 * 2.6 % of the server's CPU on the ingest path.)
 */
export function buildSecurityHeaders(tls: boolean): ReadonlyArray<readonly [string, string]> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number | string[]) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
      return recorder;
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
    getHeader: (name: string) => headers.get(name.toLowerCase()),
  };
  let failed: unknown;
  helmet(helmetOptions(tls))({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  headers.set('permissions-policy', PERMISSIONS_POLICY);
  return [...headers.entries()];
}

/** One hook setting the prebuilt headers on every response (errors and 404s included, as helmet did). */
export function installSecurityHeaders(app: FastifyInstance, tls: boolean): void {
  const list = buildSecurityHeaders(tls);
  app.addHook('onRequest', (_req, reply, done) => {
    const raw = reply.raw;
    for (const [name, value] of list) raw.setHeader(name, value);
    done();
  });
}
