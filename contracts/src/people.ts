/** How people are named across the product (API responses, emails, the web app). */

export function fullName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`.trim();
}

export const SUPPORT_TEAM_PREFIX = 'Support team';

/** How comments and audit entries written during an impersonation name their author. */
export function supportTeamName(adminName: string): string {
  return `${SUPPORT_TEAM_PREFIX} (${adminName})`;
}
