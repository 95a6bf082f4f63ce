import { Badge } from '@mantine/core';
import type { Role, TeamRole } from '@vantage/contracts';

const ROLE_LABELS: Record<Role, string> = { user: 'User', admin: 'Admin', super_admin: 'Super admin' };
const ROLE_COLORS: Record<Role, string> = { user: 'gray', admin: 'indigo', super_admin: 'grape' };

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}

/** The account's role (support staff or customer). */
export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge variant="light" color={ROLE_COLORS[role]} radius="sm">
      {ROLE_LABELS[role]}
    </Badge>
  );
}

const TEAM_ROLE_LABELS: Record<TeamRole, string> = { owner: 'Owner', member: 'Member' };

export function teamRoleLabel(role: TeamRole): string {
  return TEAM_ROLE_LABELS[role];
}

/** The person's role inside one team. Never narrower than its word (a squeezed table cell would cut it to "ME…"). */
export function TeamRoleBadge({ role }: { role: TeamRole }) {
  return (
    <Badge variant="outline" color={role === 'owner' ? 'indigo' : 'gray'} radius="sm" miw="max-content">
      {TEAM_ROLE_LABELS[role]}
    </Badge>
  );
}
