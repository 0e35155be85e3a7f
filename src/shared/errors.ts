import { Type, type Static } from 'typebox';

/** The one error shape every 4xx/5xx answer uses. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'machine-readable, e.g. validation_failed' }),
      message: Type.String({ description: 'what is wrong, for a person' }),
    }),
  },
  { $id: 'Error' },
);
export type ErrorBody = Static<typeof ErrorBody>;
