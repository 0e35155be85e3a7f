import { randomBytes } from 'node:crypto';
import { encodeBase32, sha256 } from './ticket.ts';

export const PAIRING_CODE_CHARS = 8; // 40 bits, and single-use within 10 minutes
export const PAIRING_CODE_TTL_SECONDS = 600;

export function newPairingCode(): string {
  const code = encodeBase32(randomBytes(8), PAIRING_CODE_CHARS);
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export function normalizePairingCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return /^[0-9A-HJKMNP-TV-Z]{8}$/.test(compact) ? compact : null;
}

export function pairingCodeHash(normalized: string): Buffer {
  return sha256(`pairing:${normalized}`);
}
