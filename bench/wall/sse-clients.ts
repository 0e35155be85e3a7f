import http from 'node:http';

export interface Received {
  seq: number;
  visitsToday: number;
  at: number;
}

/** One wall viewer: a raw HTTP event stream, recording every "tallies" event and when it came. */
export class WallClient {
  readonly received: Received[] = [];
  private req: http.ClientRequest | null = null;
  connected = false;
  errors = 0;
  private waiters: Array<() => void> = [];

  constructor(private readonly url: string) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = http.get(this.url, { headers: { accept: 'text/event-stream' }, agent: false }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`wall events answered ${res.statusCode}`));
          res.resume();
          return;
        }
        this.connected = true;
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let at: number;
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, at);
            buffer = buffer.slice(at + 2);
            if (!block.includes('event: tallies')) continue;
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (!data) continue;
            const ev = JSON.parse(data.slice(6)) as { seq: number; tallies: { visitsToday: number } };
            this.received.push({ seq: ev.seq, visitsToday: ev.tallies.visitsToday, at: performance.now() });
            for (const w of this.waiters.splice(0)) w();
          }
        });
        res.on('close', () => (this.connected = false));
        resolve();
      });
      req.on('error', (err) => {
        this.errors++;
        reject(err);
      });
      this.req = req;
    });
  }

  /** Waits until this viewer has seen at least `visits` little advisors. */
  async waitForVisits(visits: number, timeoutMs: number): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while ((this.received.at(-1)?.visitsToday ?? -1) < visits) {
      const left = end - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    return true;
  }

  close(): void {
    this.req?.destroy();
  }
}
