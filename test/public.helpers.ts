/** Helpers of the public-surface tests (family page, board, wall). */
import type { Queryable } from '../src/db/database.ts';
import type { KioskConfig } from '../src/shared/kiosk-config.ts';
import type { VisitInput } from '../src/shared/visit.ts';
import { makeVisit } from './helpers/visits.ts';

export interface Kiosk {
  base: string;
  auth: Record<string, string>;
  config: KioskConfig;
}

/** Pairs a kiosk with a one-time code over HTTP (works against a spawned server too). */
export async function pairWithCode(base: string, code: string): Promise<Kiosk> {
  const r = await fetch(`${base}/api/v1/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'public tests' }) });
  if (r.status !== 201) throw new Error(`pairing failed: ${r.status} ${await r.text()}`);
  const { token } = (await r.json()) as { token: string };
  const auth = { authorization: `Bearer ${token}` };
  const config = (await (await fetch(`${base}/api/v1/kiosk/config`, { headers: auth })).json()) as KioskConfig;
  return { base, auth, config };
}

/** Sends a visit; returns its id and ticket. */
export async function sendVisit(k: Kiosk, overrides: Partial<VisitInput> = {}, base = k.base): Promise<{ id: string; ticket: string; visit: VisitInput }> {
  const visit = makeVisit(k.config, overrides);
  const r = await fetch(`${base}/api/v1/visits`, { method: 'POST', headers: { ...k.auth, 'content-type': 'application/json' }, body: JSON.stringify(visit) });
  if (r.status !== 201) throw new Error(`visit refused: ${r.status} ${await r.text()}`);
  const { ticket } = (await r.json()) as { ticket: string };
  return { id: visit.id, ticket, visit };
}

/** What the dashboard will do: moderate an idea, set its status and the team's reply (SQL here). */
export async function moderate(db: Queryable, visitId: string, m: { moderation?: string; status?: string; replyZh?: string | null; replyEn?: string | null; createdAt?: string }): Promise<void> {
  await db.query(
    `update ideas set moderation = coalesce($2, moderation), product_status = coalesce($3, product_status),
                      reply_zh = $4, reply_en = $5, created_at = coalesce($6::timestamptz, created_at), updated_at = now()
      where visit_id = $1`,
    [visitId, m.moderation ?? null, m.status ?? null, m.replyZh ?? null, m.replyEn ?? null, m.createdAt ?? null],
  );
}

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** A minimal server-sent-events reader over fetch, for tests and the benchmark. */
export class SseReader {
  readonly events: SseEvent[] = [];
  private waiters: Array<() => void> = [];
  private controller = new AbortController();
  status = 0;
  closed = false;

  static async open(url: string): Promise<SseReader> {
    const r = new SseReader();
    const res = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: r.controller.signal });
    r.status = res.status;
    if (res.status !== 200 || !res.body) {
      r.closed = true;
      return r;
    }
    void r.pump(res.body);
    return r;
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const ev: SseEvent = { event: 'message', data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const i = line.indexOf(':');
            const field = i < 0 ? line : line.slice(0, i);
            const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
            if (field === 'event') ev.event = value;
            else if (field === 'data') data.push(value);
            else if (field === 'id') ev.id = value;
          }
          if (data.length === 0) continue;
          ev.data = data.join('\n');
          this.events.push(ev);
          for (const w of this.waiters.splice(0)) w();
        }
      }
    } catch {
      /* aborted or the server went away */
    } finally {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    }
  }

  /** Resolves with the first event (from `from` on) that satisfies `pred`. */
  async waitFor(pred: (e: SseEvent) => boolean, timeoutMs: number, from = 0): Promise<SseEvent> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events.slice(from).find(pred);
      if (hit) return hit;
      if (this.closed) throw new Error('the event stream closed');
      const left = end - Date.now();
      if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms (got ${this.events.length})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.controller.abort();
  }
}

/** The tallies of a "tallies" event. */
export function talliesOf(e: SseEvent): { seq: number; tallies: { visitsToday: number; parts: Array<{ key: string; loves: number }>; drawingsKey: string } } {
  return JSON.parse(e.data);
}

/** A child's drawing for the screenshots: a car with big wheels, a sun and a heart (kiosk canvas 1000×700). */
export function sampleDrawing(): Extract<VisitInput['idea'], { kind: 'drawing' }> {
  const circle = (cx: number, cy: number, r: number, n = 28): [number, number][] =>
    Array.from({ length: n + 1 }, (_, i) => [Math.round(cx + r * Math.cos((i / n) * 2 * Math.PI)), Math.round(cy + r * Math.sin((i / n) * 2 * Math.PI))]);
  const heart: [number, number][] = Array.from({ length: 40 }, (_, i) => {
    const t = (i / 39) * 2 * Math.PI;
    return [Math.round(820 + 4.2 * 16 * Math.sin(t) ** 3), Math.round(520 - 4.2 * (13 * Math.cos(t) - 5 * Math.cos(2 * t) - 2 * Math.cos(3 * t) - Math.cos(4 * t)))];
  });
  return {
    kind: 'drawing',
    width: 1000,
    height: 700,
    strokes: [
      { color: '#ffc53d', size: 22, points: circle(140, 130, 60) },
      { color: '#f76b15', size: 10, points: [[140, 40], [140, 10]] },
      { color: '#f76b15', size: 10, points: [[230, 130], [262, 130]] },
      { color: '#0090ff', size: 22, points: [[160, 470], [200, 360], [330, 350], [420, 250], [640, 250], [740, 350], [850, 370], [880, 470], [160, 470]] },
      { color: '#8e4ec6', size: 22, points: [[450, 270], [460, 345], [620, 345], [610, 270]] },
      { color: '#3a2a1a', size: 22, points: circle(300, 480, 62) },
      { color: '#3a2a1a', size: 22, points: circle(720, 480, 62) },
      { color: '#e5484d', size: 16, points: heart },
      { color: '#30a46c', size: 10, points: [[40, 600], [300, 590], [600, 600], [960, 590]] },
    ],
  };
}
