import { Type, type Static } from 'typebox';
import { SafeText } from '../text.ts';

export const Email = SafeText({ minLength: 3, maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' });
export const Password = Type.String({ minLength: 10, maxLength: 200 });

export const SignIn = Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export type SignIn = Static<typeof SignIn>;

export const AcceptInvite = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100 }), email: Email, password: Password }, { additionalProperties: false });
export type AcceptInvite = Static<typeof AcceptInvite>;

export const ChangePassword = Type.Object({ current: Type.String({ minLength: 1, maxLength: 200 }), next: Password }, { additionalProperties: false });
export type ChangePassword = Static<typeof ChangePassword>;

export const RoleName = Type.Union([Type.Literal('admin'), Type.Literal('analyst'), Type.Literal('moderator'), Type.Literal('showroom_manager')]);

/** What a role may do (src/server/auth/policy.ts grants them; the dashboard hides what a role may not). */
export type PermissionName =
  | 'insight.read' | 'export.read' | 'ideas.read' | 'ideas.moderate' | 'showrooms.read' | 'showrooms.list' | 'showrooms.write' | 'devices.manage'
  | 'catalog.read' | 'catalog.write' | 'users.manage' | 'audit.read' | 'settings.manage';

export const Me = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: RoleName,
  showroomId: Type.Union([Type.String(), Type.Null()]),
  permissions: Type.Array(Type.String()),
});
export type Me = Static<typeof Me>;
