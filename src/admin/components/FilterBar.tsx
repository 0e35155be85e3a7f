import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { lastDays, type Filters } from '../lib/filters.ts';
import * as fmt from '../lib/format.ts';
import { useI18n } from '../lib/i18n.ts';
import { AGE_BANDS } from '../lib/types.ts';

export interface ShowroomOption {
  id: string;
  name: string;
}

/** Checkboxes in a disclosure: "All showrooms" until some are picked. */
export function MultiPick(props: { label: string; allLabel: string; options: ShowroomOption[]; value: string[]; onChange: (v: string[]) => void }) {
  const { t } = useI18n();
  const summary = props.value.length === 0 ? props.allLabel : props.value.length === 1 ? (props.options.find((o) => o.id === props.value[0])?.name ?? t.nSelected(1)) : t.nSelected(props.value.length);
  return (
    <div class="filter-group">
      <span class="filter-label" aria-hidden="true">
        {props.label}
      </span>
      <details class="multi">
        <summary aria-label={`${props.label}: ${summary}`}>{summary}</summary>
        <fieldset class="multi-menu">
          <legend class="visually-hidden">{props.label}</legend>
          {props.options.map((o) => (
            <label key={o.id} class="check">
              <input
                type="checkbox"
                checked={props.value.includes(o.id)}
                onChange={(e) => {
                  const on = (e.currentTarget as HTMLInputElement).checked;
                  props.onChange(on ? [...props.value, o.id] : props.value.filter((v) => v !== o.id));
                }}
              />
              {o.name}
            </label>
          ))}
          {props.value.length ? (
            <button type="button" class="btn btn-small btn-link" onClick={() => props.onChange([])}>
              {props.allLabel}
            </button>
          ) : null}
        </fieldset>
      </details>
    </div>
  );
}

export function PeriodPick(props: { label: string; from: string; to: string; onChange: (from: string, to: string) => void; presets?: boolean }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <fieldset class="filter-group period">
      <legend class="filter-label">{props.label}</legend>
      <div class="period-row">
        <label class="visually-hidden" for={`${id}-from`}>
          {`${props.label}: ${t.from}`}
        </label>
        <input
          id={`${id}-from`}
          type="date"
          value={props.from}
          max={props.to}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLInputElement).value;
            if (v && v <= props.to) props.onChange(v, props.to);
          }}
        />
        <span aria-hidden="true">–</span>
        <label class="visually-hidden" for={`${id}-to`}>
          {`${props.label}: ${t.to}`}
        </label>
        <input
          id={`${id}-to`}
          type="date"
          value={props.to}
          min={props.from}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLInputElement).value;
            if (v && v >= props.from) props.onChange(props.from, v);
          }}
        />
        {props.presets !== false
          ? [7, 30, 90].map((n) => {
              const r = lastDays(n);
              const on = r.from === props.from && r.to === props.to;
              return (
                <button key={n} type="button" class={`chip${on ? ' chip-on' : ''}`} aria-pressed={on} onClick={() => props.onChange(r.from, r.to)}>
                  {t.lastDays(n)}
                </button>
              );
            })
          : null}
      </div>
    </fieldset>
  );
}

export function FilterBar(props: { filters: Filters; onChange: (f: Filters) => void; showrooms: ShowroomOption[] | null; children?: ComponentChildren; periodLabel?: string; hidePeriod?: boolean }) {
  const { t } = useI18n();
  const { locale } = useI18n();
  const f = props.filters;
  const rooms = f.showrooms.length && props.showrooms ? props.showrooms.filter((s) => f.showrooms.includes(s.id)).map((s) => s.name).join(', ') : t.allShowrooms;
  return (
    <>
    <p class="print-only filter-summary">
      {`${t.period}: ${fmt.date(f.from, locale)} – ${fmt.date(f.to, locale)} · ${t.showrooms}: ${rooms} · ${t.ageBands}: ${f.ageBands.length ? f.ageBands.map((b) => t.age(b)).join(', ') : t.allAges}`}
    </p>
    <section class="filter-bar" aria-label={t.filters}>
      {props.children}
      {!props.hidePeriod ? <PeriodPick label={props.periodLabel ?? t.period} from={f.from} to={f.to} onChange={(from, to) => props.onChange({ ...f, from, to })} /> : null}
      {props.showrooms && props.showrooms.length > 1 ? (
        <MultiPick label={t.showrooms} allLabel={t.allShowrooms} options={props.showrooms} value={f.showrooms} onChange={(showrooms) => props.onChange({ ...f, showrooms })} />
      ) : null}
      <fieldset class="filter-group">
        <legend class="filter-label">{t.ageBands}</legend>
        <div class="chips">
          {AGE_BANDS.map((b) => {
            const on = f.ageBands.includes(b);
            return (
              <button
                key={b}
                type="button"
                class={`chip${on ? ' chip-on' : ''}`}
                aria-pressed={on}
                onClick={() => props.onChange({ ...f, ageBands: on ? f.ageBands.filter((x) => x !== b) : [...f.ageBands, b] })}
              >
                {t.age(b)}
              </button>
            );
          })}
        </div>
      </fieldset>
    </section>
    </>
  );
}
