import type { KioskConfig, TicketReservations } from '../../shared/kiosk-config.ts';
import type { PairResponse } from '../../shared/devices.ts';
import type { VisitAccepted } from '../../shared/visit.ts';

import { APP_VERSION } from './api-version.ts';
import { currentStorageHeader } from './fleet.ts';
import { pendingCount } from './storage.ts';
import { noteCurrentVersion } from './update.ts';

export { APP_VERSION };

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The error's `code` in our {"error":{"code","message"}} shape, when the server sent one. */
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit & { token?: string; pending?: number } = {}): Promise<{ status: number; body: T; etag: string | null }> {
  const headers: Record<string, string> = { 'x-kiosk-version': APP_VERSION };
  if (init.token) {
    headers.authorization = `Bearer ${init.token}`;
    // Every kiosk request reports the outbox and the storage (the dashboard's kiosk list).
    const pending = init.pending ?? (await pendingCount().catch(() => undefined));
    if (pending !== undefined) headers['x-kiosk-pending'] = String(pending);
    const storage = await currentStorageHeader().catch(() => null);
    if (storage) headers['x-kiosk-storage'] = storage;
  }
  if (init.body) headers['content-type'] = 'application/json';
  const res = await fetch(`/api/v1${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) }, cache: 'no-store' });
  noteCurrentVersion(res.headers.get('x-kiosk-current'));
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (res.status >= 400) {
    const error = (body as { error?: { message?: string; code?: string } })?.error;
    throw new HttpError(res.status, error?.message ?? `HTTP ${res.status}`, typeof error?.code === 'string' ? error.code : null);
  }
  return { status: res.status, body: body as T, etag: res.headers.get('etag') };
}

export const pairDevice = (code: string, name: string) =>
  call<PairResponse>('/devices/pair', { method: 'POST', body: JSON.stringify({ code, name }) }).then((r) => r.body);

export async function fetchConfig(token: string, etag: string | null, pending: number): Promise<{ config: KioskConfig; etag: string | null } | null> {
  const r = await call<KioskConfig>('/kiosk/config', { token, pending, headers: etag ? { 'if-none-match': etag } : {} });
  return r.status === 304 ? null : { config: r.body, etag: r.etag };
}

export const fetchReservations = (token: string, count: number) =>
  call<TicketReservations>(`/kiosk/tickets?count=${count}`, { token }).then((r) => r.body.reservations);

export const postVisit = (token: string, body: unknown, pending: number, path = '/visits') =>
  call<VisitAccepted>(path, { method: 'POST', token, pending, body: JSON.stringify(body) });
