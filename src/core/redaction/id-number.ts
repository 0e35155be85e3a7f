/**
 * Chinese resident identity numbers (GB 11643): 6-digit region, birth date, 3-digit sequence,
 * and (18-digit form) an ISO 7064 MOD 11-2 check character.
 *
 * Decision: we require the STRUCTURE (a real province code and a real calendar birth date)
 * but NOT the checksum. Redaction is asymmetric: a mistyped digit still leaves an ID that
 * identifies a person, while 18 digits that start with a province code and contain a valid
 * date essentially never occur in car talk. The checksum is still exported for callers who
 * want to know whether an ID is well-formed.
 */

// First two digits: provinces and the special regions (71 Taiwan, 81/82 HK/Macau,
// 83 residence permits for Taiwan residents, 91 foreigners' permanent residence).
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83', '91',
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return day <= days;
}

/** `id` is 17 digits plus a digit or X/x. */
export function id18ChecksumOk(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] === id[17]!.toUpperCase();
}

/** Structure check for the 18-digit form (see the module note on why no checksum). */
export function looksLikeId18(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id) || !PROVINCES.has(id.slice(0, 2))) return false;
  const year = Number(id.slice(6, 10));
  // Fixed bounds keep this pure (no clock); they cover everyone alive plus typos.
  return year >= 1900 && year <= 2099 && isRealDate(year, Number(id.slice(10, 12)), Number(id.slice(12, 14)));
}

/** Legacy 15-digit IDs (issued before 1999): region + YYMMDD + sequence, all in the 1900s. */
export function looksLikeId15(id: string): boolean {
  if (!/^\d{15}$/.test(id) || !PROVINCES.has(id.slice(0, 2))) return false;
  return isRealDate(1900 + Number(id.slice(6, 8)), Number(id.slice(8, 10)), Number(id.slice(10, 12)));
}
