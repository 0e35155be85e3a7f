import { Type, type Static } from 'typebox';
import { RoleName } from './session.ts';

export const RetentionInput = Type.Object(
  {
    voiceDays: Type.Integer({ minimum: 1, maximum: 3650 }),
    drawingDays: Type.Integer({ minimum: 1, maximum: 3650 }),
  },
  { additionalProperties: false },
);
export type RetentionInput = Static<typeof RetentionInput>;

export const PageQuery = Type.Object(
  { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

export const InviteInput = Type.Object(
  { role: RoleName, showroomId: Type.Optional(Type.String({ format: 'uuid' })) },
  { additionalProperties: false },
);
export type InviteInput = Static<typeof InviteInput>;

export const UserPatch = Type.Object(
  { role: Type.Optional(RoleName), showroomId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])), disabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type UserPatch = Static<typeof UserPatch>;
