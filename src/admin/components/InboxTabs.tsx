/** The ideas inbox's two views (the ideas, their themes), and the note shown while a theme's ideas are open. */
import { useApp } from '../lib/app-context.ts';
import { useI18n } from '../lib/i18n.ts';
import { href } from '../lib/router.ts';

export function InboxTabs(props: { current: 'ideas' | 'themes' }) {
  const { t } = useI18n();
  const { route } = useApp();
  const p = route.params;
  const keep = (extra: Record<string, string>) => {
    const next = new URLSearchParams(extra);
    for (const k of ['model', 'from', 'to', 'showrooms', 'showroom', 'ages']) {
      const v = p.get(k);
      if (v) next.set(k, v);
    }
    return next;
  };
  const tab = (id: 'ideas' | 'themes', label: string, link: string) => (
    <a href={link} class={`inbox-tab${props.current === id ? ' on' : ''}`} aria-current={props.current === id ? 'page' : undefined}>
      {label}
    </a>
  );
  const ids = props.current === 'ideas' ? p.get('ids') : null;
  const theme = p.get('theme');
  return (
    <>
      <nav class="inbox-tabs" aria-label={t.inboxViews}>
        {tab('ideas', t.inboxTabIdeas, href('ideas', keep({})))}
        {tab('themes', t.inboxTabThemes, href('ideas', keep({ view: 'themes' })))}
      </nav>
      {ids ? (
        <p class="note theme-filter-note" role="status">
          <span>{theme ? t.themeFilterNote(theme) : t.themeFilterIdsNote}</span>
          <a class="btn btn-small" href={href('ideas', keep({ view: 'themes' }))}>
            {t.backToThemes}
          </a>
          <a class="btn btn-small" href={href('ideas', keep({}))}>
            {t.themeFilterClear}
          </a>
        </p>
      ) : null}
    </>
  );
}
