/**
 * spansOf (src/db/repositories/insight-spans.ts): a date range split into whole months, whole
 * 7-day blocks (1-7, 8-14, 15-21, 22-28, 29-end of month) and day rows. For random ranges and
 * sealed dates (leap years and month ends included): every day of the range is covered exactly
 * once, no coarse period ends after the sealed date or outside the range, and the day rows are
 * only the edges (≤ 6 per side within the sealed part) and the days after the sealed date.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { monthEnd, spansOf } from '../src/db/repositories/insight-spans.ts';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const add = (day: string, n: number) => iso(Date.parse(`${day}T00:00:00Z`) + n * DAY);
const blockEnd = (start: string) => {
  const end = add(start, 6);
  return end < monthEnd(start) ? end : monthEnd(start);
};
/** Every day from a to b inclusive. */
const daysBetween = (a: string, b: string) => {
  const out: string[] = [];
  for (let d = a; d <= b; d = add(d, 1)) out.push(d);
  return out;
};

describe('spansOf', () => {
  it('covers a range exactly once with sealed months, blocks and edge days', () => {
    const base = Date.parse('2023-12-01T00:00:00Z');
    fc.assert(
      fc.property(fc.nat({ max: 1200 }), fc.nat({ max: 400 }), fc.option(fc.nat({ max: 1700 }), { nil: null }), (a, span, s) => {
        const from = iso(base + a * DAY);
        const to = add(from, span);
        const sealed = s === null ? null : iso(base + s * DAY);
        const sp = spansOf(from, to, sealed);
        const covered: string[] = [...sp.days];
        for (const m of sp.months) {
          assert.equal(m.slice(8), '01', `month ${m} starts on the 1st`);
          assert.ok(monthEnd(m) <= to && (sealed !== null && monthEnd(m) <= sealed), `month ${m} inside the range and sealed`);
          covered.push(...daysBetween(m, monthEnd(m)));
        }
        for (const b of sp.blocks) {
          assert.ok(['01', '08', '15', '22', '29'].includes(b.slice(8)), `block ${b} starts a block`);
          assert.ok(blockEnd(b) <= to && sealed !== null && blockEnd(b) <= sealed, `block ${b} inside the range and sealed`);
          covered.push(...daysBetween(b, blockEnd(b)));
        }
        if (sp.tail) {
          assert.ok(sealed === null || sp.tail[0] > sealed, 'the tail is after the sealed date');
          covered.push(...daysBetween(sp.tail[0], sp.tail[1]));
        }
        assert.deepEqual(covered.sort(), daysBetween(from, to), 'each day once');
        if (sp.sealedDays) assert.ok(sealed !== null && sp.sealedDays[0] === from && sp.sealedDays[1] <= sealed);
        // Day rows in the sealed part: only the edges, at most 6 before the first block and 6 after the last.
        const sealedPart = sp.days.filter((d) => sealed !== null && d <= sealed);
        const firstCoarse = [...sp.months, ...sp.blocks].sort()[0];
        if (firstCoarse) {
          assert.ok(sealedPart.filter((d) => d < firstCoarse).length <= 6, `≤ 6 days before ${firstCoarse}: ${sealedPart}`);
          assert.ok(sealedPart.filter((d) => d > firstCoarse).length <= 6, `≤ 6 days after the coarse periods: ${sealedPart}`);
        } else {
          assert.ok(sealedPart.length <= 13, `without a whole block inside, ≤ 13 days: ${sealedPart}`);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a leap February and the 29th block as whole periods', () => {
    const sp = spansOf('2024-01-29', '2024-03-03', '2024-02-29');
    assert.deepEqual(sp, {
      days: [], blocks: ['2024-01-29'], months: ['2024-02-01'], tail: ['2024-03-01', '2024-03-03'], sealedDays: ['2024-01-29', '2024-02-29'],
    });
    assert.deepEqual(spansOf('2024-02-03', '2024-02-20', null), { days: [], blocks: [], months: [], tail: ['2024-02-03', '2024-02-20'], sealedDays: null });
    assert.deepEqual(spansOf('2024-02-03', '2024-02-20', '2024-02-28').blocks, ['2024-02-08']);
    assert.deepEqual(spansOf('2024-02-03', '2024-02-20', '2024-02-28').days, ['2024-02-03', '2024-02-04', '2024-02-05', '2024-02-06', '2024-02-07', '2024-02-15', '2024-02-16', '2024-02-17', '2024-02-18', '2024-02-19', '2024-02-20']);
  });
});
