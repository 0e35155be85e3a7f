import type { FastifyRequest } from 'fastify';

/**
 * Who a rate limit counts: a kiosk by its device (tablets in one showroom share one address
 * behind its router), everyone else by address, as the trusted proxy hops report it. The
 * limiter runs after a route's own onRequest hooks, so req.device is set only for a token
 * that authenticated: a made-up token cannot buy a fresh allowance.
 */
export function clientKey(req: FastifyRequest): string {
  return req.device ? `device:${req.device.id}` : `ip:${req.ip}`;
}
