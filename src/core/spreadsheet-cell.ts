/**
 * Spreadsheet apps run a cell that starts with = + - @ (or a tab/CR/LF before one, or the
 * full-width forms a Chinese input method types) as a formula: `=HYPERLINK(...)` in a
 * showroom's name would become a live link in an analyst's Excel. Such text gets a leading
 * apostrophe, which every spreadsheet app shows as plain text.
 */
const FORMULA_START = /^[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;

export function neutraliseFormula(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** One CSV field (RFC 4180 quoting) with formulas neutralised. */
export function csvCell(v: unknown): string {
  const s = neutraliseFormula(v instanceof Date ? v.toISOString() : v === null || v === undefined ? '' : String(v));
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** An XLSX cell value: strings neutralised like CSV's; numbers and dates stay typed. */
export function xlsxCell(v: unknown): unknown {
  return typeof v === 'string' ? neutraliseFormula(v) : v;
}
