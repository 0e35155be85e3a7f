import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { bareHost, parseWebhookUrl, vettedAddresses, type Resolver, systemResolver } from './address-guard.ts';

export interface SendResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  /** At most EXCERPT_CHARS of the response body, for the delivery log. */
  excerpt: string | null;
}

export const EXCERPT_CHARS = 200;
const EXCERPT_BYTES = 1024;

export interface SendOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  resolve?: Resolver;
}

/**
 * POSTs one delivery. The connection goes to an address vetted at this moment (the lookup
 * hook checks what DNS answers now), redirects are not followed (a 3xx is a failure), the
 * whole exchange is bounded by timeoutMs and only a short excerpt of the answer is read.
 */
export async function sendWebhook(rawUrl: string, headers: Record<string, string>, body: string, opts: SendOptions): Promise<SendResult> {
  let url: URL;
  try {
    url = parseWebhookUrl(rawUrl);
  } catch (err) {
    return { ok: false, status: null, error: (err as Error).message, excerpt: null };
  }
  const host = bareHost(url);
  const resolve = opts.resolve ?? systemResolver;
  // Literal addresses skip the lookup hook, so they are checked here; names are checked in it.
  if (isIP(host)) {
    try {
      await vettedAddresses(host, opts.allowPrivate);
    } catch (err) {
      return { ok: false, status: null, error: (err as Error).message, excerpt: null };
    }
  }
  const lookup: LookupFunction = (hostname, options, callback) => {
    vettedAddresses(hostname, opts.allowPrivate, resolve).then(
      (addresses) => {
        const wanted = typeof options === 'object' && options.family ? addresses.filter((a) => a.family === options.family) : addresses;
        const list = wanted.length ? wanted : addresses;
        if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: typeof list) => void)(null, list);
        else callback(null, list[0]!.address, list[0]!.family);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((done) => {
    let settled = false;
    const finish = (r: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      done(r);
    };
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'LittleAdvisors-Webhooks/1', ...headers },
        lookup,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const end = () => {
          const excerpt = Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS) || null;
          const status = res.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          finish({ ok, status, error: ok ? null : status >= 300 && status < 400 ? `redirect to elsewhere (${status}) not followed` : `answered ${status}`, excerpt });
        };
        res.on('data', (c: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(c);
          size += c.length;
          if (size >= EXCERPT_BYTES) end();
        });
        res.on('end', end);
        res.on('error', end);
      },
    );
    const timer = setTimeout(() => finish({ ok: false, status: null, error: `no answer within ${Math.round(opts.timeoutMs / 1000)} s`, excerpt: null }), opts.timeoutMs);
    req.on('error', (err) => finish({ ok: false, status: null, error: (err.message || String(err)).slice(0, 300), excerpt: null }));
    req.end(body);
  });
}
