/**
 * Who may do what. Every admin route names one permission; the server checks it with the
 * signed-in user's role, and scopes showroom managers to their own showroom.
 */
export type Role = 'admin' | 'analyst' | 'moderator' | 'showroom_manager';

import type { PermissionName } from '../../shared/admin/session.ts';

/** The names live in src/shared (the dashboard reads them too). */
export type Permission = PermissionName;

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: [
    'insight.read', 'export.read', 'ideas.read', 'ideas.moderate', 'showrooms.read', 'showrooms.list', 'showrooms.write', 'devices.manage',
    'catalog.read', 'catalog.write', 'users.manage', 'audit.read', 'settings.manage',
  ],
  analyst: ['insight.read', 'export.read', 'catalog.read', 'showrooms.read', 'showrooms.list'],
  moderator: ['ideas.read', 'ideas.moderate', 'catalog.read', 'showrooms.list'],
  showroom_manager: ['insight.read', 'showrooms.read', 'showrooms.list', 'devices.manage', 'catalog.read'],
};

export const ROLES = Object.keys(GRANTS) as Role[];

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}

export interface StaffUser {
  id: string;
  email: string;
  role: Role;
  showroomId: string | null;
}

/**
 * The showrooms a user's figures and devices are limited to: null means "all".
 * A showroom manager sees only their own, whatever the request asks for.
 */
export function showroomScope(user: StaffUser, requested: string[] | undefined): string[] | null {
  if (user.role === 'showroom_manager') return [user.showroomId!];
  return requested && requested.length ? requested : null;
}
