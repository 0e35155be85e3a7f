import { intervalsApart, SMALL_SAMPLE } from '../../core/compare.ts';
import type { Filters } from '../lib/filters.ts';
import { useI18n } from '../lib/i18n.ts';

export { intervalsApart, SMALL_SAMPLE };

/** Whether a figure rests on too few answers to be read (shown greyed, without an interval). */
export const tooFew = (n: number) => n < SMALL_SAMPLE;

/** "Leave out low-effort visits": off by default; every figure on the page follows it. */
export function QualitySwitch(props: { filters: Filters; onChange: (f: Filters) => void }) {
  const { t } = useI18n();
  const on = !!props.filters.okOnly;
  return (
    <div class="filter-group quality-switch">
      <span class="filter-label" aria-hidden="true">
        {t.answerQuality}
      </span>
      <label class="switch" title={t.leaveOutLowEffortHint}>
        <input type="checkbox" role="switch" checked={on} data-testid="quality-switch" onChange={(e) => props.onChange({ ...props.filters, okOnly: e.currentTarget.checked })} />
        <span class="switch-track" aria-hidden="true" />
        <span>{t.leaveOutLowEffort}</span>
      </label>
    </div>
  );
}

/** The stand-in for a figure with n < 30: greyed words, never a number or an interval that looks solid. */
export function TooFew(props: { n: number }) {
  const { t } = useI18n();
  return (
    <span class="too-few" title={t.tooFewHint(props.n)} data-too-few={props.n}>
      {t.tooFew}
    </span>
  );
}

/** The mark beside a figure whose 95 % interval does not overlap the other panel's. */
export function DiffMark(props: { show: boolean }) {
  const { t } = useI18n();
  if (!props.show) return null;
  return (
    <span class="diff-mark" role="img" aria-label={t.differs} title={t.differs} data-differs="">
      ◆
    </span>
  );
}

export interface StandsOut {
  mean: number | null;
  low: number | null;
  high: number | null;
  n: number;
}

const signed = (v: number, locale: string) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Within-child score drawn on a scale of −2…+2 faces around a zero line, with its interval. */
export function StandsOutCell(props: { so: StandsOut; w: number; differs: boolean }) {
  const { t, locale } = useI18n();
  const so = props.so;
  if (tooFew(so.n) || so.mean === null || so.low === null || so.high === null) return <TooFew n={so.n} />;
  const w = props.w;
  const x = (v: number) => ((Math.max(-2, Math.min(2, v)) + 2) / 4) * w;
  return (
    <>
      <svg class="iv-bar" viewBox={`0 0 ${w} 14`} width={w} height={14} aria-hidden="true">
        <rect x="0" y="4" width={w} height="6" rx="3" fill="#eeeaf5" />
        <path d={`M${x(0)} 1v12`} stroke="#8a829c" stroke-width="1" stroke-dasharray="2 2" />
        <path d={`M${x(so.low)} 7H${x(so.high)}M${x(so.low)} 2v10M${x(so.high)} 2v10`} stroke="#2b2340" stroke-width="1.6" fill="none" />
        <circle cx={x(so.mean)} cy="7" r="3.5" fill={so.mean >= 0 ? '#6e56cf' : '#c2410c'} stroke="#fff" stroke-width="1" />
      </svg>
      <span class="iv-text" title={t.standsOutHint}>
        <strong>{signed(so.mean, locale)}</strong> <span class="muted">{`${signed(so.low, locale)} – ${signed(so.high, locale)}`}</span>
      </span>
      <DiffMark show={props.differs} />
    </>
  );
}
