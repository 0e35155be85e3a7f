/**
 * The shared sticker renderer (src/shared/stickers.ts, StickerLayer): the same input gives the
 * same SVG on every surface, stickers sit where and as large as stored, only the fixed art is
 * ever drawn (the output passes the catalog's SVG check), and near-duplicate signatures of
 * drawings take stickers into account.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Drawing } from '../src/admin/components/Drawing.tsx';
import { ideaSignature, isNearDuplicate, similarity } from '../src/core/near-duplicate/index.ts';
import { checkSvg } from '../src/core/picture-check.ts';
import { drawingToPaths } from '../src/family/drawing.ts';
import { DrawingSvg } from '../src/family/FamilyPage.tsx';
import { StickerLayer } from '../src/shared/StickerLayer.tsx';
import { placedStickers, STICKER_IDS, STICKERS, stickerTransform, type PlacedSticker } from '../src/shared/stickers.ts';
import { HONEST_DRAWINGS } from './helpers/idea-corpus.ts';

const STROKES = [{ color: '#ff6600', size: 8, points: [[10, 10], [50, 60], [120, 90]] as [number, number][] }];
const drawing = (stickers: unknown, strokes = STROKES) => ({ kind: 'drawing', width: 800, height: 600, strokes, stickers });
const layerOf = (html: string) => html.match(/<g class="stickers">.*?<\/g><\/svg>/s)?.[0].replace(/<\/svg>$/, '') ?? '';

describe('sticker renderer', () => {
  it('gives the same markup for the same input, on the family page, the board and the dashboard', () => {
    const input = drawing([{ id: 'star', x: 120, y: 80, size: 140 }, { id: 'car', x: 400, y: 300, size: 96 }]);
    const family = renderToString(h(DrawingSvg, { drawing: drawingToPaths(input)!, label: 'd' }));
    assert.equal(renderToString(h(DrawingSvg, { drawing: drawingToPaths(structuredClone(input))!, label: 'd' })), family, 'deterministic');
    const admin = renderToString(h(Drawing, { drawing: input, label: 'd' }));
    assert.ok(layerOf(family).length > 100);
    assert.equal(layerOf(admin), layerOf(family), 'the dashboard draws the same sticker layer');
    const alone = renderToString(h(StickerLayer, { stickers: drawingToPaths(input)!.stickers }));
    assert.equal(alone, layerOf(family), 'the layer is the shared component, drawn after the strokes');
  });

  it('puts each sticker centred on (x, y), size units wide, with its fixed art', () => {
    const s: PlacedSticker = { id: 'star', x: 120, y: 80, size: 140 };
    assert.equal(stickerTransform(s), 'translate(50 10) scale(1.4)');
    assert.equal(stickerTransform({ id: 'heart', x: 400, y: 300, size: 50 }), 'translate(375 275) scale(0.5)');
    const html = renderToString(h(StickerLayer, { stickers: [s, { id: 'rainbow', x: 10.5, y: 0, size: 33 }] }));
    assert.match(html, /^<g class="stickers"><g class="sticker" data-sticker="star" transform="translate\(50 10\) scale\(1\.4\)"><path d="M50 7L61\.8/);
    assert.match(html, /data-sticker="rainbow" transform="translate\(-6 -16\.5\) scale\(0\.33\)"/);
    assert.equal((html.match(/<path /g) ?? []).length, STICKERS.star.parts.length + STICKERS.rainbow.parts.length);
  });

  it('draws only known stickers with sane numbers; anything else stored is dropped', () => {
    const got = placedStickers(
      [
        { id: 'star', x: 1, y: 2, size: 30 },
        { id: 'skull', x: 1, y: 2, size: 30 },
        { id: '<script>', x: 1, y: 2, size: 30 },
        { id: 'heart', x: Number.NaN, y: 2, size: 30 },
        { id: 'heart', x: 900, y: 2, size: 30 },
        { id: 'heart', x: 1, y: 2, size: 5000 },
        { id: 'heart', x: '1', y: 2, size: 30 },
        null,
        'star',
        { id: 'sun', x: 800, y: 600, size: 480 },
      ],
      800,
      600,
    );
    assert.deepEqual(got, [{ id: 'star', x: 1, y: 2, size: 30 }, { id: 'sun', x: 800, y: 600, size: 480 }]);
    assert.deepEqual(placedStickers(undefined, 800, 600), []);
    assert.equal(placedStickers(Array.from({ length: 50 }, () => ({ id: 'star', x: 1, y: 1, size: 30 })), 800, 600).length, 20);
    assert.deepEqual(drawingToPaths({ width: 800, height: 600, strokes: STROKES })!.stickers, [], 'old drawings have none');
  });

  it('every sticker, as drawn on the family page, passes the SVG check used for uploaded pictures', () => {
    const stickers = STICKER_IDS.map((id, i) => ({ id, x: 40 + i * 60, y: 300, size: 80 }));
    const html = renderToString(h(DrawingSvg, { drawing: drawingToPaths(drawing(stickers))!, label: 'A drawing' }));
    const svg = html.replace('<svg ', '<svg xmlns="http://www.w3.org/2000/svg" ');
    assert.deepEqual(checkSvg(svg), { ok: true, mime: 'image/svg+xml' });
    for (const id of STICKER_IDS) assert.ok(html.includes(`data-sticker="${id}"`), id);
    assert.doesNotMatch(html, /<script|on\w+=|href=|style=/i);
    for (const id of STICKER_IDS) {
      assert.ok(STICKERS[id].en && STICKERS[id].zh, `${id} has names in en and zh-CN`);
      for (const p of STICKERS[id].parts) assert.match(p.d, /^[MmLlHhVvCcQqAaZz0-9 .,-]+$/, `${id} path data is plain`);
    }
  });
});

describe('near-duplicate signatures with stickers', () => {
  const sig = (d: object) => ideaSignature(d as { kind: 'drawing'; width: number; height: number; strokes: [] })!;
  const stickers = [{ id: 'star', x: 200, y: 200, size: 140 }, { id: 'heart', x: 500, y: 300, size: 96 }, { id: 'car', x: 650, y: 450, size: 200 }];

  it('identical sticker-only drawings have a signature and cluster; different ones do not', () => {
    const a = sig(drawing(stickers, []));
    assert.ok(a, 'a drawing made only of stickers is signed');
    assert.equal(similarity(a.minhash, sig(drawing(structuredClone(stickers), [])).minhash), 1);
    const nudged = stickers.map((s) => ({ ...s, x: s.x + 6, y: s.y - 5 }));
    assert.ok(isNearDuplicate('drawing', a.minhash, sig(drawing(nudged, [])).minhash), 'a few pixels of nudging still match');
    const other = [{ id: 'rocket', x: 100, y: 500, size: 300 }, { id: 'sun', x: 700, y: 100, size: 120 }];
    assert.ok(!isNearDuplicate('drawing', a.minhash, sig(drawing(other, [])).minhash), 'other stickers elsewhere are not a copy');
  });

  it('with the same strokes, the stickers still count: same ones cluster, a different set changes the signature', () => {
    const base = HONEST_DRAWINGS[0]!;
    const a = sig({ ...base, stickers });
    const b = sig({ ...base, stickers: structuredClone(stickers) });
    assert.equal(similarity(a.minhash, b.minhash), 1);
    const plain = sig(base);
    assert.ok(similarity(a.minhash, plain.minhash) < 1, 'adding stickers changes the signature');
    const swapped = sig({ ...base, stickers: stickers.map((s) => ({ ...s, id: s.id === 'star' ? 'rocket' : s.id === 'heart' ? 'flower' : 'note' })) });
    assert.ok(similarity(a.minhash, swapped.minhash) < similarity(a.minhash, b.minhash));
    assert.deepEqual(sig(base), plain, 'a drawing without stickers is signed as before');
  });
});
