import type { FastifyRequest } from 'fastify';
import { forbidden } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a state-changing request is refused as cross-site, or null when it may go on.
 * Browsers send Origin on every cross-origin write (and Sec-Fetch-Site on all requests);
 * a request without either comes from a non-browser client (CLI, scripts, tests), which
 * carries no ambient cookie risk. `Origin: null` (sandboxed frames, file pages, some
 * redirects) is refused. The host compared with is the request's own Host, or the
 * proxy's X-Forwarded-Host only when TRUST_PROXY says a proxy is there (req.host does that).
 */
export function crossSiteReason(req: Pick<FastifyRequest, 'method' | 'headers' | 'host'>, publicUrl: string): string | null {
  if (SAFE_METHODS.has(req.method)) return null;
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return `requests from another site (${site}) are refused`;
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  if (typeof origin !== 'string' || origin === 'null') return 'requests from an opaque origin are refused';
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return 'the Origin header is not a URL';
  }
  if (!host) return 'the Origin header is not a URL';
  if (host === req.host) return null;
  try {
    if (host === new URL(publicUrl).host) return null;
  } catch {
    // a PUBLIC_URL that is not a URL matches nothing
  }
  return 'cross-site request refused';
}

/** An onRequest hook for every staff route: state changes must come from our own pages. */
export function requireSameOrigin(publicUrl: string) {
  return async (req: FastifyRequest) => {
    const reason = crossSiteReason(req, publicUrl);
    if (reason) throw forbidden(reason);
  };
}
