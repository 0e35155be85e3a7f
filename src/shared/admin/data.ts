import { Type, type Static } from 'typebox';
import { Email, RoleName } from './session.ts';

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
  {
    role: RoleName,
    showroomId: Type.Optional(Type.String({ format: 'uuid' })),
    email: Type.Optional(Email),
  },
  { additionalProperties: false },
);
export type InviteInput = Static<typeof InviteInput>;

export const UserPatch = Type.Object(
  { role: Type.Optional(RoleName), showroomId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])), disabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type UserPatch = Static<typeof UserPatch>;

// ---- responses ----

export const StaffRow = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: RoleName,
  showroomId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  disabled: Type.Boolean(),
});
export type StaffRow = Static<typeof StaffRow>;

export const RetentionView = Type.Object({ voiceDays: Type.Integer(), drawingDays: Type.Integer() });

export const Deletions = Type.Object({
  families: Type.Array(Type.Object({ deletedAt: Type.String() }), { description: 'visits erased by families: dates only' }),
  retention: Type.Array(Type.Object({ at: Type.String(), kind: Type.String(), items: Type.Integer() })),
});
export type Deletions = Static<typeof Deletions>;

export const AuditRow = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  details: Type.Unknown(),
});
export type AuditRow = Static<typeof AuditRow>;

/** POST /invites and POST /invites/:id/link: the link holds the only copy of the token. */
export const InviteLink = Type.Object({ id: Type.String(), link: Type.String(), expiresInHours: Type.Number(), expiresAt: Type.String() });
export type InviteLink = Static<typeof InviteLink>;

/** An open invite: not used, not expired, not cancelled. */
export const InviteView = Type.Object({
  id: Type.String(),
  email: Type.Union([Type.String(), Type.Null()], { description: 'the address it is for (only that one can accept it); null: anyone with the link' }),
  role: RoleName,
  showroomId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
});
export type InviteView = Static<typeof InviteView>;

export const InviteParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
