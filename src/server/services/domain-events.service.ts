import type { Queryable } from '../../db/database.ts';
import type { VisitInput } from '../../shared/visit.ts';
import type { DomainEvents } from '../events.ts';

/**
 * Emits what storing a visit means for integrations: visit.stored (counts only, never the
 * answers) and idea.created (no text, drawing or recording: those wait for approval).
 * Only for a visit stored now, not a replay.
 */
export async function publishVisitStored(db: Queryable, events: DomainEvents, visitId: string, showroomId: string, input: VisitInput, ideaId?: string | null): Promise<void> {
  const at = new Date().toISOString();
  const productId = input.productId.toLowerCase();
  events.emit('visit.stored', {
    showroomId, productId, ratings: input.ratings.length, choices: input.choices.length, favourites: input.favourites.length, withIdea: Boolean(input.idea), at,
  });
  if (!input.idea) return;
  // The id the store already returned (VisitService.accept): no look-up per visit.
  if (ideaId) {
    events.emit('idea.created', { ideaId, visitId, kind: input.idea.kind, showroomId, productId, at });
    return;
  }
  const { rows } = await db.query<{ id: string; kind: 'drawing' | 'voice' | 'text' }>('select id, kind from ideas where visit_id = $1', [visitId]);
  if (rows[0]) events.emit('idea.created', { ideaId: rows[0].id, visitId, kind: rows[0].kind, showroomId, productId, at });
}

export interface IdeaState {
  id: string;
  kind: 'drawing' | 'voice' | 'text';
  text: string | null;
  moderation: string;
  status: string;
  showroomId: string;
  productId: string;
}

/** The ideas' moderation and product status, read (and locked) before a change. */
export async function ideaStates(tx: Queryable, ids: string[]): Promise<Map<string, IdeaState>> {
  const { rows } = await tx.query<{ id: string; kind: IdeaState['kind']; text: string | null; moderation: string; product_status: string; showroom_id: string; product_id: string }>(
    `select i.id, i.kind, i.text, i.moderation, i.product_status, v.showroom_id, v.product_id
       from ideas i join visits v on v.id = i.visit_id where i.id = any($1::uuid[]) for update of i`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { id: r.id, kind: r.kind, text: r.text, moderation: r.moderation, status: r.product_status, showroomId: r.showroom_id, productId: r.product_id }]));
}

/**
 * Compares before and after a change (call once the transaction committed): idea.approved when
 * moderation became approved, idea.status_changed when the product status moved.
 */
export function publishIdeaChanges(events: DomainEvents, before: Map<string, IdeaState>, after: Map<string, IdeaState>): void {
  const at = new Date().toISOString();
  for (const [id, now] of after) {
    const was = before.get(id);
    if (!was) continue;
    if (now.moderation === 'approved' && was.moderation !== 'approved') {
      events.emit('idea.approved', { ideaId: id, kind: now.kind, text: now.kind === 'text' ? now.text : null, showroomId: now.showroomId, productId: now.productId, at });
    }
    if (now.status !== was.status) {
      events.emit('idea.status_changed', { ideaId: id, from: was.status, to: now.status, showroomId: now.showroomId, productId: now.productId, at });
    }
  }
}
