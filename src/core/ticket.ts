import { createHash, createHmac } from 'node:crypto';

/** Crockford's base32: no I, L, O, U, so codes survive being read aloud and typed. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TICKET_CHARS = 10; // 10 × 5 = 50 bits
const DECODE_ALIASES: Record<string, string> = { I: '1', L: '1', O: '0' };

export function encodeBase32(bytes: Uint8Array, chars: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
    if (out.length === chars) break;
  }
  return out;
}

export function formatTicket(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * The ticket of a visit is derived from the visit id with a server secret, so a replayed
 * visit gets its ticket back without the database holding tickets in clear, and a kiosk
 * can be handed (visit id, ticket) pairs ahead of time to show a ticket while offline.
 */
export function ticketForVisit(secret: Uint8Array, visitId: string): string {
  const mac = createHmac('sha256', secret).update(`ticket:${visitId.toLowerCase()}`).digest();
  return formatTicket(encodeBase32(mac, TICKET_CHARS));
}

/** Case- and dash-insensitive; returns the canonical 10 characters or null when malformed. */
export function normalizeTicket(input: string): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (compact.length !== TICKET_CHARS) return null;
  let out = '';
  for (const ch of compact) {
    const c = DECODE_ALIASES[ch] ?? ch;
    if (!ALPHABET.includes(c)) return null;
    out += c;
  }
  return out;
}

export function ticketHash(normalized: string): Buffer {
  return createHash('sha256').update(`ticket:${normalized}`).digest();
}

export function sha256(data: string | Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}
