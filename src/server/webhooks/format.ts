import { createHmac, randomBytes } from 'node:crypto';
import type { WebhookEvent, WebhookPreset } from '../../shared/admin/webhooks.ts';

/** What is queued for one endpoint: the delivery id doubles as the receiver's de-duplication key. */
export interface QueuedDelivery {
  id: string;
  event: WebhookEvent | 'webhook.test';
  payload: Record<string, unknown>;
  createdAt: Date;
}

export const SIGNATURE_HEADER = 'x-little-advisors-signature';
export const DELIVERY_HEADER = 'x-little-advisors-delivery';
export const EVENT_HEADER = 'x-little-advisors-event';

export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed with the endpoint's secret. */
export function signature(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** The generic body: stable across retries (the same id, event, time and data every attempt). */
export function genericBody(d: QueuedDelivery): Record<string, unknown> {
  return { id: d.id, event: d.event, createdAt: d.createdAt.toISOString(), data: d.payload };
}

const KIND: Record<string, [string, string]> = { drawing: ['drawing', '画作'], voice: ['voice idea', '语音想法'], text: ['written idea', '文字想法'] };

/** One bilingual line for chat presets (names of the showroom and product when known). */
export function summary(d: QueuedDelivery): string {
  const p = d.payload as Record<string, any>;
  const where = [p.names?.showroom?.en, p.names?.product?.en].filter(Boolean).join(' · ');
  const whereZh = [p.names?.showroom?.zh, p.names?.product?.zh].filter(Boolean).join(' · ');
  const at = where ? ` (${where})` : '';
  const atZh = whereZh ? `（${whereZh}）` : '';
  const kind = KIND[String(p.kind)] ?? [String(p.kind ?? ''), String(p.kind ?? '')];
  switch (d.event) {
    case 'idea.created':
      return `New ${kind[0]} from a child${at} · 新的${kind[1]}${atZh}`;
    case 'idea.approved':
      return `Idea approved${at}${p.text ? `: “${p.text}”` : ''} · 想法已通过审核${atZh}${p.text ? `：“${p.text}”` : ''}`;
    case 'idea.status_changed':
      return `Idea status ${p.from} → ${p.to}${at} · 想法状态 ${p.from} → ${p.to}${atZh}`;
    case 'visit.stored':
      return `Visit stored${at}: ${p.ratings} ratings, ${p.choices} choices, ${p.favourites} favourites${p.withIdea ? ', with an idea' : ''} · 新的参观记录${atZh}：${p.ratings} 个评分，${p.choices} 个选择，${p.favourites} 个最爱`;
    case 'kiosk.stale':
      return `Kiosk “${p.deviceName}” has not been in touch since ${p.lastSeenAt ?? 'pairing'} · 平板“${p.deviceName}”已失联`;
    case 'webhook.test':
      return 'Test message from Little Advisors · Little Advisors 测试消息';
  }
}

/** The request body for a preset: the signature covers exactly these bytes. */
export function formatBody(preset: WebhookPreset, d: QueuedDelivery): string {
  const text = `[Little Advisors] ${summary(d)}`;
  switch (preset) {
    case 'generic':
      return JSON.stringify(genericBody(d));
    case 'slack':
      return JSON.stringify({ text });
    case 'feishu':
      return JSON.stringify({ msg_type: 'text', content: { text } });
    case 'dingtalk':
      return JSON.stringify({ msgtype: 'text', text: { content: text } });
  }
}
