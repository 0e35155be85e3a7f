/** The consent card's privacy lines (issue 12): who is responsible, which notice version. */
export const en = {
  privacyTitle: 'Privacy notice',
  privacyContact: (who: string) => `Person responsible for children’s data: ${who}`,
  privacyNoContact: 'Person responsible for children’s data: ask the showroom staff (the operator has not named one here yet).',
  privacyVersion: (v: string) => `Notice version ${v}. The full notice is available from the showroom staff and the family page.`,
};

export const zh: typeof en = {
  privacyTitle: '隐私说明',
  privacyContact: (who: string) => `儿童个人信息保护负责人：${who}`,
  privacyNoContact: '儿童个人信息保护负责人：请询问展厅工作人员（运营方尚未在此填写）。',
  privacyVersion: (v: string) => `说明版本 ${v}。完整说明可向展厅工作人员索取，也可在家庭页面查看。`,
};
