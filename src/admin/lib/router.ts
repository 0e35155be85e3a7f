/**
 * Hash routing: #/<page>?<params>. The query carries the insight filters, so a view can be
 * reloaded, bookmarked or shared. #invite=<token> is the one-time sign-up link.
 */
import { useEffect, useState } from 'preact/hooks';

export type PageId = 'overview' | 'love-map' | 'ideas' | 'gallery' | 'showrooms' | 'catalog' | 'people' | 'data' | 'account';
export const PAGES: readonly PageId[] = ['overview', 'love-map', 'ideas', 'gallery', 'showrooms', 'catalog', 'people', 'data', 'account'];

export interface Route {
  page: PageId | null;
  params: URLSearchParams;
  invite: string | null;
  /** The hash this route was read from. */
  raw: string;
}

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const invite = /(?:^|[&?])invite=([A-Za-z0-9_-]{20,100})/.exec(h);
  if (invite) return { page: null, params: new URLSearchParams(), invite: invite[1]!, raw: hash };
  const [path = '', qs = ''] = h.replace(/^\//, '').split('?');
  const page = (PAGES as readonly string[]).includes(path) ? (path as PageId) : null;
  return { page, params: new URLSearchParams(qs), invite: null, raw: hash };
}

export function href(page: PageId, params?: URLSearchParams | Record<string, string>): string {
  const q = params ? new URLSearchParams(params).toString() : '';
  return `#/${page}${q ? `?${q}` : ''}`;
}

const listeners = new Set<() => void>();

/** Changes the route; `replace` keeps the history entry (filter edits). */
export function navigate(page: PageId, params?: URLSearchParams | Record<string, string>, replace = false): void {
  const next = href(page, params);
  if (next === location.hash) return;
  if (replace) {
    history.replaceState(null, '', next);
    listeners.forEach((l) => l());
  } else location.hash = next;
}

export function clearHash(): void {
  history.replaceState(null, '', location.pathname + location.search);
  listeners.forEach((l) => l());
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute((prev) => (prev.raw === location.hash ? prev : parseHash(location.hash)));
    window.addEventListener('hashchange', update);
    listeners.add(update);
    // The address may have changed between the first render and this effect.
    update();
    return () => {
      window.removeEventListener('hashchange', update);
      listeners.delete(update);
    };
  }, []);
  return route;
}
