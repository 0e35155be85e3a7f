import type { ComponentChildren } from 'preact';
import { API, query } from '../lib/api.ts';
import { apiFilter, filtersFrom, filtersInto, type Filters } from '../lib/filters.ts';
import { useI18n } from '../lib/i18n.ts';
import { navigate, type PageId } from '../lib/router.ts';
import { useApp } from '../lib/app-context.ts';

/** The page's filters, kept in the address so a view can be reloaded or shared. */
export function useFilters(page: PageId): [Filters, (f: Filters) => void] {
  const { route } = useApp();
  const f = filtersFrom(route.params);
  return [f, (next) => navigate(page, filtersInto(route.params, next), true)];
}

export function exportHref(kind: 'csv' | 'xlsx', f: Filters, productId?: string): string {
  return `${API}/export/answers.${kind}${query({ ...apiFilter(f), productId })}`;
}

export function ExportLinks(props: { filters: Filters; productId?: string; label?: string }) {
  const { t } = useI18n();
  const { can } = useApp();
  if (!can('export.read')) return null;
  return (
    <div class="export-links" role="group" aria-label={props.label ?? t.exportTitle}>
      <a class="btn btn-small" href={exportHref('csv', props.filters, props.productId)} download data-export="csv">
        <DownloadIcon /> CSV
      </a>
      <a class="btn btn-small" href={exportHref('xlsx', props.filters, props.productId)} download data-export="xlsx">
        <DownloadIcon /> XLSX
      </a>
    </div>
  );
}

export function DownloadIcon() {
  return (
    <svg viewBox="0 0 24 24" class="icon" aria-hidden="true">
      <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />
    </svg>
  );
}

export function PrintButton() {
  const { t } = useI18n();
  return (
    <button type="button" class="btn btn-small" onClick={() => window.print()}>
      <svg viewBox="0 0 24 24" class="icon" aria-hidden="true">
        <path d="M7 9V3h10v6M7 17H4v-7h16v7h-3M7 14h10v7H7z" />
      </svg>
      {t.print}
    </button>
  );
}

export function Kpi(props: { label: string; value: string; hint?: ComponentChildren; tone?: 'violet' | 'sun' | 'plain'; testId?: string }) {
  return (
    <div class={`kpi kpi-${props.tone ?? 'plain'}`} data-kpi={props.testId}>
      <span class="kpi-label">{props.label}</span>
      <span class="kpi-value">{props.value}</span>
      {props.hint ? <span class="kpi-hint">{props.hint}</span> : null}
    </div>
  );
}

/** Colours: the kiosk's violet and sun, calmer companions, and five faces from unhappy to delighted. */
export const COLOURS = {
  violet: '#6e56cf',
  violetLight: '#b7a9ec',
  sun: '#ffc53d',
  coral: '#e5484d',
  grey: '#c9c4d6',
  ink: '#2b2340',
  faces: ['#d93d42', '#f29d8f', '#d8d3e2', '#a896ee', '#5b43c0'],
};
