// No runtime imports: the wall's browser bundle may include the family i18n files.
import type { PublicLocale } from './i18n.ts';

/** The family page's short privacy notice (issue 12); the full notice is docs/PRIVACY.md. */
const en = {
  title: 'Privacy notice (short form)',
  who: 'The showroom’s operator keeps this visit so that the product team can learn what children think of its cars, and so that you can see what became of the idea. Children’s information is handled under rules made for it, and only after a grown-up agreed.',
  kept: 'What is kept: the age band, the animal, the nickname if one was typed, the answers and the idea. Never a name, contact details, a photo, a birth date or a location.',
  choicesTitle: 'What the grown-up chose at the kiosk',
  choice: { gallery: 'Show the drawing or typed idea publicly (gallery, wall, board)', voice: 'Keep the voice recording for the product team', nickname: 'Show the nickname on the certificate, wall and board' },
  sep: ': ',
  on: 'yes',
  off: 'no',
  periods: (voiceDays: number, ideaDays: number) =>
    `How long: voice recordings ${voiceDays} days; drawings, typed ideas and nicknames ${ideaDays} days; then they are deleted. The answers say nothing about who your child is and are kept for statistics.`,
  rights: 'You can download or delete everything at any time with the buttons above. To correct something, or with any question, contact the person responsible.',
  contact: (who: string) => `Person responsible for children’s data: ${who}`,
  noContact: 'Person responsible for children’s data: ask the showroom staff (the operator has not named one here yet).',
  version: (v: string) => `Agreed under notice version ${v}.`,
  approvedPrivate: 'The team has seen your idea. It stays with the product team, as your grown-up chose.',
};

const zh: typeof en = {
  title: '隐私说明（简版）',
  who: '本展厅的运营方保存这次参与的内容，让产品团队了解孩子对汽车的看法，也让您看到创意的后续。我们按儿童个人信息的专门规则处理这些信息，并且只在大人同意后才开始。',
  kept: '保存的内容：年龄段、动物头像、填写过的昵称、孩子的回答和创意。从不保存姓名、联系方式、照片、出生日期或位置。',
  choicesTitle: '大人在平板上的选择',
  choice: { gallery: '公开展示画作或文字创意（画廊、大屏、展示板）', voice: '为产品团队保留录音', nickname: '在证书、大屏和展示板上显示昵称' },
  sep: '：',
  on: '是',
  off: '否',
  periods: (voiceDays: number, ideaDays: number) =>
    `保存期限：录音 ${voiceDays} 天；画作、文字创意和昵称 ${ideaDays} 天，到期删除。回答不含可识别孩子的信息，用于统计。`,
  rights: '您可以随时用上方的按钮下载或删除全部内容。如需更正或有任何疑问，请联系负责人。',
  contact: (who: string) => `儿童个人信息保护负责人：${who}`,
  noContact: '儿童个人信息保护负责人：请询问展厅工作人员（运营方尚未在此填写）。',
  version: (v: string) => `同意时的说明版本：${v}。`,
  approvedPrivate: '团队已经看过你的点子。按照大人的选择，它只留给产品团队，不公开展示。',
};

export type PrivacyMessages = typeof en;

export function privacyMessages(locale: PublicLocale): PrivacyMessages {
  return locale === 'zh-CN' ? zh : en;
}
