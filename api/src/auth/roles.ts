import type { Role } from '@vantage/contracts';

/**
 * The order of roles, in one place: a higher rank may do everything a lower one may. The
 * impersonation rules and role changes (which end impersonations started under the old rank) read it.
 */
export const ROLE_RANK: Readonly<Record<Role, number>> = { user: 0, admin: 1, super_admin: 2 };

export function isAdminRole(role: Role | null | undefined): boolean {
  return role !== null && role !== undefined && ROLE_RANK[role] >= ROLE_RANK.admin;
}
