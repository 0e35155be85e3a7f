/**
 * The inbox's Themes view: what one model's ideas are about in a period, against the period
 * just before, with the parts each theme names and a way into the ideas behind it.
 */
import { FilterBar } from '../components/FilterBar.tsx';
import { InboxTabs } from '../components/InboxTabs.tsx';
import { useFilters } from '../components/insight.tsx';
import { Badge, ErrorNote, Explainer, Loading, PageHeader, TableWrap } from '../components/ui.tsx';
import type { Theme, Themes as ThemesData } from '../../shared/admin/themes.ts';
import { query } from '../lib/api.ts';
import { useApp } from '../lib/app-context.ts';
import { apiFilter } from '../lib/filters.ts';
import * as fmt from '../lib/format.ts';
import { useLoad } from '../lib/hooks.ts';
import { useI18n } from '../lib/i18n.ts';
import { href, navigate } from '../lib/router.ts';

export default function Themes() {
  const { t, locale, pick, loc } = useI18n();
  const { route, catalog, showroomOptions } = useApp();
  const [filters, setFilters] = useFilters('ideas');
  const p = route.params;
  const products = (catalog?.products ?? []).filter((x) => !x.retired || p.get('model') === x.id);
  const model = products.find((x) => x.id === p.get('model'))?.id ?? products[0]?.id ?? null;
  const product = products.find((x) => x.id === model);
  const { data, error, loading, reload } = useLoad<ThemesData>(model ? `/insight/themes${query({ ...apiFilter(filters), productId: model })}` : null);

  const partName = (id: string) => {
    const part = product?.parts.find((x) => x.id === id);
    return part ? pick(part.nameZh, part.nameEn) : null;
  };
  const ideasLink = (th: Theme) =>
    href('ideas', { ids: th.sampleIdeaIds.join(','), mod: 'all', theme: loc(th.label), ...(model ? { model } : {}), from: filters.from, to: filters.to });

  return (
    <>
      <PageHeader title={t.themesTitle} sub={data ? t.themesSub(data.ideas) : undefined} />
      <InboxTabs current="themes" />
      <Explainer titleId="themes-why" title={t.themesExplainTitle}>
        <p>{t.themesExplain}</p>
      </Explainer>
      <FilterBar filters={filters} onChange={setFilters} showrooms={showroomOptions}>
        <div class="filter-group">
          <label class="filter-label" for="th-model">
            {t.model}
          </label>
          <select
            id="th-model"
            value={model ?? ''}
            onChange={(e) => {
              const next = new URLSearchParams(p);
              next.set('model', e.currentTarget.value);
              navigate('ideas', next, true);
            }}
          >
            {products.map((x) => (
              <option key={x.id} value={x.id}>
                {pick(x.nameZh, x.nameEn)}
              </option>
            ))}
          </select>
        </div>
      </FilterBar>
      {!model && catalog ? <p class="note empty">{t.noModels}</p> : null}
      {error ? <ErrorNote error={error} onRetry={reload} /> : null}
      {!data && loading ? <Loading /> : null}
      {data?.capped ? <p class="note">{t.themesCapped(data.ideas)}</p> : null}
      {data && data.items.length === 0 ? <p class="note empty">{t.noThemes}</p> : null}
      {data && data.items.length ? (
        <section class={`panel${loading ? ' is-stale' : ''}`} aria-labelledby="themes-table-title">
          <header class="panel-head">
            <div>
              <h2 id="themes-table-title">{t.themesTable}</h2>
              <p class="panel-sub">
                {`${fmt.date(data.from, locale)} – ${fmt.date(data.to, locale)} · ${t.previousPeriod(fmt.date(data.previousFrom, locale), fmt.date(data.previousTo, locale))}`}
              </p>
            </div>
          </header>
          <TableWrap label={t.themesTable}>
            <table class="table themes-table">
              <thead>
                <tr>
                  <th scope="col">{t.themeCol}</th>
                  <th scope="col" class="num">
                    {t.themeCount}
                  </th>
                  <th scope="col" class="num">
                    {t.themePrevious}
                  </th>
                  <th scope="col">{t.themeTrend}</th>
                  <th scope="col">{t.themeParts}</th>
                  <th scope="col">{t.themeIdeasCol}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((th) => (
                  <tr key={th.key} data-theme={th.key}>
                    <th scope="row">
                      {loc(th.label)} {th.partKey ? <Badge tone="violet">{t.themePartBadge}</Badge> : null}
                    </th>
                    <td class="num">{fmt.num(th.count, locale)}</td>
                    <td class="num">{fmt.num(th.previousCount, locale)}</td>
                    <td>
                      <Trend now={th.count} before={th.previousCount} />
                    </td>
                    <td>
                      {th.partIds.length ? (
                        <ul class="chips">
                          {th.partIds.map((id) => (
                            <li key={id}>
                              <a class="chip" href={href('catalog', { model: model! })}>
                                {partName(id) ?? loc(th.label)}
                              </a>
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <span class="muted">{t.themeNoPart}</span>
                      )}
                    </td>
                    <td>
                      <a class="btn btn-small" href={ideasLink(th)} aria-label={t.themeOpenLabel(th.sampleIdeaIds.length, loc(th.label))}>
                        {t.themeOpen(th.sampleIdeaIds.length)}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}
    </>
  );
}

/** An arrow and the change in figures; the words say the same for screen readers. */
function Trend(props: { now: number; before: number }) {
  const { t, locale } = useI18n();
  const { now, before } = props;
  const diff = now - before;
  const words = before === 0 && now > 0 ? t.trendNew(now) : diff > 0 ? t.trendUp(now, before) : diff < 0 ? t.trendDown(now, before) : t.trendSame(now);
  const dir = diff > 0 ? 'up' : diff < 0 ? 'down' : 'same';
  return (
    <span class={`trend trend-${dir}`} title={words}>
      <span aria-hidden="true">
        {dir === 'up' ? '▲' : dir === 'down' ? '▼' : '■'} {diff > 0 ? '+' : diff < 0 ? '−' : '±'}
        {fmt.num(Math.abs(diff), locale)}
      </span>
      <span class="visually-hidden">{words}</span>
    </span>
  );
}
