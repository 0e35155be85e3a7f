import type { Span } from './types.ts';
import { IGNORABLE } from './normalize.ts';
import { isBoringNumber } from './phone.ts';

/**
 * WeChat and QQ ids. An id on its own is indistinguishable from a nickname or a word, so we
 * only redact tokens introduced by a keyword ("微信", "VX", "wx", "WeChat", "QQ", "扣扣",
 * "企鹅号" …), plus the unambiguous system form "wxid_…". The keyword stays in the output
 * ("加我微信：[wechat]") so a moderator still understands the sentence.
 */

const KEYWORD =
  '(?<![a-z])(wechat|we chat|weixin|wx|vx|qq)(?![a-z])|(微信|威信|薇信|维信|v信|扣扣|企鹅号?|q号)';
// Words that may sit between keyword and id: "微信号是", "my qq number is", "WeChat ID:".
const CONNECTOR = '(?:[ \\t]|[:=是为,，.\\-~]|号码|号|账号|帐号|手机号|电话|好友|id|is|number|no|account|friends?)';
const ID = '(wxid_[a-z0-9_\\-]{3,40}|[a-z0-9][a-z0-9_\\-]{3,29})(?![a-z0-9_\\-])';
const IM_RE = new RegExp(`(?:${KEYWORD})(${CONNECTOR}{0,8})${ID}`, 'g');
const WXID_RE = /(?<![a-z0-9_])wxid_[a-z0-9_-]{4,40}/g;

// An explicit "is-the-id" marker; after a bare space or "is" we want more evidence.
const STRONG_CONNECTOR = /[:=是为]|号|好友|id/;
const ENGLISH_STOPWORDS = new Set([
  'today', 'yesterday', 'tomorrow', 'every', 'with', 'when', 'about', 'because', 'there',
  'their', 'where', 'which', 'while', 'video', 'videos', 'group', 'chat', 'pay', 'music',
  'games', 'account', 'number', 'please', 'thanks', 'again', 'later', 'mom', 'mum', 'dad',
]);

function idAccepted(isQq: boolean, connector: string, id: string): boolean {
  if (isQq) return /^[1-9]\d{4,11}$/.test(id); // QQ numbers are 5–12 digits, never 0-led
  if (id.length < 5 || ENGLISH_STOPWORDS.has(id)) return false;
  if (/^\d+$/.test(id)) return !isBoringNumber(id);
  return /[\d_\-]/.test(id) || STRONG_CONNECTOR.test(connector);
}

export function detectImIds(norm: string): Span[] {
  const spans: Span[] = [];
  IM_RE.lastIndex = 0;
  for (let m = IM_RE.exec(norm); m; m = IM_RE.exec(norm)) {
    const keyword = (m[1] ?? m[2])!;
    const isQq = /qq|扣扣|企鹅|q号/.test(keyword);
    const connector = m[3]!;
    const id = m[4]!;
    if (!idAccepted(isQq, connector, id)) {
      IM_RE.lastIndex = m.index + 1;
      continue;
    }
    const start = m.index + m[0].length - id.length;
    // A WeChat id that is a mobile number is both things; report both kinds.
    const kinds: Span['kinds'] = /^1[3-9]\d{9}$/.test(id) ? ['im_id', 'phone'] : ['im_id'];
    spans.push({ start, end: start + id.length, kinds, placeholder: isQq ? '[qq]' : '[wechat]' });
  }
  return spans;
}

// A QQ number is all digits, so after a QQ keyword it may be written in groups like a phone
// number ("QQ 1234 5678", "扣扣：123-456-789", "qq号 12 34 56 78"); the id detector above
// only takes unbroken tokens.
const QQ_KEYWORD = '(?<![a-z])qq(?![a-z])|扣扣|企鹅号?|q号';
const QQ_GAP = `[ \\t\\-._/\\u00b7\\u3001,~|*${IGNORABLE}]`;
const QQ_SPACED_RE = new RegExp(`(?:${QQ_KEYWORD})${CONNECTOR}{0,8}?([1-9]${IGNORABLE}*(?:${QQ_GAP}{0,3}\\d${IGNORABLE}*){4,11})(?![\\d${IGNORABLE}])`, 'g');

export function detectSpacedQq(norm: string): Span[] {
  const spans: Span[] = [];
  for (const m of norm.matchAll(QQ_SPACED_RE)) {
    const id = m[1]!;
    const digits = id.replace(/\D/g, '');
    if (digits.length < 5 || digits.length > 12) continue;
    const start = m.index + m[0].length - id.length;
    const kinds: Span['kinds'] = /^1[3-9]\d{9}$/.test(digits) ? ['im_id', 'phone'] : ['im_id'];
    spans.push({ start, end: start + id.length, kinds, placeholder: '[qq]' });
  }
  return spans;
}

/** "wxid_…" is WeChat's internal id format: unambiguous even without a keyword. */
export function detectWxids(norm: string): Span[] {
  const spans: Span[] = [];
  for (const m of norm.matchAll(WXID_RE)) {
    spans.push({ start: m.index, end: m.index + m[0].length, kinds: ['im_id'], placeholder: '[wechat]' });
  }
  return spans;
}
