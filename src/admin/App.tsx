import type { ComponentType } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorNote, Loading } from './components/ui.tsx';
import { api, ApiError, onUnauthorized } from './lib/api.ts';
import { AppContext, type AppCtx } from './lib/app-context.ts';
import { filterParams } from './lib/filters.ts';
import { useLoad } from './lib/hooks.ts';
import { I18nContext, initialLocale, makeI18n, saveLocale, useI18n, type Locale } from './lib/i18n.ts';
import { clearHash, href, navigate, PAGES, useRoute, type PageId } from './lib/router.ts';
import type { Catalog, Me, Permission, ShowroomName, ShowroomView } from './lib/types.ts';
import { InviteForm, SignInForm } from './pages/SignIn.tsx';

/** Which permission opens which page (the server checks every request anyway). */
const PAGE_NEEDS: Record<PageId, Permission[] | null> = {
  overview: ['insight.read'],
  'love-map': ['insight.read'],
  ideas: ['ideas.read'],
  gallery: ['ideas.read'],
  showrooms: ['showrooms.read'],
  catalog: ['catalog.read'],
  people: ['users.manage'],
  data: ['export.read', 'settings.manage', 'audit.read'],
  account: null,
};

type PageModule = { default: ComponentType };
const PAGE_MODULES: Record<PageId, () => Promise<PageModule>> = {
  overview: () => import('./pages/Overview.tsx'),
  'love-map': () => import('./pages/LoveMap.tsx'),
  ideas: () => import('./pages/IdeasInbox.tsx'),
  gallery: () => import('./pages/Gallery.tsx'),
  showrooms: () => import('./pages/Showrooms.tsx'),
  catalog: () => import('./pages/Catalog.tsx'),
  people: () => import('./pages/People.tsx'),
  data: () => import('./pages/Data.tsx'),
  account: () => import('./pages/Account.tsx'),
};

const NAV_ICONS: Record<PageId, string> = {
  overview: 'M3 13h4v8H3zM10 8h4v13h-4zM17 3h4v18h-4z',
  'love-map': 'M12 21s-7-4.5-9.3-9A5 5 0 0 1 12 6a5 5 0 0 1 9.3 6C19 16.5 12 21 12 21z',
  ideas: 'M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9V16h7v-2.1A6 6 0 0 0 12 3z',
  gallery: 'M4 5h16v14H4zM4 15l5-5 4 4 3-3 4 4',
  showrooms: 'M3 10l9-6 9 6v10H3zM9 20v-6h6v6',
  catalog: 'M5 15l2-6h10l2 6v4H5zM7 19v2M17 19v2M8 15h.01M16 15h.01',
  people: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21a7 7 0 0 1 14 0M17 11a3 3 0 1 0 0-6M22 21a6 6 0 0 0-4-5.6',
  data: 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zM4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
  account: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0',
};

function allowed(me: Me, page: PageId): boolean {
  const needs = PAGE_NEEDS[page];
  return !needs || needs.some((p) => me.permissions.includes(p));
}

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const i18n = useMemo(() => makeI18n(locale), [locale]);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [bootError, setBootError] = useState<unknown>(null);
  const route = useRoute();

  useEffect(() => {
    saveLocale(locale);
    document.title = `${i18n.t.appName} · ${i18n.t.appSub}`;
  }, [locale]);

  const boot = useCallback(() => {
    setBootError(null);
    api<Me>('GET', '/me', undefined, { quiet401: true }).then(setMe, (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else setBootError(e);
    });
  }, []);
  useEffect(() => {
    onUnauthorized(() => setMe(null));
    boot();
  }, []);

  const switcher = <LocaleSwitch locale={locale} onChange={setLocale} />;
  let body;
  if (bootError) {
    body = (
      <main class="auth-page" id="main">
        <ErrorNote error={bootError} onRetry={boot} />
      </main>
    );
  } else if (me === undefined) {
    body = (
      <main class="auth-page" id="main">
        <Loading />
      </main>
    );
  } else if (route.invite) {
    body = (
      <InviteForm
        token={route.invite}
        switcher={switcher}
        onDone={(m) => {
          setMe(m);
          clearHash();
        }}
      />
    );
  } else if (!me) {
    body = <SignInForm switcher={switcher} onDone={setMe} />;
  } else {
    body = <Shell me={me} switcher={switcher} onSignedOut={() => setMe(null)} />;
  }
  return <I18nContext.Provider value={i18n}>{body}</I18nContext.Provider>;
}

function LocaleSwitch(props: { locale: Locale; onChange: (l: Locale) => void }) {
  const { t } = useI18n();
  return (
    <div class="locale-switch" role="group" aria-label={t.language}>
      {(['zh-CN', 'en'] as const).map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={props.locale === l} class={props.locale === l ? 'on' : ''} onClick={() => props.onChange(l)}>
          {l === 'zh-CN' ? '中文' : 'EN'}
        </button>
      ))}
    </div>
  );
}

function Shell(props: { me: Me; switcher: preact.JSX.Element; onSignedOut: () => void }) {
  const { t, pick } = useI18n();
  const { me } = props;
  const route = useRoute();
  const can = useCallback((p: Permission) => me.permissions.includes(p), [me]);
  const showroomsLoad = useLoad<ShowroomView[]>(can('showrooms.read') ? '/showrooms' : null);
  // Names only, for every role's filters (a moderator may not see kiosks, but may filter by showroom).
  const namesLoad = useLoad<ShowroomName[]>(can('showrooms.list') ? '/showrooms/names' : null);
  const catalogLoad = useLoad<Catalog>(can('catalog.read') ? '/catalog' : null);
  const visible = PAGES.filter((p) => allowed(me, p));
  const page: PageId | null = route.page && allowed(me, route.page) ? route.page : null;

  useEffect(() => {
    if (!route.page || (!allowed(me, route.page) && route.page !== 'account')) navigate(visible[0]!, filterParams(route.params), true);
  }, [route.page, me]);

  const [Module, setModule] = useState<{ page: PageId; C: ComponentType } | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  useEffect(() => {
    if (!page) return;
    let live = true;
    setLoadError(null);
    PAGE_MODULES[page]().then(
      (m) => live && setModule({ page, C: m.default }),
      (e: unknown) => live && setLoadError(e),
    );
    return () => {
      live = false;
    };
  }, [page]);
  // Move focus to the new page's heading so screen readers announce it.
  useEffect(() => {
    if (Module && Module.page === page) requestAnimationFrame(() => document.getElementById('page-title')?.focus({ preventScroll: true }));
  }, [Module?.page]);

  const showroomOptions = useMemo(() => {
    const list = namesLoad.data;
    if (!list || me.role === 'showroom_manager') return null;
    return list.map((s) => ({ id: s.id, name: pick(s.nameZh, s.nameEn) }));
  }, [namesLoad.data, pick]);
  const reloadShowrooms = useCallback(() => {
    showroomsLoad.reload();
    namesLoad.reload();
  }, []);

  const ctx: AppCtx = {
    me,
    can,
    route,
    showrooms: showroomsLoad.data,
    reloadShowrooms,
    showroomNames: namesLoad.data,
    catalog: catalogLoad.data,
    reloadCatalog: catalogLoad.reload,
    showroomOptions,
  };
  const carry = filterParams(route.params);
  const myShowroom = me.showroomId ? namesLoad.data?.find((s) => s.id === me.showroomId) : null;

  return (
    <AppContext.Provider value={ctx}>
      <a class="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        {t.skipToContent}
      </a>
      <div class="shell">
        <aside class="sidebar">
          <div class="brand">
            <span class="brand-mark" aria-hidden="true">
              <svg viewBox="0 0 24 24">
                <circle cx="12" cy="12" r="11" fill="#ffc53d" />
                <circle cx="8.5" cy="10" r="1.5" fill="#2b2340" />
                <circle cx="15.5" cy="10" r="1.5" fill="#2b2340" />
                <path d="M7.5 14.5c2.5 3 6.5 3 9 0" stroke="#2b2340" stroke-width="1.8" fill="none" stroke-linecap="round" />
              </svg>
            </span>
            <span class="brand-text">
              <strong>{t.appName}</strong>
              <span>{t.appSub}</span>
            </span>
          </div>
          <nav aria-label={t.mainNav}>
            <ul class="nav-list">
              {visible.map((p) => (
                <li key={p}>
                  <a
                    href={href(p, ['overview', 'love-map', 'data'].includes(p) ? carry : undefined)}
                    class={`nav-link${p === page ? ' active' : ''}`}
                    aria-current={p === page ? 'page' : undefined}
                    data-page={p}
                  >
                    <svg viewBox="0 0 24 24" aria-hidden="true" class="nav-icon">
                      <path d={NAV_ICONS[p]} />
                    </svg>
                    {t.nav[p]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div class="sidebar-foot">
            <p class="who">
              <span class="visually-hidden">{t.signedInAs} </span>
              <span class="who-email">{me.email}</span>
              <span class="who-role">
                {t.roles[me.role]}
                {myShowroom ? ` · ${pick(myShowroom.nameZh, myShowroom.nameEn)}` : ''}
              </span>
            </p>
            <button
              type="button"
              class="btn btn-small btn-ghost sign-out"
              onClick={async () => {
                await api('DELETE', '/session').catch(() => {});
                props.onSignedOut();
              }}
            >
              {t.signOut}
            </button>
          </div>
        </aside>
        <div class="content">
          <div class="topbar">{props.switcher}</div>
          <main id="main" tabIndex={-1} class={`page page-${page ?? 'none'}`}>
            {loadError ? <ErrorNote error={loadError} /> : Module && Module.page === page ? <Module.C key={page} /> : <Loading />}
          </main>
        </div>
      </div>
    </AppContext.Provider>
  );
}
