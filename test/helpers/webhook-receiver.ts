import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
}

/** A real HTTP receiver on loopback: answers `failFirst` requests with 500, then 200. */
export async function startReceiver(opts: { failFirst?: number } = {}) {
  const received: Received[] = [];
  let failuresLeft = opts.failFirst ?? 0;
  let status: number | null = null;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: any;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      received.push({ headers: req.headers, body, json });
      if (status !== null) {
        res.writeHead(status, { location: 'http://127.0.0.1:1/elsewhere' }).end('x'.repeat(5000));
      } else if (failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(500).end('not now');
      } else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    failNext(n: number) {
      failuresLeft = n;
    },
    /** Every request answers this status from now on (null: back to normal). */
    answer(s: number | null) {
      status = s;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** What a receiver does with X-Little-Advisors-Signature (the docs' snippet, verbatim in spirit). */
export function verifySignature(secret: string, header: string | undefined, body: string, toleranceSeconds = 300, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  if (Math.abs(nowSeconds - Number(m[1])) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${m[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'));
}
