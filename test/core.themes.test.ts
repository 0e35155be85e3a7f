import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeName, analyzeText } from '../src/core/themes/analyze.ts';
import { groupThemes, matchParts, type PartTerms, type ThemeIdea } from '../src/core/themes/group.ts';
import { previousPeriod } from '../src/server/services/themes.service.ts';

const terms = (s: string) => analyzeText(s).map((t) => t.term);
const part = (partKey: string, ...names: string[]): PartTerms => ({ partKey, names: names.map(analyzeName) });
const idea = (id: string, text: string, tags: string[] = []): ThemeIdea => ({ id, tokens: analyzeText(text), tags });

describe('theme terms of an idea', () => {
  it('segments Chinese into words with jieba, not characters', () => {
    assert.deepEqual(terms('我希望座椅更软一点'), ['座椅', '更软']);
    assert.ok(terms('后备箱太小了').includes('后备箱'));
    assert.ok(terms('方向盘要是彩色的').includes('方向盘'));
  });

  it('stems English so "wheels" and "wheel" are one term', () => {
    assert.deepEqual(terms('wheels'), terms('wheel'));
    assert.deepEqual(terms('The WHEELS!'), ['wheel']);
    assert.deepEqual(terms('seats'), terms('seat'));
  });

  it('takes out stop words in both languages, redaction placeholders and punctuation', () => {
    assert.deepEqual(terms('I would like the car to be'), []);
    assert.deepEqual(terms('我的 是 了 吗 的'), []);
    assert.deepEqual(terms("it isn't [phone] [address] 123 !!"), []);
    assert.deepEqual(terms('我想要车'), []);
  });

  it('reads mixed text: English words inside Chinese', () => {
    assert.deepEqual(terms('我想要 big wheels 和粉色的座位'), ['big', 'wheel', '粉色', '座位']);
  });

  it('never throws and yields only non-blank terms, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
        for (const t of analyzeText(s)) assert.ok(t.term.trim().length > 0 && t.surface.trim().length > 0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('grouping ideas into themes', () => {
  const parts = [part('wheels', '轮子', 'Wheels'), part('seats', '座椅', 'Seats'), part('steering-wheel', '方向盘', 'Steering wheel')];

  it('puts Chinese and English ideas about one part into that part theme', () => {
    const g = groupThemes([idea('a', 'Bigger wheels please'), idea('b', '轮子要会发光'), idea('c', 'one wheel is enough')], parts);
    assert.deepEqual(g.get('part:wheels')?.ideaIds, ['a', 'b', 'c']);
    assert.equal(g.get('part:wheels')?.partKey, 'wheels');
  });

  it('groups 座椅 and 座位 only once an admin adds 座位 as a synonym', () => {
    const ideas = [idea('a', '座椅要软'), idea('b', '座位可以加热')];
    const without = groupThemes(ideas, parts);
    assert.deepEqual(without.get('part:seats')?.ideaIds, ['a']);
    assert.deepEqual(without.get('term:座位')?.ideaIds, ['b']);
    const withSynonym = groupThemes(ideas, [...parts.filter((p) => p.partKey !== 'seats'), part('seats', '座椅', 'Seats', '座位')]);
    assert.deepEqual(withSynonym.get('part:seats')?.ideaIds, ['a', 'b']);
    assert.equal(withSynonym.has('term:座位'), false);
  });

  it('lets the longer name win: "steering wheel" is not also the wheels', () => {
    const m = matchParts(terms('a pink steering wheel'), parts);
    assert.deepEqual([...m.partKeys], ['steering-wheel']);
    const both = matchParts(terms('a pink steering wheel and big wheels'), parts);
    assert.deepEqual([...both.partKeys].sort(), ['steering-wheel', 'wheels']);
  });

  it('counts an idea once per theme, adds tags, and labels free terms by their commonest spelling', () => {
    const g = groupThemes([idea('a', 'wheels wheels wheel rocket rockets', ['seats']), idea('b', 'rockets!')], parts);
    assert.deepEqual(g.get('part:wheels')?.ideaIds, ['a']);
    assert.deepEqual(g.get('part:seats')?.ideaIds, ['a']);
    assert.deepEqual(g.get('term:rocket')?.ideaIds, ['a', 'b']);
    assert.equal(g.get('term:rocket')?.label, 'rockets');
  });

  it('drops one-character Chinese words as free themes but still matches them as part names', () => {
    const g = groupThemes([idea('a', '门可以像翅膀一样打开')], [part('doors', '门')]);
    assert.deepEqual(g.get('part:doors')?.ideaIds, ['a']);
    assert.ok(g.has('term:翅膀'));
    assert.equal(g.has('term:像'), false);
  });
});

describe('grouping, for any ideas', () => {
  const words = ['wheels', 'wheel', 'seats', 'steering wheel', 'rocket', '轮子', '座椅', '座位', '翅膀', 'pink', 'the', '的', '[phone]'];
  const parts = [part('wheels', '轮子', 'Wheels'), part('seats', '座椅', 'Seats', '座位'), part('steering-wheel', '方向盘', 'Steering wheel')];
  const anyIdeas = fc.array(
    fc.record({ text: fc.array(fc.constantFrom(...words), { maxLength: 8 }).map((w) => w.join(' ')), tags: fc.subarray(['wheels', 'seats', 'boot']) }),
    { maxLength: 12 },
  );

  it('counts each idea at most once per theme, only ideas that were given, and is blind to their order', () => {
    fc.assert(
      fc.property(anyIdeas, (raw) => {
        const ideas = raw.map((r, i) => idea(`i${i}`, r.text, r.tags));
        const g = groupThemes(ideas, parts);
        const given = new Set(ideas.map((i) => i.id));
        for (const th of g.values()) {
          assert.equal(new Set(th.ideaIds).size, th.ideaIds.length);
          assert.ok(th.ideaIds.every((id) => given.has(id)));
          assert.ok(th.ideaIds.length > 0);
        }
        for (const i of ideas) for (const tag of i.tags) assert.ok(g.get(`part:${tag}`)?.ideaIds.includes(i.id), 'a tag always counts');
        const reversed = groupThemes([...ideas].reverse(), parts);
        assert.deepEqual(new Set(reversed.keys()), new Set(g.keys()));
        for (const [k, th] of g) {
          assert.deepEqual(new Set(reversed.get(k)!.ideaIds), new Set(th.ideaIds));
          assert.equal(reversed.get(k)!.label, th.label);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('the previous period', () => {
  it('is the same length and ends the day before from', () => {
    assert.deepEqual(previousPeriod('2026-11-01', '2026-11-30'), { from: '2026-10-02', to: '2026-10-31' });
    assert.deepEqual(previousPeriod('2026-03-01', '2026-03-01'), { from: '2026-02-28', to: '2026-02-28' });
  });
});
