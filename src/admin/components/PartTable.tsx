import { TableWrap } from './ui.tsx';
import { DiffMark, intervalsApart, StandsOutCell, TooFew, tooFew } from './honest.tsx';
import * as fmt from '../lib/format.ts';
import { useI18n } from '../lib/i18n.ts';
import type { LoveMap as LoveMapData } from '../lib/types.ts';

export type PartSort = 'catalog' | 'topTwo' | 'standsOut';
type Part = LoveMapData['parts'][number];

/** Parts with too few answers sort last: their figures cannot be read. */
function sorted(parts: Part[], sort: PartSort): Part[] {
  if (sort === 'catalog') return parts;
  const value = (x: Part) => (sort === 'topTwo' ? (tooFew(x.n) ? null : (x.topTwoBox?.p ?? null)) : tooFew(x.standsOut.n) ? null : x.standsOut.mean);
  return [...parts].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === null ? (vb === null ? 0 : 1) : -1;
    return vb - va;
  });
}

/**
 * Per part: answers, top-two-box with its interval drawn to scale, stands out (within-child)
 * with its interval, favourite rank (Borda), the mean for reference. With `other` (the other
 * panel of a comparison) a ◆ marks figures whose 95 % intervals do not overlap.
 */
export function PartTable(props: { data: LoveMapData; compact: boolean; sort: PartSort; onSort: (s: PartSort) => void; other?: LoveMapData | null }) {
  const { t, locale, loc } = useI18n();
  const other = new Map((props.other?.parts ?? []).map((p) => [p.key, p]));
  const sortHeader = (key: PartSort, label: string) => (
    <button type="button" class={`th-sort${props.sort === key ? ' on' : ''}`} aria-pressed={props.sort === key} onClick={() => props.onSort(props.sort === key ? 'catalog' : key)}>
      {label}
      <span aria-hidden="true">{props.sort === key ? ' ▼' : ' ↕'}</span>
    </button>
  );
  return (
    <TableWrap label={t.facesTitle}>
      <table class={`table love-table${props.compact ? ' table-compact' : ''}`}>
        <caption class="visually-hidden">{t.facesTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{t.part}</th>
            <th scope="col" class="num">
              {t.answers}
            </th>
            <th scope="col" title={t.topTwoBoxHint} aria-sort={props.sort === 'topTwo' ? 'descending' : undefined}>
              {sortHeader('topTwo', t.topTwoBox)}
              <span class="th-hint">{t.interval95}</span>
            </th>
            <th scope="col" title={t.standsOutHint} aria-sort={props.sort === 'standsOut' ? 'descending' : undefined}>
              {sortHeader('standsOut', t.standsOut)}
              <span class="th-hint">{`${t.interval95} · n`}</span>
            </th>
            <th scope="col" title={t.bordaHint}>
              {t.bordaRank}
              <span class="th-hint">Borda</span>
            </th>
            <th scope="col" class="num muted-col">
              {props.compact ? <span title={t.meanRef}>{t.meanShort}</span> : t.meanRef}
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted(props.data.parts, props.sort).map((x) => {
            const o = other.get(x.key);
            const ttbApart = !!o && !tooFew(x.n) && !tooFew(o.n) && intervalsApart(x.topTwoBox, o.topTwoBox);
            const soApart = !!o && !tooFew(x.standsOut.n) && !tooFew(o.standsOut.n) && intervalsApart(x.standsOut, o.standsOut);
            return (
              <tr key={x.key} data-part={x.key} data-n={x.n} data-stands-out={x.standsOut.mean ?? ''}>
                <th scope="row">{loc(x.name)}</th>
                <td class="num">{x.n}</td>
                <td class={tooFew(x.n) ? 'is-few' : ''}>
                  {tooFew(x.n) ? (
                    <TooFew n={x.n} />
                  ) : (
                    <>
                      <IntervalBar iv={x.topTwoBox} w={props.compact ? 64 : 140} />
                      <span class="iv-text">
                        <strong>{fmt.pct(x.topTwoBox?.p ?? null, locale)}</strong> <span class="muted">{fmt.interval(x.topTwoBox, locale)}</span>
                      </span>
                      <DiffMark show={ttbApart} />
                    </>
                  )}
                </td>
                <td class={`stands-out${tooFew(x.standsOut.n) ? ' is-few' : ''}`}>
                  <StandsOutCell so={x.standsOut} w={props.compact ? 64 : 120} differs={soApart} />
                  <span class={props.compact ? 'visually-hidden' : 'muted so-n'}>{` n = ${x.standsOut.n}`}</span>
                </td>
                <td title={`${x.bordaPoints} ${t.points}`}>
                  <span class={`rank rank-${x.bordaPoints ? Math.min(x.bordaRank, 4) : 'none'}`}>{x.bordaPoints ? `#${x.bordaRank}` : '—'}</span>{' '}
                  <span class={props.compact ? 'visually-hidden' : 'muted'}>
                    {x.bordaPoints} {t.points}
                  </span>
                </td>
                <td class="num muted-col">{x.mean === null ? '—' : x.mean.toFixed(2)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function IntervalBar(props: { iv: { p: number; low: number; high: number } | null; w: number }) {
  const w = props.w;
  const iv = props.iv;
  return (
    <svg class="iv-bar" viewBox={`0 0 ${w} 14`} width={w} height={14} aria-hidden="true">
      <rect x="0" y="4" width={w} height="6" rx="3" fill="#eeeaf5" />
      {iv ? (
        <>
          <rect x="0" y="4" width={iv.p * w} height="6" rx="3" fill="#b7a9ec" />
          <path d={`M${iv.low * w} 7H${iv.high * w}M${iv.low * w} 2v10M${iv.high * w} 2v10`} stroke="#2b2340" stroke-width="1.6" fill="none" />
          <circle cx={iv.p * w} cy="7" r="3" fill="#6e56cf" stroke="#fff" stroke-width="1" />
        </>
      ) : null}
    </svg>
  );
}
