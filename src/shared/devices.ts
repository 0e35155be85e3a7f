import { Type, type Static } from 'typebox';
import { SafeText } from './text.ts';

export const PairRequest = Type.Object(
  {
    code: SafeText({ minLength: 1, maxLength: 32, description: 'the one-time pairing code shown to staff' }),
    name: SafeText({ minLength: 1, maxLength: 60, description: 'a name for this tablet, e.g. "Front door tablet"' }),
  },
  { additionalProperties: false, $id: 'PairRequest' },
);
export type PairRequest = Static<typeof PairRequest>;

export const PairResponse = Type.Object(
  {
    deviceId: Type.String({ format: 'uuid' }),
    token: Type.String(),
    showroom: Type.Object({ slug: Type.String(), name: Type.String() }),
  },
  { $id: 'PairResponse' },
);
export type PairResponse = Static<typeof PairResponse>;
