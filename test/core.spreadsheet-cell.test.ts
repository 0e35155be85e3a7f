import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { csvCell, neutraliseFormula, xlsxCell } from '../src/core/spreadsheet-cell.ts';

const FORMULAS = ['=HYPERLINK("http://evil.example","click")', '+cmd|\' /C calc\'!A0', '-1+1', '@SUM(A1:A2)', '\t=1+1', '\r=1', ' =1+1', '\u3000=1', '＝1+1', '＋1', '－1', '＠SUM(1)'];

describe('spreadsheet cells', () => {
  it('prefixes every formula start with an apostrophe, in CSV and XLSX alike', () => {
    for (const f of FORMULAS) {
      assert.equal(neutraliseFormula(f), `'${f}`, f);
      assert.equal(xlsxCell(f), `'${f}`, f);
      assert.ok(csvCell(f).replace(/^"/, '').startsWith("'"), f);
    }
  });

  it('leaves ordinary text, numbers and dates alone and quotes CSV specials', () => {
    assert.equal(csvCell('wheels'), 'wheels');
    assert.equal(csvCell('4-6'), '4-6');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(new Date('2026-01-02T03:04:05Z')), '2026-01-02T03:04:05.000Z');
    assert.equal(xlsxCell(5), 5);
  });

  it('no CSV cell of any text starts with a formula character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('', '=', '+', '-', '@', '\t', ' =', '＝'), (s, start) => {
        const cell = csvCell(start + s).replace(/^"/, '');
        assert.ok(!/^[\s\u3000]*[=+\-@＝＋－＠]/.test(cell), JSON.stringify(cell));
      }),
      { numRuns: 500 },
    );
  });
});
