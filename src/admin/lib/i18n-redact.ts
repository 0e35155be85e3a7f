/** Names of the moderation flags that redaction adds (spread into i18n.ts). */
export const en = {
  redactFlagNames: {
    many_digits: 'Many digits: check for a hidden number',
  } as Record<string, string>,
};

export const zh: typeof en = {
  redactFlagNames: {
    many_digits: '数字较多：请检查是否藏有号码',
  },
};
