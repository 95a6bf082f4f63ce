import type { SupportAccessPolicy } from '@vantage/contracts';
import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';

/**
 * When an owner tightens the team's support access policy (SPEC §10), the support sessions running in
 * the team that the new policy would not let start must end at once, in the same transaction. The
 * impersonation feature owns those records and sits above teams, so it provides this port
 * (an abstract class: both the type and Nest's injection token).
 */
export abstract class SupportAccessTightening {
  /**
   * Ends, inside `manager`'s transaction and as `by`, the running impersonations in `teamId` that
   * `policy` no longer allows: under `never` all of them, under `approval` those under no access grant.
   */
  abstract endSessionsNotAllowedBy(teamId: string, policy: SupportAccessPolicy, by: AuthContext, manager: EntityManager): Promise<void>;
}
