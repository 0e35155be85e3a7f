import * as fmt from '../lib/format.ts';
import { useI18n } from '../lib/i18n.ts';
import { AGE_BANDS, type Overview } from '../lib/types.ts';
import { TooFew, tooFew } from './honest.tsx';
import { IntervalBar } from './PartTable.tsx';

/** Share of visits flagged low-effort per age band, with its interval; n < 30 is not read. */
export function LowEffortByAge(props: { rows: Overview['byAgeBand']; okOnly: boolean }) {
  const { t, locale } = useI18n();
  const rows = AGE_BANDS.map((b) => props.rows.find((r) => r.ageBand === b) ?? { ageBand: b, visits: 0, sameFace: 0, tooFast: 0, lowEffortShare: null });
  return (
    <section class="panel low-effort" aria-labelledby="low-effort-title" data-testid="low-effort">
      <header class="panel-head">
        <h2 id="low-effort-title">{t.lowEffortTitle}</h2>
      </header>
      <p class="hint">{props.okOnly ? t.lowEffortOn : t.lowEffortSub}</p>
      <table class="table table-compact">
        <thead>
          <tr>
            <th scope="col">{t.ageBands}</th>
            <th scope="col" class="num">
              {t.visits}
            </th>
            <th scope="col" class="num">
              {t.sameFace}
            </th>
            <th scope="col" class="num">
              {t.tooFast}
            </th>
            <th scope="col">
              {t.lowEffortShare}
              <span class="th-hint">{t.interval95}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.ageBand} data-age={r.ageBand} data-n={r.visits}>
              <th scope="row">{t.age(r.ageBand as (typeof AGE_BANDS)[number])}</th>
              <td class="num">{r.visits}</td>
              <td class="num">{r.sameFace}</td>
              <td class="num">{r.tooFast}</td>
              <td class={tooFew(r.visits) ? 'is-few' : ''}>
                {tooFew(r.visits) ? (
                  <TooFew n={r.visits} />
                ) : (
                  <>
                    <IntervalBar iv={r.lowEffortShare} w={140} />
                    <span class="iv-text">
                      <strong>{fmt.pct(r.lowEffortShare?.p ?? null, locale)}</strong> <span class="muted">{fmt.interval(r.lowEffortShare, locale)}</span>
                    </span>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
