/**
 * SQL conditions of consent, shared by every query that shows an idea or a nickname: the
 * grown-up's toggle AND the uses the visit's consent text version names (consent_texts.covers,
 * migration 008; the tokens are src/core/consent.ts CONSENT_USES).
 */

/** `v` = visits, `i` = ideas, `ct` = the visit's consent_texts row; `surface` is a literal. */
export function ideaIsPublic(surface: 'gallery' | 'wall' | 'board'): string {
  return `(v.consent_gallery and i.kind in ('drawing', 'text') and (i.kind || ':${surface}') = any(ct.covers)
           and (i.kind <> 'drawing' or i.drawing is not null) and (i.kind <> 'text' or i.text is not null))`;
}

export function nicknameIsPublic(surface: 'certificate' | 'wall' | 'board'): string {
  return `(v.consent_nickname and v.nickname is not null and 'nickname:${surface}' = any(ct.covers))`;
}

export const CONSENT_JOIN = 'join consent_texts ct on ct.version = v.consent_text_version';
