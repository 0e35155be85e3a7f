import type { Database, Queryable } from '../database.ts';
import type { WebhookDelivery, WebhookEndpoint, WebhookEvent, WebhookPreset } from '../../shared/admin/webhooks.ts';

interface EndpointRow {
  id: string;
  url: string;
  description: string;
  events: string[];
  preset: WebhookPreset;
  created_by: string;
  created_at: Date;
  paused_at: Date | null;
  failing_since: Date | null;
  last_success_at: Date | null;
  pending: number;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toEndpoint(r: EndpointRow): WebhookEndpoint {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    events: r.events as WebhookEvent[],
    preset: r.preset,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    pausedAt: iso(r.paused_at),
    failingSince: iso(r.failing_since),
    lastSuccessAt: iso(r.last_success_at),
    pending: Number(r.pending),
  };
}

const ENDPOINT_COLUMNS = `e.id, e.url, e.description, e.events, e.preset, e.created_by, e.created_at, e.paused_at, e.failing_since, e.last_success_at,
  (select count(*)::int from webhook_deliveries d where d.endpoint_id = e.id and d.status = 'pending') as pending`;

export async function listEndpoints(db: Queryable): Promise<WebhookEndpoint[]> {
  const { rows } = await db.query<EndpointRow>(`select ${ENDPOINT_COLUMNS} from webhook_endpoints e order by e.created_at, e.id`);
  return rows.map(toEndpoint);
}

export async function getEndpoint(db: Queryable, id: string): Promise<WebhookEndpoint | null> {
  const { rows } = await db.query<EndpointRow>(`select ${ENDPOINT_COLUMNS} from webhook_endpoints e where e.id = $1`, [id]);
  return rows[0] ? toEndpoint(rows[0]) : null;
}

export async function createEndpoint(
  db: Queryable,
  e: { url: string; events: string[]; preset: WebhookPreset; description: string; secret: string; createdBy: string },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into webhook_endpoints (url, events, preset, description, secret, created_by) values ($1, $2::text[], $3, $4, $5, $6) returning id`,
    [e.url, e.events, e.preset, e.description, e.secret, e.createdBy],
  );
  return rows[0]!.id;
}

export async function updateEndpoint(db: Queryable, id: string, p: { url?: string; events?: string[]; preset?: WebhookPreset; description?: string }): Promise<boolean> {
  const { rows } = await db.query(
    `update webhook_endpoints set url = coalesce($2, url), events = coalesce($3::text[], events), preset = coalesce($4, preset),
            description = coalesce($5, description) where id = $1 returning id`,
    [id, p.url ?? null, p.events ?? null, p.preset ?? null, p.description ?? null],
  );
  return rows.length > 0;
}

export async function deleteEndpoint(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('delete from webhook_endpoints where id = $1 returning id', [id])).rows.length > 0;
}

export async function endpointSecret(db: Queryable, id: string): Promise<string | null> {
  return (await db.query<{ secret: string }>('select secret from webhook_endpoints where id = $1', [id])).rows[0]?.secret ?? null;
}

/** Ends a pause: the endpoint's waiting deliveries are tried again at once. */
export async function resumeEndpoint(db: Database, id: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query('update webhook_endpoints set paused_at = null, failing_since = null where id = $1 returning id', [id]);
    if (!rows.length) return false;
    await tx.query(`update webhook_deliveries set next_attempt_at = $2 where endpoint_id = $1 and status = 'pending'`, [id, now.toISOString()]);
    await tx.query(`select pg_notify('webhook_due', '')`);
    return true;
  });
}

/** Queues one delivery per subscribed, unpaused endpoint; wakes the workers. Returns how many. */
export async function enqueueEvent(db: Queryable, event: WebhookEvent, payload: Record<string, unknown>, now: Date): Promise<number> {
  const { rows } = await db.query(
    `insert into webhook_deliveries (endpoint_id, event, payload, created_at, next_attempt_at)
     select id, $1, $2::jsonb, $3, $3 from webhook_endpoints where $1 = any(events) and paused_at is null returning id`,
    [event, JSON.stringify(payload), now.toISOString()],
  );
  if (rows.length) await db.query(`select pg_notify('webhook_due', '')`);
  return rows.length;
}

/** A test ping: one attempt, never retried, not counted towards pausing. */
export async function enqueueTest(db: Queryable, endpointId: string, now: Date): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into webhook_deliveries (endpoint_id, event, payload, created_at, next_attempt_at, max_age_seconds)
     values ($1, 'webhook.test', $2::jsonb, $3, $3, 0) returning id`,
    [endpointId, JSON.stringify({ message: 'Test delivery from the Little Advisors dashboard' }), now.toISOString()],
  );
  return rows[0]!.id;
}

export interface ClaimedDelivery {
  id: string;
  endpoint_id: string;
  event: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_age_seconds: number;
  created_at: Date;
  url: string;
  secret: string;
  preset: WebhookPreset;
}

/**
 * Takes up to `limit` due deliveries for this worker: rows other workers hold are skipped
 * (FOR UPDATE SKIP LOCKED), and each taken row is leased so the HTTP call happens outside
 * any transaction (PGlite has one connection: a transaction held for 10 s would stall every
 * request). A worker that dies mid-delivery leaves the lease to expire; another retries.
 */
export async function claimDue(db: Database, now: Date, limit: number, leaseMs: number, onlyId?: string): Promise<ClaimedDelivery[]> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `select d.id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
        where d.status = 'pending' and d.next_attempt_at <= $1 and (d.leased_until is null or d.leased_until < $1)
          and (e.paused_at is null or d.max_age_seconds = 0) and ($3::uuid is null or d.id = $3)
        order by d.next_attempt_at limit $2
        for update of d skip locked`,
      [now.toISOString(), limit, onlyId ?? null],
    );
    if (!rows.length) return [];
    const claimed = await tx.query<ClaimedDelivery>(
      `update webhook_deliveries d set leased_until = $2 from webhook_endpoints e
        where d.id = any($1::uuid[]) and e.id = d.endpoint_id
        returning d.id, d.endpoint_id, d.event, d.payload, d.attempts, d.max_age_seconds, d.created_at, e.url, e.secret, e.preset`,
      [rows.map((r) => r.id), new Date(now.getTime() + leaseMs).toISOString()],
    );
    return claimed.rows;
  });
}

export interface AttemptResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  excerpt: string | null;
}

/**
 * Records one attempt. A failure is retried at `retryAt` (null: give up). The endpoint's
 * failing streak starts at its first failure after a success; once it has lasted `pauseAfterMs`
 * the endpoint is paused. Test pings leave the endpoint's state alone. Returns whether it paused now.
 */
export async function recordAttempt(
  db: Database,
  d: ClaimedDelivery,
  r: AttemptResult,
  now: Date,
  retryAt: Date | null,
  pauseAfterMs: number,
): Promise<{ paused: boolean }> {
  return db.transaction(async (tx) => {
    const at = now.toISOString();
    await tx.query(
      `update webhook_deliveries set attempts = attempts + 1, last_attempt_at = $2, leased_until = null, last_status = $3,
              last_error = left($4, 300), response_excerpt = left($5, 300),
              status = case when $6 then 'delivered' when $7::timestamptz is null then 'failed' else 'pending' end,
              delivered_at = case when $6 then $2::timestamptz else null end,
              next_attempt_at = coalesce($7::timestamptz, next_attempt_at)
        where id = $1`,
      [d.id, at, r.status, r.error, r.excerpt, r.ok, r.ok ? null : retryAt ? retryAt.toISOString() : null],
    );
    if (d.max_age_seconds === 0) return { paused: false };
    if (r.ok) {
      await tx.query('update webhook_endpoints set failing_since = null, last_success_at = $2 where id = $1', [d.endpoint_id, at]);
      return { paused: false };
    }
    const { rows } = await tx.query<{ paused: boolean }>(
      `update webhook_endpoints set failing_since = coalesce(failing_since, $2::timestamptz),
              paused_at = case when paused_at is null and coalesce(failing_since, $2::timestamptz) <= $2::timestamptz - make_interval(secs => $3)
                               then $2::timestamptz else paused_at end
        where id = $1 returning (paused_at = $2::timestamptz) as paused`,
      [d.endpoint_id, at, pauseAfterMs / 1000],
    );
    return { paused: Boolean(rows[0]?.paused) };
  });
}

interface DeliveryRow {
  id: string;
  event: string;
  status: WebhookDelivery['status'];
  attempts: number;
  created_at: Date;
  last_attempt_at: Date | null;
  next_attempt_at: Date;
  delivered_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  response_excerpt: string | null;
}

const DELIVERY_COLUMNS = 'id, event, status, attempts, created_at, last_attempt_at, next_attempt_at, delivered_at, last_status, last_error, response_excerpt';

export async function listDeliveries(db: Queryable, endpointId: string, limit: number): Promise<WebhookDelivery[]> {
  const { rows } = await db.query<DeliveryRow>(
    `select ${DELIVERY_COLUMNS} from webhook_deliveries where endpoint_id = $1 order by created_at desc, id limit $2`,
    [endpointId, limit],
  );
  return rows.map(toDelivery);
}

export async function getDelivery(db: Queryable, id: string): Promise<WebhookDelivery | null> {
  const { rows } = await db.query<DeliveryRow>(`select ${DELIVERY_COLUMNS} from webhook_deliveries where id = $1`, [id]);
  return rows[0] ? toDelivery(rows[0]) : null;
}

function toDelivery(r: DeliveryRow): WebhookDelivery {
  return {
    id: r.id,
    event: r.event as WebhookDelivery['event'],
    status: r.status,
    attempts: r.attempts,
    createdAt: r.created_at.toISOString(),
    lastAttemptAt: iso(r.last_attempt_at),
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
    deliveredAt: iso(r.delivered_at),
    responseStatus: r.last_status,
    error: r.last_error,
    responseExcerpt: r.response_excerpt,
  };
}

/** Keeps the log bounded: finished deliveries go after `days`, and beyond the newest `keep` per endpoint. */
export async function pruneDeliveries(db: Queryable, now: Date, days: number, keep: number): Promise<number> {
  const old = await db.query(
    `delete from webhook_deliveries where status <> 'pending' and created_at < $1::timestamptz - make_interval(days => $2) returning id`,
    [now.toISOString(), days],
  );
  const extra = await db.query(
    `delete from webhook_deliveries where id in (
       select id from (select id, status, row_number() over (partition by endpoint_id order by created_at desc, id) as n from webhook_deliveries) r
        where r.n > $1 and r.status <> 'pending') returning id`,
    [keep],
  );
  return old.rows.length + extra.rows.length;
}
