import { Type, type TStringOptions } from 'typebox';
import { INVISIBLE_CLASS } from './invisible.ts';

export { cleanNickname, stripInvisible } from './invisible.ts';

/**
 * Text a person typed: no control characters (PostgreSQL refuses NUL) and no lone
 * UTF-16 surrogates (not encodable as UTF-8). Ajv compiles patterns with the `u` flag,
 * so a surrogate range only matches unpaired halves.
 */
const SINGLE_LINE = '^[^\\u0000-\\u001f\\u007f\\ud800-\\udfff]*$';
const MULTI_LINE = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f\\ud800-\\udfff]*$';

/** Nicknames refuse invisible characters outright (see NicknameText). */
const NICKNAME = `^[^\\u0000-\\u001f\\u007f\\ud800-\\udfff${INVISIBLE_CLASS}]*$`;

/** Readable reasons for the patterns above, used by the API's validation messages. */
export const TEXT_PATTERN_HINTS: Readonly<Record<string, string>> = {
  [SINGLE_LINE]: 'must not contain control characters or broken UTF-16',
  [MULTI_LINE]: 'must not contain control characters (other than line breaks and tabs) or broken UTF-16',
  [NICKNAME]:
    'must not contain invisible or text-direction characters (zero-width spaces or joiners, direction marks or overrides, soft hyphens), control characters or broken UTF-16',
};

export const SafeText = (opts: TStringOptions = {}) => Type.String({ pattern: SINGLE_LINE, ...opts });
export const SafeMultilineText = (opts: TStringOptions = {}) => Type.String({ pattern: MULTI_LINE, ...opts });
export const NicknameText = (opts: TStringOptions = {}) =>
  Type.String({
    pattern: NICKNAME,
    description: 'shown only with consent; invisible and text-direction characters are refused',
    ...opts,
  });
