/** Names of the moderation flags that redaction and retention add (spread into i18n.ts). */
export const en = {
  redactFlagNames: {
    many_digits: 'Many digits: check for a hidden number',
    text_expired: 'Words removed (retention)',
  } as Record<string, string>,
};

export const zh: typeof en = {
  redactFlagNames: {
    many_digits: '数字较多：请检查是否藏有号码',
    text_expired: '文字已按保存期限删除',
  },
};
