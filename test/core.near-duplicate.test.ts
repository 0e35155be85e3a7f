import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  bandKeys,
  drawingShingles,
  ideaSignature,
  isNearDuplicate,
  jaccard,
  minhash,
  normaliseIdeaText,
  similarity,
  textShingles,
  floodSuspicion,
  FLOOD_MIN_SIZE,
} from '../src/core/near-duplicate/index.ts';
import { HONEST_DRAWINGS, HONEST_IDEAS, jitter } from './helpers/idea-corpus.ts';

const text = (t: string) => ideaSignature({ kind: 'text', text: t })!;
const dup = (a: string, b: string) => isNearDuplicate('text', text(a).minhash, text(b).minhash);
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u202e', '\u202d', '\u00ad'];
const PUNCT = ['!', '！', '?', '？', '.', '。', ',', '，', '、', '~', '…', '*', '-'];
const FLOOD_SENTENCES = [
  'I want a flying pink car with rainbow seats and a big slide',
  'please give the car a swimming pool and a big fridge for ice cream',
  '我想要一辆会飞的粉色汽车，还要有彩虹座椅和滑梯，还有一个大冰箱',
  '后座要有一个小冰箱，放我的酸奶和很多很多的冰淇淋，还要有小电视',
];

const words = fc.array(fc.stringMatching(/^[a-z]{2,9}$/), { minLength: 2, maxLength: 9 });
const sentence = fc.oneof(words.map((w) => w.join(' ')), fc.stringMatching(/^[\u4e00-\u9fa5]{4,30}$/));

describe('near-duplicate signatures (MinHash over shingles)', () => {
  it('are deterministic, 256 values with 64 band keys, and equal sets give equal signatures', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 60 }), (xs) => {
        const a = minhash(xs)!;
        const b = minhash([...xs].reverse().concat(xs))!;
        assert.equal(a.length, 256);
        assert.deepEqual(Array.from(a), Array.from(b));
        assert.equal(bandKeys(a).length, 64);
        assert.equal(similarity(a, b), 1);
      }),
    );
    assert.equal(minhash([]), null);
  });

  it('estimate the Jaccard similarity of the shingle sets (within 0.15, ~5 standard errors)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 120 }), fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 120 }), (xs, ys) => {
        const a = xs.map(String);
        const b = ys.map(String);
        const est = similarity(minhash(a)!, minhash(b)!);
        assert.ok(Math.abs(est - jaccard(a, b)) <= 0.15, `estimate ${est}, exact ${jaccard(a, b)}`);
      }),
    );
  });

  it('ignore case, punctuation, zero-width and bidi characters, full-width forms and spacing between CJK characters', () => {
    fc.assert(
      fc.property(sentence, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLE, ...PUNCT)), { maxLength: 8 }), fc.boolean(), (s, inserts, upper) => {
        let t = upper ? s.toUpperCase() : s;
        for (const [at, ch] of inserts) {
          const i = at % (t.length + 1);
          t = t.slice(0, i) + ch + t.slice(i);
        }
        // Extra spaces where there is one already, and anywhere between Chinese characters.
        t = t.replace(/ /g, '  ').replace(/([\u4e00-\u9fa5])(?=[\u4e00-\u9fa5])/gu, '$1 ');
        assert.equal(similarity(text(s).minhash, text(t).minhash), 1, `${JSON.stringify(s)} vs ${JSON.stringify(t)}`);
      }),
    );
    assert.equal(normaliseIdeaText('Ｂｉｇ　ＳＣＲＥＥＮ！！'), 'big screen');
    assert.equal(normaliseIdeaText('会 飞 的\u200b车'), '会飞的车');
  });

  it('do not depend on word order', () => {
    fc.assert(
      fc.property(words, fc.nat(), (ws, seed) => {
        const shuffled = [...ws].sort((a, b) => ((a.charCodeAt(0) * 31 + seed) % 7) - ((b.charCodeAt(0) * 31 + seed) % 7));
        assert.deepEqual(textShingles(ws.join(' ')), textShingles(shuffled.join(' ')));
      }),
    );
  });

  it('keep a flood-length sentence with any one typo a near-duplicate, in English and Chinese', () => {
    // Exhaustive over every position and a few replacements: the signature is deterministic, so this is the whole truth for these sentences.
    const misses: string[] = [];
    for (const s of FLOOD_SENTENCES) {
      const chars = [...s];
      for (let i = 0; i < chars.length; i++) {
        if (!/\p{L}/u.test(chars[i]!)) continue;
        for (const ch of /[a-z]/i.test(chars[i]!) ? ['x', 'q'] : ['呀', '好']) {
          const typo = [...chars.slice(0, i), ch, ...chars.slice(i + 1)].join('');
          if (!dup(s, typo)) misses.push(typo);
        }
      }
    }
    assert.deepEqual(misses, []);
  });

  it('never pair up different honest ideas, however short', () => {
    const sigs = HONEST_IDEAS.map(text);
    const clashes: string[] = [];
    for (let i = 0; i < sigs.length; i++) {
      for (let j = i + 1; j < sigs.length; j++) {
        if (isNearDuplicate('text', sigs[i]!.minhash, sigs[j]!.minhash)) clashes.push(`${HONEST_IDEAS[i]} ~ ${HONEST_IDEAS[j]}`);
      }
    }
    assert.deepEqual(clashes, []);
    assert.equal(ideaSignature({ kind: 'text', text: '!!! ？？' }), null, 'nothing to compare: no signature');
    assert.equal(ideaSignature({ kind: 'voice' }), null);
  });

  it('see a redrawn (jittered) drawing as a near-duplicate and different drawings as different', () => {
    const sig = (d: (typeof HONEST_DRAWINGS)[number]) => ideaSignature(d)!.minhash;
    for (const [i, d] of HONEST_DRAWINGS.entries()) {
      for (const seed of [1, 2, 3]) assert.ok(isNearDuplicate('drawing', sig(d), sig(jitter(d, 3, seed * 17 + i))), `drawing ${i} jittered (seed ${seed})`);
      for (const [j, e] of HONEST_DRAWINGS.entries()) {
        if (j > i) assert.ok(!isNearDuplicate('drawing', sig(d), sig(e)), `drawings ${i} and ${j}`);
      }
    }
  });

  it('do not care about colour, pen size or how densely a stroke was sampled', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: HONEST_DRAWINGS.length - 1 }), fc.stringMatching(/^#[0-9a-f]{6}$/), fc.integer({ min: 1, max: 200 }), (i, color, size) => {
        const d = HONEST_DRAWINGS[i]!;
        const recoloured = { ...d, strokes: d.strokes.map((s) => ({ ...s, color, size })) };
        assert.deepEqual(drawingShingles(d), drawingShingles(recoloured));
      }),
    );
    const straight = { width: 1000, height: 700, strokes: [{ points: [[100, 100], [900, 600]] as [number, number][] }] };
    const dense = { width: 1000, height: 700, strokes: [{ points: Array.from({ length: 41 }, (_, k) => [100 + k * 20, 100 + k * 12.5] as [number, number]) }] };
    assert.ok(jaccard(drawingShingles(straight), drawingShingles(dense)) >= 0.8);
    assert.ok(isNearDuplicate('drawing', ideaSignature({ kind: 'drawing', ...straight })!.minhash, ideaSignature({ kind: 'drawing', ...dense })!.minhash));
  });

  it('call a kiosk suspicious from a flood-sized cluster on', () => {
    assert.deepEqual(floodSuspicion(0), { suspicious: false, suspiciousReason: null, nearDuplicateIdeas24h: 0 });
    assert.equal(floodSuspicion(FLOOD_MIN_SIZE - 1).suspicious, false);
    assert.deepEqual(floodSuspicion(12), { suspicious: true, suspiciousReason: '12 near-identical ideas in 24 h', nearDuplicateIdeas24h: 12 });
  });
});
