import { formatTicket, normalizeTicket, ticketHash } from '../../core/ticket.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { deleteVisit, findVisitByTicketHash, isTicketTombstoned, type VisitByTicket } from '../../db/repositories/visits.repository.ts';
import { visitIdHash } from './visit.service.ts';

/** What a ticket code leads to, for the JSON API and the family's HTML pages alike. */
export type TicketFound = { kind: 'found'; ticket: string; hash: Buffer; visit: VisitByTicket };
export type TicketLookup = TicketFound | { kind: 'malformed' | 'unknown' | 'deleted' };

export async function lookupTicket(db: Queryable, raw: string): Promise<TicketLookup> {
  const normalized = normalizeTicket(raw);
  if (!normalized) return { kind: 'malformed' };
  const hash = ticketHash(normalized);
  const visit = await findVisitByTicketHash(db, hash);
  if (visit) return { kind: 'found', ticket: formatTicket(normalized), hash, visit };
  return { kind: (await isTicketTombstoned(db, hash)) ? 'deleted' : 'unknown' };
}

/** A family's right to erasure: the visit, its answers and media go at once; the audit log says so. */
export async function eraseVisit(db: Database, found: TicketFound): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteVisit(tx, found.visit.id, visitIdHash(found.visit.id), found.hash);
    await tx.query(`insert into audit_log (actor, action) values ('family', 'visit.deleted')`);
  });
}
