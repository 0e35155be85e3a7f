import type { ActivityContents, AvatarRow, ConsentTextRow } from '../../db/repositories/catalog.repository.ts';
import type { ShowroomRow } from '../../db/repositories/showrooms.repository.ts';
import type { KioskConfig } from '../../shared/kiosk-config.ts';
import { assetUrl, localized } from './localized.ts';

export function presentKioskConfig(input: {
  showroom: ShowroomRow;
  activity: ActivityContents;
  floor: Set<string>;
  avatars: AvatarRow[];
  consent: ConsentTextRow;
  privacyContact: string | null;
  publicUrl: string;
}): KioskConfig {
  const { activity } = input;
  const t = input.consent.toggles;
  return {
    showroom: { slug: input.showroom.slug, name: localized(input.showroom.name_zh, input.showroom.name_en) },
    activityVersion: activity.version,
    products: activity.products
      .filter((p) => input.floor.has(p.id))
      .map((p) => ({
        id: p.id,
        key: p.key,
        name: localized(p.name_zh, p.name_en),
        picture: assetUrl(p.picture_asset)!,
        parts: activity.parts
          .filter((part) => part.product_id === p.id)
          .map((part) => ({
            id: part.id,
            key: part.key,
            name: localized(part.name_zh, part.name_en),
            prompt: localized(part.prompt_zh, part.prompt_en),
            x: part.x,
            y: part.y,
            icon: assetUrl(part.icon_asset),
            promptAudio: { 'zh-CN': assetUrl(part.audio_zh), en: assetUrl(part.audio_en) },
          })),
        pairs: activity.pairs
          .filter((pair) => pair.product_id === p.id)
          .map((pair) => ({
            id: pair.id,
            key: pair.key,
            prompt: localized(pair.prompt_zh, pair.prompt_en),
            promptAudio: { 'zh-CN': assetUrl(pair.audio_zh), en: assetUrl(pair.audio_en) },
            a: { label: localized(pair.a_label_zh, pair.a_label_en), picture: assetUrl(pair.a_asset)! },
            b: { label: localized(pair.b_label_zh, pair.b_label_en), picture: assetUrl(pair.b_asset)! },
          })),
      })),
    avatars: input.avatars.map((a) => ({ key: a.key, name: localized(a.name_zh, a.name_en), picture: assetUrl(a.asset_id)! })),
    consent: {
      textVersion: input.consent.version,
      text: localized(input.consent.text_zh, input.consent.text_en),
      covers: input.consent.covers,
      contact: input.privacyContact,
      ...(t ? { toggles: { gallery: localized(t.gallery.zh, t.gallery.en), voice: localized(t.voice.zh, t.voice.en), nickname: localized(t.nickname.zh, t.nickname.en) } } : {}),
    },
    publicUrl: input.publicUrl,
    ageBands: ['4-6', '7-9', '10-12'],
    locales: ['zh-CN', 'en'],
  };
}
