import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import fastifyHelmet from '@fastify/helmet';
import { buildSecurityHeaders, helmetOptions, PERMISSIONS_POLICY } from '../src/server/security-headers.ts';

/**
 * The security headers are built once at start (security-headers.ts) instead of by @fastify/helmet
 * on every request: the set must be exactly what @fastify/helmet sends with the same options.
 */
describe('security headers built once', () => {
  for (const tls of [false, true]) {
    it(`equal @fastify/helmet's per-request headers (${tls ? 'behind TLS: with HSTS' : 'plain HTTP: no HSTS'})`, async () => {
      const reference = Fastify();
      // (@fastify/helmet carries its own copy of helmet's types.)
      await reference.register(fastifyHelmet, helmetOptions(tls) as never);
      reference.get('/', async () => 'ok');
      const res = await reference.inject({ method: 'GET', url: '/' });
      await reference.close();
      const transport = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);
      const expected = Object.fromEntries(Object.entries(res.headers).filter(([k]) => !transport.has(k)).map(([k, v]) => [k, String(v)]));
      const built = Object.fromEntries(buildSecurityHeaders(tls));
      assert.equal(built['permissions-policy'], PERMISSIONS_POLICY);
      delete built['permissions-policy'];
      assert.deepEqual(built, expected);
      assert.match(built['content-security-policy']!, /default-src 'self'/);
      assert.equal('strict-transport-security' in built, tls);
    });
  }
});
