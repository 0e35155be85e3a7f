import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { intervalsApart } from '../src/core/compare.ts';
import { addScores, meanInterval, median, visitQuality, withinChildScores } from '../src/core/honest.ts';
import { rng as seeded } from '../bench/lib/visits.ts';

const faces = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 50 });


/** Draws a face 1–5 from probabilities p (which sum to 1). */
function draw(rand: () => number, p: number[]): number {
  let u = rand();
  for (let i = 0; i < p.length; i++) {
    if (u < p[i]!) return i + 1;
    u -= p[i]!;
  }
  return p.length;
}

describe('within-child scores', () => {
  it('do not change when a constant is added to every face of a child', () => {
    fc.assert(
      fc.property(faces, fc.integer({ min: -10, max: 10 }), (f, c) => {
        const a = withinChildScores(f)!;
        const b = withinChildScores(f.map((x) => x + c))!;
        a.forEach((x, i) => assert.ok(Math.abs(x - b[i]!) < 1e-9));
      }),
    );
  });

  it('sum to zero for each child, are zero for a child who gives every part one face, and need two ratings', () => {
    fc.assert(
      fc.property(faces, (f) => {
        assert.ok(Math.abs(withinChildScores(f)!.reduce((a, b) => a + b, 0)) < 1e-9);
      }),
    );
    assert.deepEqual(withinChildScores([5, 5, 5, 5]), [0, 0, 0, 0]);
    assert.deepEqual(withinChildScores([5, 3, 3, 3]), [1.5, -0.5, -0.5, -0.5]);
    assert.equal(withinChildScores([4]), null);
  });
});

describe('mean with a t interval from sums', () => {
  it('is the sample mean, contains it, and has no interval below two answers', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: 2, maxLength: 200 }), (xs) => {
        const m = meanInterval(addScores({ n: 0, sum: 0, sumSq: 0 }, xs));
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        assert.equal(m.n, xs.length);
        assert.ok(Math.abs(m.mean! - mean) < 1e-9);
        assert.ok(m.low! <= m.mean! + 1e-12 && m.mean! <= m.high! + 1e-12);
      }),
    );
    assert.deepEqual(meanInterval({ n: 0, sum: 0, sumSq: 0 }), { mean: null, low: null, high: null, n: 0 });
    assert.deepEqual(meanInterval({ n: 1, sum: 2, sumSq: 4 }), { mean: 2, low: null, high: null, n: 1 });
    // Known case: 1, 2, 3 → mean 2, s = 1, t(0.975, 2) = 4.3027 → ± 2.484
    const k = meanInterval(addScores({ n: 0, sum: 0, sumSq: 0 }, [1, 2, 3]));
    assert.ok(Math.abs(k.high! - 2 - 4.302653 / Math.sqrt(3)) < 1e-5);
  });

  it('covers the true stands-out score in at least 93 % of 2,000 simulated samples of 50 children', () => {
    // Five parts; children cluster at the top face, and the first part is liked a little more.
    const dists = [
      [0.02, 0.03, 0.1, 0.25, 0.6],
      [0.05, 0.1, 0.2, 0.3, 0.35],
      [0.05, 0.1, 0.2, 0.3, 0.35],
      [0.1, 0.15, 0.25, 0.25, 0.25],
      [0.02, 0.08, 0.2, 0.3, 0.4],
    ];
    const expect = (p: number[]) => p.reduce((a, q, i) => a + q * (i + 1), 0);
    // Within-child score is linear in the faces, so its true mean is E[f1] − mean of E[fi].
    const truth = expect(dists[0]!) - dists.map(expect).reduce((a, b) => a + b, 0) / dists.length;
    const rand = seeded(20_130_613);
    let covered = 0;
    const sims = 2000;
    for (let s = 0; s < sims; s++) {
      const sums = { n: 0, sum: 0, sumSq: 0 };
      for (let child = 0; child < 50; child++) {
        const scores = withinChildScores(dists.map((p) => draw(rand, p)))!;
        addScores(sums, [scores[0]!]);
      }
      const m = meanInterval(sums);
      if (m.low !== null && m.high !== null && m.low <= truth && truth <= m.high) covered++;
    }
    assert.ok(covered / sims >= 0.93, `coverage ${covered / sims}`);
    assert.ok(covered / sims <= 0.99, `an interval this wide says too little (${covered / sims})`);
  });
});

describe('answer quality', () => {
  it('flags the same face across four or more ratings', () => {
    assert.equal(visitQuality([5, 5, 5, 5], []), 'same-face');
    assert.equal(visitQuality([5, 5, 5], []), 'ok');
    assert.equal(visitQuality([5, 5, 5, 4], []), 'ok');
    assert.equal(visitQuality([1, 1, 1, 1, 1], [5000, 5000]), 'same-face');
  });

  it('flags a median answer under 700 ms, and ignores visits without times', () => {
    assert.equal(visitQuality([1, 2, 3], [100, 200, 5000]), 'too-fast');
    assert.equal(visitQuality([1, 2, 3], [100, 700, 5000]), 'ok');
    assert.equal(visitQuality([1, 2], [600, 799]), 'too-fast', 'a median of 699.5 ms is under 700');
    assert.equal(visitQuality([1, 2], [600, 800]), 'ok', 'a median of exactly 700 ms is not');
    assert.equal(visitQuality([1, 2, 3, 4], []), 'ok');
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([]), null);
  });

  it('is always one of the three values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 50 }), fc.array(fc.integer({ min: 0, max: 600_000 }), { maxLength: 70 }), (f, ms) => {
        assert.ok(['ok', 'same-face', 'too-fast'].includes(visitQuality(f, ms)));
      }),
    );
  });
});

describe('comparison rule', () => {
  it('marks a difference only where the 95 % intervals do not overlap', () => {
    assert.equal(intervalsApart({ low: 0.1, high: 0.3 }, { low: 0.35, high: 0.5 }), true);
    assert.equal(intervalsApart({ low: 0.1, high: 0.4 }, { low: 0.35, high: 0.5 }), false);
    assert.equal(intervalsApart({ low: 0.6, high: 0.8 }, { low: 0.1, high: 0.5 }), true);
    assert.equal(intervalsApart(null, { low: 0.1, high: 0.5 }), false);
    assert.equal(intervalsApart({ low: null, high: null }, { low: 0.1, high: 0.5 }), false);
  });
});
