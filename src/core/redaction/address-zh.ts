import { isCjkCode, isDigitCode } from './normalize.ts';

/** Chinese street-level addresses; see address.ts for what counts as an address. */

const ROAD = '(?:大街|大道|公路|胡同|路|街|巷|弄)';
const COMPOUND = '(?:小区|花园|苑|公寓|大厦|家园|新村|社区|村)';
/**
 * Road + number (+ optional 段 section): 张江路88号, 南京西路1266弄, 人民南路4段12号, and house
 * numbers written with positional numerals (中山路八十八号, 解放路一百零二号: after
 * normalisation "8十8号", "1百02号").
 */
const HOUSE_NUMBER = '(?:\\d{1,5}|\\d{0,3}[十百千][\\d十百千]{0,5})';
const ZH_ROAD_RE = new RegExp(`${ROAD}(?:\\d{1,2}段)?${HOUSE_NUMBER}(?:号院|号楼|支弄|号|弄)`, 'g');
/** Compound name followed by building numbers: 阳光小区3栋, 金色家园小区8-2-301, 光明村5组. */
const ZH_COMPOUND_RE = new RegExp(`${COMPOUND}(?=\\d{1,4}(?:号楼|栋|幢|座|组|号|-\\d))`, 'g');
/** Building + unit/room without a compound name: 3栋2单元501室, 5号楼1203室, 2单元402室. */
const ZH_BUILDING_RE =
  /\d{1,4}(?:号楼|栋|幢|座)\d{1,2}单元|\d{1,4}(?:号楼|栋|幢|座)\d{2,5}(?:室|房)|\d{1,2}单元\d{2,5}(?:室|房|号)/g;
// After the anchor: an optional compound name, then any run of building/unit/floor/room
// parts (5号楼1203室, 10号601室, 8-2-301). A bare trailing number ("3单元402") only counts
// right after a building or unit part, so "路8号3辆车" keeps its "3".
const ZH_COMPOUND_TAIL_RE = new RegExp(`[\\u4e00-\\u9fff]{1,8}?${COMPOUND}`, 'y');
const ZH_UNIT_RE = /\d{1,5}(号楼|号院|栋|幢|座|组|单元|层|楼|室|房|号|户)|\d{1,4}(?=-\d)|-\d{1,4}/y;
const ZH_BARE_ROOM_RE = /\d{2,5}(?![\d\u4e00-\u9fff])/y;
const MAX_TAIL_PARTS = 6;

// Characters that end a place name when walking left: verbs, pronouns and particles that
// introduce an address ("我家住在…", "地址是…"). Place names practically never contain them.
const STOP_CHARS = new Set('在是住到我你他她它们的说去了就要把想叫往从个与及或也很址'.split(''));
// "这条路10号就通车了" (this road opens on the 10th): 10号 is a date, not a house number.
const NOT_ROAD_NAME = new Set('条这那上下走过'.split(''));
const MAX_LEFT = 24;

// A named road with no house number is still an address when an administrative division
// comes right before it: "杭州西湖区文三路", "朝阳区建国路". Alone ("我家在中山路旁边")
// a road name is left alone, like a district alone. These end in 区/市 but are places,
// not divisions: "我们小区门口那条路" must not count.
const ROAD_ALONE_RE = new RegExp(ROAD, 'g');
const DIVISION_CHARS = new Set('省市区县镇乡旗'.split(''));
const NOT_DIVISIONS = new Set(['小区', '社区', '园区', '景区', '校区', '郊区', '展区', '街区', '市区', '营区', '厂区', '片区', '专区', '保护区', '服务区']);
const MAX_ROAD_NAME = 8;

function divisionBeforeRoad(norm: string, start: number, roadAt: number): boolean {
  for (let j = roadAt - 2; j >= start + 2; j--) {
    if (!DIVISION_CHARS.has(norm[j]!)) continue;
    if (roadAt - j - 1 > MAX_ROAD_NAME) return false;
    const word2 = norm.slice(j - 1, j + 1);
    const word3 = norm.slice(j - 2, j + 1);
    return !NOT_DIVISIONS.has(word2) && !NOT_DIVISIONS.has(word3);
  }
  return false;
}

function walkLeft(norm: string, from: number): number {
  let i = from;
  while (i > 0 && from - i < MAX_LEFT) {
    const c = norm.charCodeAt(i - 1);
    if (!(isCjkCode(c) || isDigitCode(c)) || STOP_CHARS.has(norm[i - 1]!)) break;
    i--;
  }
  return i;
}

function unitsEnd(norm: string, from: number): number {
  let at = from;
  // The anchor itself may end in a building/unit part ("5号楼2单元" + "1101").
  let lastUnit = /(?:单元|[栋幢座楼层-])$/.test(norm.slice(Math.max(0, from - 2), from)) ? '单元' : '';
  for (let parts = 0; parts < MAX_TAIL_PARTS; parts++) {
    ZH_UNIT_RE.lastIndex = at;
    const m = ZH_UNIT_RE.exec(norm);
    if (!m) break;
    at += m[0].length;
    lastUnit = m[1] ?? '-';
  }
  if (/^(?:单元|栋|幢|座|号楼|层|楼|-)$/.test(lastUnit)) {
    ZH_BARE_ROOM_RE.lastIndex = at;
    const m = ZH_BARE_ROOM_RE.exec(norm);
    if (m) at += m[0].length;
  }
  return at;
}

function tailEnd(norm: string, from: number): number {
  const end = unitsEnd(norm, from);
  if (end > from) return end;
  // A compound name after the street ("…100号华贸公寓5号楼") belongs to the address only
  // when building parts follow it.
  ZH_COMPOUND_TAIL_RE.lastIndex = from;
  const compound = ZH_COMPOUND_TAIL_RE.exec(norm);
  if (!compound) return from;
  const afterCompound = from + compound[0].length;
  const unitEnd = unitsEnd(norm, afterCompound);
  return unitEnd > afterCompound ? unitEnd : from;
}

export function detectZhAddresses(norm: string, out: Array<[number, number]>): void {
  for (const m of norm.matchAll(ZH_ROAD_RE)) {
    const before = norm[m.index - 1];
    if (before === undefined || NOT_ROAD_NAME.has(before)) continue;
    const start = walkLeft(norm, m.index);
    if (start === m.index) continue; // a road needs a name
    out.push([start, tailEnd(norm, m.index + m[0].length)]);
  }
  for (const m of norm.matchAll(ROAD_ALONE_RE)) {
    const before = norm[m.index - 1];
    if (before === undefined || NOT_ROAD_NAME.has(before)) continue;
    const start = walkLeft(norm, m.index);
    if (!divisionBeforeRoad(norm, start, m.index)) continue;
    const roadEnd = m.index + m[0].length;
    out.push([start, tailEnd(norm, roadEnd)]);
  }
  for (const m of norm.matchAll(ZH_COMPOUND_RE)) {
    const start = walkLeft(norm, m.index);
    if (start === m.index) continue; // bare "小区3栋" could be anything ("我们小区" stops here too)
    out.push([start, tailEnd(norm, m.index + m[0].length)]);
  }
  for (const m of norm.matchAll(ZH_BUILDING_RE)) {
    out.push([walkLeft(norm, m.index), tailEnd(norm, m.index + m[0].length)]);
  }
}
