import { Type, type TStringOptions } from 'typebox';

/**
 * Text a person typed: no control characters (PostgreSQL refuses NUL) and no lone
 * UTF-16 surrogates (not encodable as UTF-8). Ajv compiles patterns with the `u` flag,
 * so a surrogate range only matches unpaired halves.
 */
const SINGLE_LINE = '^[^\\u0000-\\u001f\\u007f\\ud800-\\udfff]*$';
const MULTI_LINE = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f\\ud800-\\udfff]*$';

export const SafeText = (opts: TStringOptions = {}) => Type.String({ pattern: SINGLE_LINE, ...opts });
export const SafeMultilineText = (opts: TStringOptions = {}) => Type.String({ pattern: MULTI_LINE, ...opts });
