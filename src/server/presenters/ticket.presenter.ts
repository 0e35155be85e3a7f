import type { VisitByTicket, visitAnswers } from '../../db/repositories/visits.repository.ts';
import { ideaMayAppear, nicknameMayAppear } from '../../core/consent.ts';
import type { TicketView } from '../../shared/tickets.ts';
import { assetUrl, localized } from './localized.ts';

type Answers = Awaited<ReturnType<typeof visitAnswers>>;

/** What a family sees: the nickname only when the grown-up agreed to show it on the certificate. */
export function presentTicket(ticket: string, v: VisitByTicket, a: Answers): TicketView {
  const idea = a.idea;
  const replied = idea && (idea.reply_zh || idea.reply_en);
  return {
    ticket,
    date: v.completed_at.toISOString(),
    locale: v.locale,
    ageBand: v.age_band,
    showroom: { slug: v.showroom_slug, name: localized(v.showroom_name_zh, v.showroom_name_en) },
    product: { id: v.product_id, key: v.product_key, name: localized(v.product_name_zh, v.product_name_en), picture: assetUrl(v.product_picture)! },
    avatar: { key: v.avatar, name: localized(v.avatar_name_zh ?? v.avatar, v.avatar_name_en ?? v.avatar), picture: assetUrl(v.avatar_asset) },
    nickname: nicknameMayAppear('certificate', { nickname: v.consent_nickname }, v.consent_covers ?? []) ? v.nickname : null,
    consent: { gallery: v.consent_gallery, voice: v.consent_voice, nickname: v.consent_nickname, textVersion: v.consent_text_version },
    ratings: a.ratings.map((r) => ({ partId: r.part_id, partKey: r.key, name: localized(r.name_zh, r.name_en), face: r.face })),
    favourites: a.favourites.map((f) => ({ partId: f.part_id, partKey: f.key, name: localized(f.name_zh, f.name_en), rank: f.rank })),
    choices: a.choices.map((c) => ({
      pairId: c.pair_id,
      prompt: localized(c.prompt_zh, c.prompt_en),
      picked: c.picked,
      label: c.picked === 'a' ? localized(c.a_label_zh, c.a_label_en) : localized(c.b_label_zh, c.b_label_en),
    })),
    again: v.again,
    idea: idea
      ? {
          kind: idea.kind,
          text: idea.text,
          drawing: idea.drawing ?? null,
          hasVoice: idea.media_id !== null,
          moderation: idea.moderation,
          public: idea.moderation === 'approved' && ideaMayAppear(idea.kind, 'board', { gallery: v.consent_gallery }, v.consent_covers ?? []) && (idea.kind !== 'drawing' || idea.drawing != null),
          status: idea.product_status,
          reply: replied ? localized(idea.reply_zh ?? '', idea.reply_en ?? '') : null,
        }
      : null,
  };
}
