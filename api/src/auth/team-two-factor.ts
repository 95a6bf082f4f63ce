import { CanActivate, ExecutionContext, HttpStatus, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode, type TeamRequiringTwoFactor } from '@vantage/contracts';
import { AppException } from '../common/app-exception';
import type { AuthContext } from './auth-context';

/** A team as this rule needs it: which one, and whether its owners require 2FA of its members. */
export interface TeamTwoFactorPolicy {
  id: string;
  name: string;
  requireTwoFactor: boolean;
}

/**
 * Team-wide two-factor (SPEC §11), the one rule: a team that requires 2FA shows its data only to
 * people whose own 2FA is on. An impersonation satisfies it (the admin passed 2FA to start). Answers
 * the team that refuses the caller, or null when the caller may see the team's data.
 */
export function teamRequiringTwoFactorOf(
  auth: Pick<AuthContext, 'user' | 'impersonation'>,
  team: TeamTwoFactorPolicy | null,
): TeamRequiringTwoFactor | null {
  if (!team?.requireTwoFactor || auth.user.isTwoFactorEnabled || auth.impersonation) return null;
  return { teamId: team.id, teamName: team.name };
}

/** 403 TEAM_REQUIRES_TWO_FACTOR naming the team, so the web app can send the person to set 2FA up. */
export function assertTeamTwoFactorSatisfied(auth: Pick<AuthContext, 'user' | 'impersonation'>, team: TeamTwoFactorPolicy | null): void {
  const requiring = teamRequiringTwoFactorOf(auth, team);
  if (requiring) {
    throw new AppException(ErrorCode.TEAM_REQUIRES_TWO_FACTOR, HttpStatus.FORBIDDEN, undefined, { details: requiring });
  }
}

/** The current team, as the request's session query loaded it, refusing the caller or not. */
export function currentTeamRequiringTwoFactor(auth: AuthContext): TeamRequiringTwoFactor | null {
  return teamRequiringTwoFactorOf(auth, auth.team);
}

const CURRENT_TEAM_DATA = Symbol('currentTeamData');

/**
 * Marks a route (or a controller) that serves the current team's data: businesses, leads, their
 * comments, the audit log. TeamTwoFactorGuard holds it to team-wide two-factor. Routes naming a
 * team in their path (members, invitations) apply the same rule where they check membership.
 */
export const CurrentTeamData = () => SetMetadata(CURRENT_TEAM_DATA, true);

/** Whether a route serves the current team's data; the OpenAPI document lists the refusal from here. */
export function isCurrentTeamData(handler: object, controller: object): boolean {
  return (Reflect.getMetadata(CURRENT_TEAM_DATA, handler) ?? Reflect.getMetadata(CURRENT_TEAM_DATA, controller)) === true;
}

/**
 * Global guard (after JwtTwoFactorGuard): a @CurrentTeamData() route answers 403
 * TEAM_REQUIRES_TWO_FACTOR to someone without 2FA whose current team requires it. The team's flag
 * and the user's 2FA state come from the request's one session query; nothing more is read.
 */
@Injectable()
export class TeamTwoFactorGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.reflector.getAllAndOverride<boolean>(CURRENT_TEAM_DATA, [context.getHandler(), context.getClass()])) return true;
    const auth = context.switchToHttp().getRequest<{ auth?: AuthContext }>().auth;
    if (auth) assertTeamTwoFactorSatisfied(auth, auth.team);
    return true;
  }
}
