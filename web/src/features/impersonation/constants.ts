/** How long an impersonation lasts (SPEC §4); it cannot be extended. Used in explanations only: the API keeps time. */
export const IMPERSONATION_MINUTES = 30;

/** The API refuses longer reasons. */
export const IMPERSONATION_REASON_MAX_LENGTH = 500;

/** How comments and audit entries written during an impersonation name their author. */
export function supportTeamName(adminName: string): string {
  return `Support team (${adminName})`;
}
