import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'preact/hooks';
import { ChartView } from '../components/ChartView.tsx';
import { FilterBar } from '../components/FilterBar.tsx';
import { COLOURS, ExportLinks, Kpi, PrintButton, useFilters } from '../components/insight.tsx';
import { QualitySwitch } from '../components/honest.tsx';
import { LowEffortByAge } from '../components/LowEffortByAge.tsx';
import { ErrorNote, Loading, PageHeader } from '../components/ui.tsx';
import { query } from '../lib/api.ts';
import { useApp } from '../lib/app-context.ts';
import { addDays, apiFilter } from '../lib/filters.ts';
import * as fmt from '../lib/format.ts';
import { useLoad } from '../lib/hooks.ts';
import { useI18n } from '../lib/i18n.ts';
import { AGE_BANDS, type Overview as OverviewData } from '../lib/types.ts';

/** Every day of the range, zeros included, so gaps show as gaps. */
function allDays(from: string, to: string, rows: OverviewData['byDay']): OverviewData['byDay'] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: OverviewData['byDay'] = [];
  for (let d = from, i = 0; d <= to && i < 400; d = addDays(d, 1), i++) out.push(byDay.get(d) ?? { day: d, visits: 0, abandoned: 0 });
  return out;
}

function hbar(labels: string[], values: number[], colour: string, label: string, locale: 'zh-CN' | 'en'): ChartConfiguration {
  return {
    type: 'bar',
    data: { labels, datasets: [{ label, data: values, backgroundColor: colour, borderRadius: 4, maxBarThickness: 28 }] },
    options: {
      indexAxis: 'y',
      layout: { padding: { right: 36 } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: '#eeeaf5' } }, y: { grid: { display: false } } },
      plugins: { legend: { display: false }, valueLabels: { format: (v: number) => fmt.num(v, locale) } } as never,
    },
  };
}

export default function Overview() {
  const { t, locale, loc } = useI18n();
  const { showroomOptions } = useApp();
  const [filters, setFilters] = useFilters('overview');
  const { data, error, loading, reload } = useLoad<OverviewData>(`/insight/overview${query(apiFilter(filters))}`);

  const charts = useMemo(() => {
    if (!data) return null;
    const days = allDays(filters.from, filters.to, data.byDay);
    const byDay: ChartConfiguration = {
      type: 'bar',
      data: {
        labels: days.map((d) => fmt.shortDay(d.day, locale)),
        datasets: [
          { label: t.completed, data: days.map((d) => d.visits), backgroundColor: COLOURS.violet, stack: 's', borderRadius: 2 },
          { label: t.abandoned, data: days.map((d) => d.abandoned), backgroundColor: COLOURS.grey, stack: 's', borderRadius: 2 },
        ],
      },
      options: {
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, grid: { color: '#eeeaf5' } },
        },
        plugins: { legend: { position: 'top', align: 'end' } },
      },
    };
    const ages = AGE_BANDS.map((b) => data.byAgeBand.find((r) => r.ageBand === b)?.visits ?? 0);
    const byAge: ChartConfiguration = {
      type: 'bar',
      data: { labels: AGE_BANDS.map((b) => t.age(b)), datasets: [{ label: t.visits, data: ages, backgroundColor: COLOURS.sun, borderRadius: 4, maxBarThickness: 64 }] },
      options: {
        layout: { padding: { top: 22 } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: '#eeeaf5' } }, x: { grid: { display: false } } },
        plugins: { legend: { display: false }, valueLabels: { format: (v: number) => fmt.num(v, locale) } } as never,
      },
    };
    return {
      days,
      byDay,
      byAge,
      byShowroom: hbar(data.byShowroom.map((s) => loc(s.name)), data.byShowroom.map((s) => s.visits), COLOURS.violet, t.visits, locale),
      byModel: hbar(data.byModel.map((m) => loc(m.name)), data.byModel.map((m) => m.visits), COLOURS.violetLight, t.visits, locale),
      ages,
    };
  }, [data, locale]);

  const tot = data?.totals;
  const started = tot ? tot.visits + tot.abandoned : 0;
  return (
    <>
      <PageHeader
        title={t.overviewTitle}
        sub={`${fmt.date(filters.from, locale)} – ${fmt.date(filters.to, locale)}`}
        actions={
          <>
            <ExportLinks filters={filters} />
            <PrintButton />
          </>
        }
      />
      <FilterBar filters={filters} onChange={setFilters} showrooms={showroomOptions}>
        <QualitySwitch filters={filters} onChange={setFilters} />
      </FilterBar>
      {error ? <ErrorNote error={error} onRetry={reload} /> : null}
      {!data && loading ? <Loading /> : null}
      {data && tot && charts ? (
        <div class={loading ? 'is-stale' : ''} aria-busy={loading}>
          <section class="kpis" aria-label={t.overviewTitle}>
            <Kpi label={t.visits} value={fmt.num(tot.visits, locale)} hint={t.visitsHint} tone="violet" testId="visits" />
            <Kpi label={t.completionRate} value={fmt.pct(tot.completionRate, locale)} hint={started ? t.completionHint(tot.visits, started) : undefined} testId="completion" />
            <Kpi label={t.medianDuration} value={fmt.duration(tot.medianDurationSec, locale)} hint={t.medianHint} testId="duration" />
            <Kpi label={t.withIdea} value={fmt.num(tot.withIdea, locale)} hint={tot.visits ? fmt.pct(tot.withIdea / tot.visits, locale) : undefined} tone="sun" testId="ideas" />
            <Kpi label={t.abandoned} value={fmt.num(tot.abandoned, locale)} testId="abandoned" />
          </section>
          {tot.visits + tot.abandoned === 0 ? <p class="note">{t.noData}</p> : null}
          <ChartView
            title={t.byDay}
            summary={`${fmt.num(tot.visits, locale)} ${t.completed}, ${fmt.num(tot.abandoned, locale)} ${t.abandoned}`}
            config={charts.byDay}
            height={260}
            class="chart-wide"
            table={
              <table class="table table-compact">
                <thead>
                  <tr>
                    <th scope="col">{t.period}</th>
                    <th scope="col">{t.completed}</th>
                    <th scope="col">{t.abandoned}</th>
                  </tr>
                </thead>
                <tbody>
                  {charts.days
                    .filter((d) => d.visits || d.abandoned)
                    .map((d) => (
                      <tr key={d.day}>
                        <th scope="row">{fmt.date(d.day, locale)}</th>
                        <td class="num">{d.visits}</td>
                        <td class="num">{d.abandoned}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            }
          />
          <div class="chart-grid">
            <ChartView
              title={t.byShowroom}
              summary={data.byShowroom.map((s) => `${loc(s.name)} ${s.visits}`).join(', ') || t.noData}
              config={charts.byShowroom}
              height={Math.max(140, 44 * data.byShowroom.length + 40)}
              table={<SimpleTable head={[t.showroom, t.visits]} rows={data.byShowroom.map((s) => [loc(s.name), s.visits])} />}
            />
            <ChartView
              title={t.byAgeBand}
              summary={AGE_BANDS.map((b, i) => `${t.age(b)} ${charts.ages[i]}`).join(', ')}
              config={charts.byAge}
              height={220}
              table={<SimpleTable head={[t.ageBands, t.visits]} rows={AGE_BANDS.map((b, i) => [t.age(b), charts.ages[i]!])} />}
            />
            <ChartView
              title={t.byModel}
              summary={data.byModel.map((m) => `${loc(m.name)} ${m.visits}`).join(', ') || t.noData}
              config={charts.byModel}
              height={Math.max(140, 44 * data.byModel.length + 40)}
              table={<SimpleTable head={[t.model, t.visits]} rows={data.byModel.map((m) => [loc(m.name), m.visits])} />}
            />
          </div>
          <LowEffortByAge rows={data.byAgeBand} okOnly={!!filters.okOnly} />
        </div>
      ) : null}
    </>
  );
}

export function SimpleTable(props: { head: string[]; rows: Array<Array<string | number>> }) {
  return (
    <table class="table table-compact">
      <thead>
        <tr>
          {props.head.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) => (j === 0 ? <th key={j} scope="row">{c}</th> : <td key={j} class={typeof c === 'number' ? 'num' : ''}>{c}</td>))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
