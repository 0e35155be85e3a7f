import type { Database } from '../../db/database.ts';
import { enqueueEvent } from '../../db/repositories/webhooks.repository.ts';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../shared/admin/webhooks.ts';
import type { DomainEventMap, DomainEvents } from '../events.ts';

/**
 * The fields each event may send, and nothing else: even if a payload type grows a field,
 * only these leave the building (never a ticket, a nickname, media or a child's answers).
 */
const FIELDS: { [E in WebhookEvent]: ReadonlyArray<keyof DomainEventMap[E]> } = {
  'idea.created': ['ideaId', 'visitId', 'kind', 'showroomId', 'productId', 'at'],
  'idea.approved': ['ideaId', 'kind', 'text', 'showroomId', 'productId', 'at'],
  'idea.status_changed': ['ideaId', 'from', 'to', 'showroomId', 'productId', 'at'],
  'visit.stored': ['showroomId', 'productId', 'ratings', 'choices', 'favourites', 'withIdea', 'at'],
  'kiosk.stale': ['deviceId', 'deviceName', 'showroomId', 'lastSeenAt', 'at'],
};

export function webhookPayload<E extends WebhookEvent>(event: E, payload: DomainEventMap[E]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of FIELDS[event]) out[k as string] = (payload as Record<string, unknown>)[k as string] ?? null;
  // Only an approved idea's text: idea.approved is the one event that may carry it.
  if (event === 'idea.approved' && typeof out.text !== 'string') out.text = null;
  return out;
}

/** Showroom and product names (zh and en) for chat messages; names are catalog data, not a child's. */
async function names(db: Database, p: Record<string, unknown>) {
  const uuid = (v: unknown) => (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? v : null);
  const showroom = uuid(p.showroomId);
  const product = uuid(p.productId);
  const { rows } = await db.query<{ s_zh: string | null; s_en: string | null; p_zh: string | null; p_en: string | null }>(
    `select (select name_zh from showrooms where id = $1::uuid) as s_zh, (select name_en from showrooms where id = $1::uuid) as s_en,
            (select name_zh from products where id = $2::uuid) as p_zh, (select name_en from products where id = $2::uuid) as p_en`,
    [showroom, product],
  );
  const r = rows[0];
  return {
    showroom: r?.s_en || r?.s_zh ? { zh: r.s_zh, en: r.s_en } : null,
    product: r?.p_en || r?.p_zh ? { zh: r.p_zh, en: r.p_en } : null,
  };
}

const SUBSCRIBED_TTL_MS = 5_000;
let subscribed: { at: number; db: Database; events: Promise<Set<string>> } | null = null;

/**
 * The events some unpaused endpoint wants, cached for 5 s: without endpoints a stored visit
 * costs no webhook queries. Changes made through this process's API clear it at once
 * (another instance's change shows within 5 s).
 */
function subscribedEvents(db: Database): Promise<Set<string>> {
  if (!subscribed || subscribed.db !== db || Date.now() - subscribed.at > SUBSCRIBED_TTL_MS) {
    const events = db
      .query<{ e: string }>('select distinct unnest(events) as e from webhook_endpoints where paused_at is null')
      .then((r) => new Set(r.rows.map((x) => x.e)));
    subscribed = { at: Date.now(), db, events };
    events.catch(() => {
      subscribed = null;
    });
  }
  return subscribed.events;
}

export function forgetSubscriptions(): void {
  subscribed = null;
}

/** Queues a delivery per subscribed endpoint for every domain event (once per event, whichever instance emitted it). */
export function subscribeWebhooks(events: DomainEvents, db: Database, log: { warn(o: object, m: string): void }, now: () => Date = () => new Date()): () => void {
  const offs = WEBHOOK_EVENTS.map((event) =>
    events.on(event, async (payload) => {
      try {
        if (!(await subscribedEvents(db)).has(event)) return;
        const data = webhookPayload(event, payload as never);
        await enqueueEvent(db, event, { ...data, names: await names(db, data) }, now());
      } catch (err) {
        log.warn({ err: String(err), event }, 'webhook delivery could not be queued');
      }
    }),
  );
  return () => offs.forEach((off) => off());
}
