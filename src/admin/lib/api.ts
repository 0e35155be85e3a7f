/** A small JSON client for /api/v1/admin: the session cookie rides along; errors carry the server's code. */
export const API = '/api/v1/admin';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let unauthorized: () => void = () => {};
/** Called when any request answers 401 (the session ended): the app shows the sign-in form. */
export function onUnauthorized(fn: () => void): void {
  unauthorized = fn;
}

export async function api<T>(method: string, path: string, body?: unknown, opts: { quiet401?: boolean } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(API + path, {
      method,
      credentials: 'same-origin',
      headers: body !== undefined ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (res.status === 401 && !opts.quiet401) unauthorized();
    const e = new ApiError(res.status, err?.code ?? 'http_' + res.status, err?.message ?? res.statusText);
    if (res.status === 429) (e as ApiError & { retryAfter?: number }).retryAfter = Number(res.headers.get('retry-after')) || undefined;
    throw e;
  }
  return json as T;
}

export const get = <T>(path: string) => api<T>('GET', path);

/** Builds a query string from defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null | string[]>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) q.set(k, v.join(','));
    } else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
