import type { Database } from '../../db/database.ts';
import { claimDue, pruneDeliveries, recordAttempt, type ClaimedDelivery } from '../../db/repositories/webhooks.repository.ts';
import type { WebhookPreset } from '../../shared/admin/webhooks.ts';
import type { Resolver } from './address-guard.ts';
import { sendWebhook, type SendResult } from './deliver.ts';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, formatBody, signature, type QueuedDelivery } from './format.ts';

export const RETRY_FOR_MS = 24 * 3600 * 1000;
export const PAUSE_AFTER_MS = 24 * 3600 * 1000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 2 * 3600 * 1000;
const LEASE_MS = 60_000;
const BATCH = 10;
const LOG_DAYS = 30;
const LOG_KEEP_PER_ENDPOINT = 200;

export type DeliveryOutcome = 'delivered' | 'retrying' | 'gave_up';

export interface WebhookWorkerOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  /** How often due deliveries are looked for when no NOTIFY wakes the worker. */
  pollMs?: number;
  /** Injectable clock (tests move it 24 h on instead of waiting). */
  now?: () => Date;
  resolve?: Resolver;
  onOutcome?: (event: string, outcome: DeliveryOutcome) => void;
  log?: { warn(o: object, m: string): void };
}

/** 30 s, 1 min, 2 min … doubling up to 2 h between attempts. */
export function retryDelayMs(attemptsSoFar: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attemptsSoFar - 1));
}

/**
 * Delivers queued webhooks. Several workers (instances) may run on one database: each claims
 * rows with SKIP LOCKED and a lease, so a delivery is attempted by one of them at a time.
 * Delivery is at least once (a crash after the receiver answered repeats it): receivers
 * de-duplicate by the delivery id.
 */
export class WebhookWorker {
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private unlisten: (() => Promise<void>) | null = null;
  private readonly observers: Array<(event: string, outcome: DeliveryOutcome) => void> = [];
  private lastPrune = 0;

  constructor(
    private readonly db: Database,
    private readonly opts: WebhookWorkerOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
    if (opts.onOutcome) this.observers.push(opts.onOutcome);
  }

  /** Adds a listener of attempt outcomes (the /metrics counter). */
  observe(fn: (event: string, outcome: DeliveryOutcome) => void): void {
    this.observers.push(fn);
  }

  /** Attempts every delivery due now (in batches); returns how many were attempted. */
  async runOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await claimDue(this.db, this.now(), BATCH, LEASE_MS);
      if (!batch.length) return total;
      await Promise.all(batch.map((d) => this.attempt(d)));
      total += batch.length;
    }
  }

  /** Attempts one delivery now (the dashboard's test button); null when it is not due or taken. */
  async deliverNow(id: string): Promise<SendResult | null> {
    const [d] = await claimDue(this.db, this.now(), 1, LEASE_MS, id);
    return d ? this.attempt(d) : null;
  }

  async prune(): Promise<number> {
    return pruneDeliveries(this.db, this.now(), LOG_DAYS, LOG_KEEP_PER_ENDPOINT);
  }

  private async attempt(d: ClaimedDelivery): Promise<SendResult> {
    const queued: QueuedDelivery = { id: d.id, event: d.event as QueuedDelivery['event'], payload: d.payload, createdAt: d.created_at };
    const body = formatBody(d.preset as WebhookPreset, queued);
    const sentAt = this.now();
    const headers = {
      [SIGNATURE_HEADER]: signature(d.secret, body, Math.floor(sentAt.getTime() / 1000)),
      [DELIVERY_HEADER]: d.id,
      [EVENT_HEADER]: d.event,
    };
    let result: SendResult;
    try {
      result = await sendWebhook(d.url, headers, body, { allowPrivate: this.opts.allowPrivate, timeoutMs: this.opts.timeoutMs, resolve: this.opts.resolve });
    } catch (err) {
      result = { ok: false, status: null, error: String((err as Error).message ?? err).slice(0, 300), excerpt: null };
    }
    const now = this.now();
    const deadline = d.created_at.getTime() + d.max_age_seconds * 1000;
    // The last retry lands on the deadline itself, so an endpoint down for 24 h is seen failing at 24 h.
    const retryAt = result.ok || now.getTime() >= deadline ? null : new Date(Math.min(deadline, now.getTime() + retryDelayMs(d.attempts + 1)));
    const { paused } = await recordAttempt(this.db, d, result, now, retryAt, PAUSE_AFTER_MS);
    if (paused) this.opts.log?.warn({ endpointId: d.endpoint_id }, 'webhook endpoint failed for 24 h and is paused');
    const outcome: DeliveryOutcome = result.ok ? 'delivered' : retryAt ? 'retrying' : 'gave_up';
    for (const fn of this.observers) fn(d.event, outcome);
    return result;
  }

  /** Runs in the background: on NOTIFY webhook_due, and every pollMs for retries that come due. */
  async start(): Promise<void> {
    this.stopped = false;
    try {
      this.unlisten = await this.db.listen('webhook_due', () => this.kick());
    } catch (err) {
      this.opts.log?.warn({ err: String(err) }, 'webhook worker cannot LISTEN; polling only');
    }
    const tick = () => {
      if (this.stopped) return;
      this.kick();
      this.timer = setTimeout(tick, this.opts.pollMs ?? 5000);
      this.timer.unref();
    };
    tick();
    this.timer?.unref();
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.runOnce();
          if (Date.now() - this.lastPrune > 3600_000) {
            this.lastPrune = Date.now();
            await this.prune();
          }
        } catch (err) {
          if (!this.stopped) this.opts.log?.warn({ err: String(err) }, 'webhook delivery run failed');
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
  }

  /** Stops polling and waits for deliveries in flight (each is bounded by the timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.unlisten?.().catch(() => {});
    await this.running;
  }
}
