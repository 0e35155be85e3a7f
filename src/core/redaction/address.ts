import { detectEnAddresses } from './address-en.ts';
import { detectZhAddresses } from './address-zh.ts';
import type { Span } from './types.ts';

/**
 * Street-level addresses. Decision: only a STREET-LEVEL element makes an address — a road
 * with a house number, or a building/unit/room number (optionally after a compound name).
 * A city, district or even a road or compound name alone ("我家住在北京", "I live in
 * Shanghai", "我家在中山路旁边") is left alone: it narrows a child down to thousands of
 * people, it is what children naturally say about where they come from, and flagging it
 * would bury moderators in false alarms. The admin divisions in front of a street-level
 * element ARE redacted with it ("上海市浦东新区张江路88号" → "[address]").
 */

export function detectAddresses(norm: string, original: string): Span[] {
  const ranges: Array<[number, number]> = [];
  detectZhAddresses(norm, ranges);
  detectEnAddresses(norm, original, ranges);
  ranges.sort((x, y) => x[0] - y[0]);
  const spans: Span[] = [];
  for (const [start, end] of ranges) {
    const last = spans[spans.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else spans.push({ start, end, kinds: ['address'], placeholder: '[address]' });
  }
  return spans;
}
