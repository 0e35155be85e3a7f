import type { FastifyRequest } from 'fastify';
import { sha256 } from '../../core/ticket.ts';
import type { Database } from '../../db/database.ts';
import { type DeviceRow } from '../../db/repositories/devices.repository.ts';
import { recordKioskReport } from '../../db/repositories/fleet.repository.ts';
import { unauthorized } from '../errors.ts';
import { parseKioskReport } from '../services/fleet.service.ts';
import { deviceAuthCache } from './device-cache.ts';

const TOUCH_EVERY_MS = 30_000;
const lastTouched = new Map<string, number>();

export function deviceTokenHash(token: string): Buffer {
  return sha256(`device:${token}`);
}

/**
 * Resolves the kiosk behind a Bearer token, or throws 401. The look-up is cached for a few
 * seconds (device-cache.ts); revoking drops the entry on every instance through a
 * `device_changed` notice before the admin gets an answer, so a revoked tablet is cut off at once.
 */
export async function authenticateDevice(db: Database, req: FastifyRequest): Promise<DeviceRow> {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header) : null;
  if (!match) throw unauthorized('send the kiosk token as "Authorization: Bearer <token>"');
  const device = await deviceAuthCache(db).find(deviceTokenHash(match[1]!));
  if (!device) throw unauthorized('this kiosk token is unknown or was revoked: pair the tablet again');

  const now = Date.now();
  if (now - (lastTouched.get(device.id) ?? 0) > TOUCH_EVERY_MS) {
    lastTouched.set(device.id, now);
    // Version, pending uploads and storage (fleet.service.ts): bad values are ignored.
    await recordKioskReport(db, device.id, parseKioskReport(req.headers)).catch((err) => req.log.warn({ err: String(err) }, 'could not record device last-seen'));
  }
  return device;
}

declare module 'fastify' {
  interface FastifyRequest {
    device?: DeviceRow;
  }
}

/** An onRequest hook: authenticates the kiosk before a (possibly large) body is read. */
export function requireDevice(db: Database) {
  return async (req: FastifyRequest) => {
    req.device = await authenticateDevice(db, req);
  };
}
