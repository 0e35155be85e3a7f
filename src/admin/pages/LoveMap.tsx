import type { ChartConfiguration, TooltipItem } from 'chart.js';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ChartView } from '../components/ChartView.tsx';
import { FilterBar, PeriodPick } from '../components/FilterBar.tsx';
import { COLOURS, ExportLinks, PrintButton, useFilters } from '../components/insight.tsx';
import { intervalsApart, QualitySwitch, TooFew, tooFew, DiffMark } from '../components/honest.tsx';
import { PartTable, type PartSort } from '../components/PartTable.tsx';
import { ErrorNote, Explainer, Loading, PageHeader } from '../components/ui.tsx';
import { query } from '../lib/api.ts';
import { useApp } from '../lib/app-context.ts';
import { apiFilter, filtersFrom, filtersInto, type Filters } from '../lib/filters.ts';
import * as fmt from '../lib/format.ts';
import { useLoad } from '../lib/hooks.ts';
import { useI18n } from '../lib/i18n.ts';
import { navigate } from '../lib/router.ts';
import { AGE_BANDS, type LoveMap as LoveMapData } from '../lib/types.ts';

type Compare = 'none' | 'models' | 'periods';

export default function LoveMap() {
  const { t, locale, pick } = useI18n();
  const { route, catalog, showroomOptions } = useApp();
  const [filters, setFilters] = useFilters('love-map');
  const products = (catalog?.products ?? []).filter((p) => !p.retired || route.params.get('model') === p.id);
  const p = route.params;
  const model = p.get('model') && products.some((x) => x.id === p.get('model')) ? p.get('model')! : products[0]?.id ?? null;
  const compare: Compare = p.get('compare') === 'models' || p.get('compare') === 'periods' ? (p.get('compare') as Compare) : 'none';
  const model2 = p.get('model2') && products.some((x) => x.id === p.get('model2')) ? p.get('model2')! : products.find((x) => x.id !== model)?.id ?? model;
  const second = filtersFrom(p, 'p2');
  const split = p.get('split') === 'age';
  const sort: PartSort = p.get('sort') === 'topTwo' || p.get('sort') === 'standsOut' ? (p.get('sort') as PartSort) : 'catalog';
  // Each panel reports its data so a comparison can mark where the two intervals do not overlap.
  const [loaded, setLoaded] = useState<Record<string, LoveMapData | undefined>>({});
  // A second period defaults to the one just before the first.
  const period2 = p.get('p2from') ? second : prevPeriod(filters);

  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(p);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    navigate('love-map', next, true);
  };

  const productName = (id: string | null) => {
    const x = products.find((q) => q.id === id);
    return x ? pick(x.nameZh, x.nameEn) : '';
  };

  const panels: Array<{ key: string; productId: string; filters: Filters; heading: string }> = [];
  if (model) {
    const period = (f: { from: string; to: string }) => `${fmt.date(f.from, locale)} – ${fmt.date(f.to, locale)}`;
    if (split) {
      const bands = filters.ageBands.length ? AGE_BANDS.filter((b) => filters.ageBands.includes(b)) : AGE_BANDS;
      for (const b of bands) panels.push({ key: `age-${b}`, productId: model, filters: { ...filters, ageBands: [b] }, heading: t.age(b) });
    } else {
      panels.push({ key: 'a', productId: model, filters, heading: compare === 'periods' ? period(filters) : productName(model) });
      if (compare === 'models' && model2) panels.push({ key: 'b', productId: model2, filters, heading: productName(model2) });
      if (compare === 'periods') panels.push({ key: 'b', productId: model, filters: { ...filters, from: period2.from, to: period2.to }, heading: period(period2) });
    }
  }
  const comparing = panels.length === 2;

  return (
    <>
      <PageHeader
        title={t.loveMapTitle}
        sub={compare === 'periods' ? productName(model) : undefined}
        actions={
          <>
            {model ? <ExportLinks filters={filters} productId={model} label={t.exportThis} /> : null}
            <PrintButton />
          </>
        }
      />
      <Explainer titleId="why-title" title={t.whyTitle}>
        <p>{t.whyText}</p>
        <h2 class="explainer-next">{t.standsOutTitle}</h2>
        <p data-testid="stands-out-explainer">{t.standsOutText}</p>
      </Explainer>
      <FilterBar filters={filters} onChange={setFilters} showrooms={showroomOptions} periodLabel={compare === 'periods' ? t.firstPeriod : t.period}>
        <div class="filter-group">
          <label class="filter-label" for="lm-model">
            {t.model}
          </label>
          <select id="lm-model" value={model ?? ''} onChange={(e) => set({ model: e.currentTarget.value })}>
            {products.map((x) => (
              <option key={x.id} value={x.id}>
                {pick(x.nameZh, x.nameEn)}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="filter-group">
          <legend class="filter-label">{t.compare}</legend>
          <div class="segmented">
            {(['none', 'models', 'periods'] as const).map((c) => (
              <button key={c} type="button" aria-pressed={!split && compare === c} class={!split && compare === c ? 'on' : ''} onClick={() => set({ compare: c === 'none' ? null : c, split: null })}>
                {c === 'none' ? t.compareNone : c === 'models' ? t.compareModels : t.comparePeriods}
              </button>
            ))}
          </div>
        </fieldset>
        <div class="filter-group">
          <span class="filter-label" aria-hidden="true">
            {t.sideBySide}
          </span>
          <button type="button" class={`chip${split ? ' chip-on' : ''}`} aria-pressed={split} data-testid="split-age" onClick={() => set({ split: split ? null : 'age' })}>
            {t.splitByAge}
          </button>
        </div>
        <QualitySwitch filters={filters} onChange={setFilters} />
        {!split && compare === 'models' ? (
          <div class="filter-group">
            <label class="filter-label" for="lm-model2">
              {t.secondModel}
            </label>
            <select id="lm-model2" value={model2 ?? ''} onChange={(e) => set({ model2: e.currentTarget.value })}>
              {products.map((x) => (
                <option key={x.id} value={x.id}>
                  {pick(x.nameZh, x.nameEn)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {!split && compare === 'periods' ? (
          <PeriodPick
            label={t.secondPeriod}
            from={period2.from}
            to={period2.to}
            presets={false}
            onChange={(from, to) => navigate('love-map', filtersInto(p, { ...filters, from, to }, 'p2'), true)}
          />
        ) : null}
      </FilterBar>
      {filters.okOnly ? (
        <p class="note quality-note" role="status">
          {t.lowEffortOn}
        </p>
      ) : null}
      {comparing ? (
        <p class="legend-note" data-testid="difference-legend">
          {t.differenceLegend}
        </p>
      ) : null}
      {!catalog ? <Loading /> : null}
      {catalog && !model ? <p class="note">{t.pickModel}</p> : null}
      <div class={`panels panels-${panels.length}`}>
        {panels.map((x, i) => (
          <LoveMapPanel
            key={x.key}
            productId={x.productId}
            filters={x.filters}
            heading={x.heading}
            compact={panels.length > 1}
            sort={sort}
            onSort={(s) => set({ sort: s === 'catalog' ? null : s })}
            other={comparing ? loaded[panels[1 - i]!.key] : null}
            onData={(d) => setLoaded((was) => (was[x.key] === d ? was : { ...was, [x.key]: d }))}
          />
        ))}
      </div>
    </>
  );
}

function prevPeriod(f: Filters): { from: string; to: string } {
  const days = Math.round((Date.parse(`${f.to}T12:00:00Z`) - Date.parse(`${f.from}T12:00:00Z`)) / 86_400_000) + 1;
  const to = new Date(Date.parse(`${f.from}T12:00:00Z`) - 86_400_000);
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

/** Splits a long axis label into lines (words in English, characters in Chinese). */
function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  if (/\s/.test(text)) {
    let line = '';
    for (const w of text.split(/\s+/)) {
      if (line && (line + ' ' + w).length > max) {
        lines.push(line);
        line = w;
      } else line = line ? `${line} ${w}` : w;
    }
    if (line) lines.push(line);
  } else for (let i = 0; i < text.length; i += Math.ceil(max / 2)) lines.push(text.slice(i, i + Math.ceil(max / 2)));
  return lines;
}

function LoveMapPanel(props: {
  productId: string;
  filters: Filters;
  heading: string;
  compact: boolean;
  sort: PartSort;
  onSort: (s: PartSort) => void;
  other?: LoveMapData | null;
  onData: (d: LoveMapData | undefined) => void;
}) {
  const { t, locale, loc } = useI18n();
  const path = `/insight/love-map${query({ productId: props.productId, ...apiFilter(props.filters) })}`;
  const { data, error, loading, reload } = useLoad<LoveMapData>(path);
  useEffect(() => props.onData(data ?? undefined), [data]);
  const otherPairs = new Map((props.other?.pairs ?? []).map((q) => [q.key, q]));

  const charts = useMemo(() => {
    if (!data) return null;
    const rated = data.parts;
    const faces: ChartConfiguration = {
      type: 'bar',
      data: {
        labels: rated.map((x) => `${loc(x.name)} (${x.n})`),
        datasets: t.faces.map((label, f) => ({
          label,
          data: rated.map((x) => (x.n ? (x.faces[f]! / x.n) * 100 : 0)),
          backgroundColor: COLOURS.faces[f],
          stack: 'faces',
          barPercentage: 0.82,
          categoryPercentage: 0.9,
        })),
      },
      options: {
        indexAxis: 'y',
        scales: {
          x: { stacked: true, min: 0, max: 100, ticks: { callback: (v) => `${v}%`, stepSize: 25 }, grid: { color: '#eeeaf5' } },
          y: { stacked: true, grid: { display: false }, ticks: { autoSkip: false } },
        },
        plugins: {
          legend: { position: 'top', align: 'start', reverse: false },
          tooltip: { callbacks: { label: (c: TooltipItem<'bar'>) => `${c.dataset.label}: ${Math.round(c.parsed.x as number)}% (${rated[c.dataIndex]!.faces[c.datasetIndex]})` } },
          valueLabels: { stacked: true, min: 8, format: (v: number) => `${Math.round(v)}%` },
        } as never,
      },
    };
    const pairs: ChartConfiguration | null = data.pairs.length
      ? {
          type: 'bar',
          data: {
            labels: data.pairs.map((q) => [...wrap(loc(q.prompt), props.compact ? 22 : 34), `n = ${q.n}`]),
            datasets: [
              {
                label: 'A',
                data: data.pairs.map((q) => (q.n ? (q.a.count / q.n) * 100 : 0)),
                backgroundColor: COLOURS.violet,
                stack: 'pair',
                // No whiskers for n < 30: an interval that wide would look like knowledge.
                intervals: data.pairs.map((q) => (q.winRateA && !tooFew(q.n) ? [q.winRateA.low * 100, q.winRateA.high * 100] : null)),
              } as never,
              { label: 'B', data: data.pairs.map((q) => (q.n ? (q.b.count / q.n) * 100 : 0)), backgroundColor: COLOURS.sun, stack: 'pair' },
            ],
          },
          options: {
            indexAxis: 'y',
            scales: {
              x: { stacked: true, min: 0, max: 100, ticks: { callback: (v) => `${v}%`, stepSize: 25 }, grid: { color: '#eeeaf5' } },
              y: { stacked: true, grid: { display: false }, ticks: { autoSkip: false } },
            },
            plugins: {
              legend: { display: false },
              tooltip: { callbacks: { label: (c: TooltipItem<'bar'>) => { const q = data.pairs[c.dataIndex]!; const side = c.datasetIndex === 0 ? q.a : q.b; return `${loc(side.label)}: ${side.count}`; } } },
              valueLabels: {
                stacked: true,
                ends: true,
                format: (v: number, di: number, i: number) => {
                  const q = data.pairs[i]!;
                  return `${loc(di === 0 ? q.a.label : q.b.label)} ${Math.round(v)}%`;
                },
              },
            } as never,
          },
        }
      : null;
    const a = data.again;
    const again: ChartConfiguration = {
      type: 'bar',
      data: {
        labels: [t.againTitle],
        datasets: [
          { label: t.againYes, data: [a.n ? (a.yes / a.n) * 100 : 0], backgroundColor: COLOURS.violet, stack: 'a' },
          { label: t.againMaybe, data: [a.n ? (a.maybe / a.n) * 100 : 0], backgroundColor: COLOURS.grey, stack: 'a' },
          { label: t.againNo, data: [a.n ? (a.no / a.n) * 100 : 0], backgroundColor: COLOURS.faces[0], stack: 'a' },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: { x: { stacked: true, min: 0, max: 100, ticks: { callback: (v) => `${v}%`, stepSize: 25 } }, y: { stacked: true, display: false } },
        plugins: {
          legend: { position: 'top', align: 'start' },
          valueLabels: { stacked: true, min: 6, format: (v: number) => `${Math.round(v)}%` },
        } as never,
      },
    };
    return { faces, pairs, again };
  }, [data, locale]);

  return (
    <section class="panel love-panel" aria-labelledby={`lm-${props.productId}-${props.filters.from}`} data-visits={data?.visits ?? ''} aria-busy={loading}>
      <header class="panel-head">
        <h2 id={`lm-${props.productId}-${props.filters.from}`}>{props.heading}</h2>
        {data ? <span class="panel-count">{t.visitsN(data.visits)}</span> : null}
      </header>
      {error ? <ErrorNote error={error} onRetry={reload} /> : null}
      {!data && loading ? <Loading /> : null}
      {data && charts ? (
        <div class={loading ? 'is-stale' : ''}>
          {data.visits === 0 ? <p class="note">{t.noAnswers}</p> : null}
          <ChartView
            title={t.facesTitle}
            sub={t.facesSub}
            summary={data.parts.map((x) => `${loc(x.name)}: ${x.faces.join('/')}`).join('; ')}
            config={charts.faces}
            height={Math.max(160, 34 * data.parts.length + 70)}
          />
          <PartTable data={data} compact={props.compact} sort={props.sort} onSort={props.onSort} other={props.other} />
          {charts.pairs ? (
            <ChartView
              title={t.pairsTitle}
              sub={t.pairsSub}
              summary={data.pairs.map((q) => `${loc(q.prompt)}: ${loc(q.a.label)} ${fmt.pct(q.winRateA?.p ?? null, locale)} (${fmt.interval(q.winRateA, locale)})`).join('; ')}
              config={charts.pairs}
              height={Math.max(120, (props.compact ? 84 : 60) * data.pairs.length + 50)}
              table={
                <table class="table table-compact">
                  <thead>
                    <tr>
                      <th scope="col">{t.prompt}</th>
                      <th scope="col">{t.sideA}</th>
                      <th scope="col">{t.sideB}</th>
                      <th scope="col">{t.winRate} (A)</th>
                      <th scope="col">{t.interval95}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.pairs.map((q) => {
                      const o = otherPairs.get(q.key);
                      const apart = !!o && !tooFew(q.n) && !tooFew(o.n) && intervalsApart(q.winRateA, o.winRateA);
                      return (
                        <tr key={q.key} data-pair={q.key}>
                          <th scope="row">{loc(q.prompt)}</th>
                          <td>{`${loc(q.a.label)} · ${q.a.count}`}</td>
                          <td>{`${loc(q.b.label)} · ${q.b.count}`}</td>
                          {tooFew(q.n) ? (
                            <td class="is-few" colSpan={2}>
                              <TooFew n={q.n} />
                            </td>
                          ) : (
                            <>
                              <td class="num">
                                {fmt.pct(q.winRateA?.p ?? null, locale)}
                                <DiffMark show={apart} />
                              </td>
                              <td class="num">{fmt.interval(q.winRateA, locale)}</td>
                            </>
                          )}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              }
            />
          ) : null}
          <div class="again-block">
            <ChartView
              title={t.againTitle}
              sub={
                tooFew(data.again.n)
                  ? `${t.yesShare}: ${t.tooFew} · ${t.answersN(data.again.n)}`
                  : `${t.yesShare}: ${fmt.pct(data.again.yesShare?.p ?? null, locale)} · ${t.interval95} ${fmt.interval(data.again.yesShare, locale)} · ${t.answersN(data.again.n)}${
                      props.other && !tooFew(props.other.again.n) && intervalsApart(data.again.yesShare, props.other.again.yesShare) ? ` ◆ ${t.differs}` : ''
                    }`
              }
              summary={`${t.againYes} ${data.again.yes}, ${t.againMaybe} ${data.again.maybe}, ${t.againNo} ${data.again.no}`}
              config={charts.again}
              height={96}
            />
          </div>
        </div>
      ) : null}
    </section>
  );
}
