// No runtime imports: the kiosk bundle may include this file.

/**
 * What a consent text version lets the product do with a visit, one token per use:
 * `<what>:<surface>`. A version covers only the uses its words named, so an older
 * consent is never stretched to a surface added later (see docs/PRIVACY.md).
 */
export const CONSENT_USES = [
  'drawing:gallery',
  'drawing:wall',
  'drawing:board',
  'text:gallery',
  'text:wall',
  'text:board',
  'nickname:certificate',
  'nickname:wall',
  'nickname:board',
] as const;
export type ConsentUse = (typeof CONSENT_USES)[number];

/** The public surfaces an idea may reach; `consent.gallery` is the toggle that opens them. */
export type PublicSurface = 'gallery' | 'wall' | 'board';

export interface Localized2 {
  zh: string;
  en: string;
}

export interface ConsentToggleWords {
  gallery: Localized2;
  voice: Localized2;
  nickname: Localized2;
}

export interface ConsentVersion {
  version: string;
  covers: readonly ConsentUse[];
  text: Localized2;
  toggles: ConsentToggleWords;
}

/** What the first consent text (2026-11-consent-1) said, and so all it covers. */
export const LEGACY_COVERS: readonly ConsentUse[] = ['drawing:gallery', 'drawing:wall', 'nickname:certificate', 'nickname:wall'];

/**
 * The consent text the kiosk shows now. Migration 008 writes the same row (a test compares
 * them); a new wording needs a new version string and a new migration, never an edit here.
 */
export const CURRENT_CONSENT: ConsentVersion = {
  version: '2026-12-consent-2',
  covers: CONSENT_USES,
  text: {
    zh:
      '致家长或监护人（隐私说明 2026-12-consent-2 简版）：本展厅的运营方使用“小小产品顾问”，让孩子告诉产品团队对汽车的看法，并让您看到创意的后续。' +
      '我们按儿童个人信息的专门规则处理这些信息，只在您同意后开始。' +
      '我们保存：年龄段、所选的动物头像、可选的昵称、孩子的回答，以及可选的画作、录音或文字创意。' +
      '我们从不收集姓名、联系方式、照片、出生日期或位置。' +
      '以下三项默认关闭，只有您逐项打开才生效；不打开也能完整参与。' +
      '每条创意都先经审核员查看，才可能公开。' +
      '录音 90 天后删除，画作、文字创意和昵称 365 天后删除；回答不含可识别孩子的信息，用于统计。' +
      '扫描证书上的二维码，您可以随时查看、下载或一次删除全部内容；如需更正或有疑问，请联系下方负责人。',
    en:
      'For a parent or guardian (privacy notice 2026-12-consent-2, short form): the showroom’s operator runs Little Advisors so that children can tell the product team what they think of a car, and you can see what became of their idea. ' +
      'Children’s information is handled under rules made for it, and only after you agree. ' +
      'We keep: an age band, the chosen animal, an optional nickname, the answers, and an optional drawing, voice recording or typed idea. ' +
      'We never collect a name, contact details, a photo, a birth date or a location. ' +
      'The three choices below are off unless you turn each one on; your child can take part fully without them. ' +
      'A moderator checks every idea before it can be shown anywhere. ' +
      'Voice recordings are deleted after 90 days; drawings, typed ideas and nicknames after 365 days; the answers say nothing about who your child is and are kept for statistics. ' +
      'With the QR code on the certificate you can see, download or delete everything at any time; to correct something or ask a question, contact the person named below.',
  },
  toggles: {
    gallery: {
      zh: '允许公开展示画作或文字创意：展厅画廊、展示大屏和“你说，我们做”展示板',
      en: 'Show the drawing or typed idea publicly: the showroom gallery, the wall and the “You said, we did” board',
    },
    voice: { zh: '允许为产品团队保留录音（90 天，不公开）', en: 'Keep the voice recording for the product team only (90 days)' },
    nickname: {
      zh: '允许在证书、展示大屏和展示板上显示昵称',
      en: 'Show the nickname on the certificate, the wall and the board',
    },
  },
};

/** The toggle words of the first version, as the kiosk showed them then. */
export const LEGACY_TOGGLES: ConsentToggleWords = {
  gallery: { zh: '允许在展厅画廊和大屏上展示画作', en: 'Show the drawing in the showroom gallery and on the wall' },
  voice: { zh: '允许为产品团队保留录音（90 天）', en: 'Keep the voice recording for the product team (90 days)' },
  nickname: { zh: '允许在证书和大屏上显示昵称', en: 'Show the nickname on the certificate and on the wall' },
};

/** Whether a visit's consent lets its idea of `kind` appear on a public surface. */
export function ideaMayAppear(kind: string, surface: PublicSurface, consent: { gallery: boolean }, covers: readonly string[]): boolean {
  return consent.gallery && (kind === 'drawing' || kind === 'text') && covers.includes(`${kind}:${surface}`);
}

/** Whether a visit's consent lets its nickname appear on `surface`. */
export function nicknameMayAppear(surface: 'certificate' | 'wall' | 'board', consent: { nickname: boolean }, covers: readonly string[]): boolean {
  return consent.nickname && covers.includes(`nickname:${surface}`);
}
