import { ErrorCode } from '@vantage/contracts';
import { type AppException } from '../common/app-exception';
import {
  assertCallerMayImpersonate,
  assertCanImpersonate,
  assertTeamAllowsImpersonation,
  impersonationBlockReason,
  isStillValid,
  type ImpersonationCaller,
  type ImpersonationTarget,
  type TeamSupportAccess,
} from './impersonation-policy';

const admin: ImpersonationCaller = { id: 'admin', role: 'admin', isTwoFactorEnabled: true, isImpersonating: false };
const superAdmin: ImpersonationCaller = { ...admin, id: 'super', role: 'super_admin' };
const customer: ImpersonationTarget = { id: 'customer', role: 'user', impersonationAllowed: true };
const openTeam: TeamSupportAccess = { policy: 'allowed', grant: null };

function refusal(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as AppException).code;
  }
}

describe('impersonation rules (SPEC §4)', () => {
  it('lets an admin with 2FA impersonate a customer who allows it', () => {
    expect(refusal(() => assertCallerMayImpersonate(admin))).toBeNull();
    expect(refusal(() => assertCanImpersonate(admin, customer))).toBeNull();
  });
  it.each([
    ['a caller without 2FA', { ...admin, isTwoFactorEnabled: false }, ErrorCode.IMPERSONATOR_TWO_FACTOR_DISABLED],
    ['a caller already impersonating', { ...admin, isImpersonating: true }, ErrorCode.IMPERSONATION_NESTED],
    ['a caller who is not an admin', { ...admin, role: 'user' as const }, ErrorCode.FORBIDDEN],
  ])('refuses %s', (_name, caller, code) => {
    expect(refusal(() => assertCallerMayImpersonate(caller))).toBe(code);
  });
  it.each([
    ['a missing target', admin, null, ErrorCode.USER_NOT_FOUND],
    ['oneself', admin, { ...customer, id: 'admin', role: 'admin' as const }, ErrorCode.IMPERSONATION_SELF],
    [
      'a super admin, even for a super admin',
      superAdmin,
      { ...customer, role: 'super_admin' as const },
      ErrorCode.IMPERSONATION_TARGET_SUPER_ADMIN,
    ],
    ['an admin, for an admin', admin, { ...customer, role: 'admin' as const }, ErrorCode.IMPERSONATION_TARGET_ADMIN],
    ['a user who switched impersonation off', admin, { ...customer, impersonationAllowed: false }, ErrorCode.IMPERSONATION_NOT_ALLOWED],
  ])('refuses %s', (_name, caller, target, code) => {
    expect(refusal(() => assertCanImpersonate(caller, target))).toBe(code);
  });
  it('lets a super admin impersonate an admin', () => {
    expect(refusal(() => assertCanImpersonate(superAdmin, { ...customer, role: 'admin' }))).toBeNull();
  });
  describe('staying valid', () => {
    const running = {
      endedAt: null,
      expiresAt: new Date(Date.now() + 60_000),
      impersonatorRole: 'admin' as const,
      impersonationAllowed: true,
    };
    it('holds while nothing changed', () => {
      expect(isStillValid(running)).toBe(true);
    });
    it.each([
      ['it was ended', { ...running, endedAt: new Date() }],
      ['its 30 minutes ran out', { ...running, expiresAt: new Date(Date.now() - 1) }],
      ['the admin lost the admin role', { ...running, impersonatorRole: 'user' as const }],
      ['the admin is gone', { ...running, impersonatorRole: null }],
      ['the user switched support access off', { ...running, impersonationAllowed: false }],
    ])('ends when %s', (_name, state) => {
      expect(isStillValid(state)).toBe(false);
    });
    it('keeps a super admin’s impersonation', () => {
      expect(isStillValid({ ...running, impersonatorRole: 'super_admin' })).toBe(true);
    });
  });
  describe("the team's support access policy (SPEC §10)", () => {
    const mode = (team: TeamSupportAccess, asked?: 'read' | 'write') => {
      try {
        return assertTeamAllowsImpersonation(team, asked);
      } catch (error) {
        return (error as AppException).code;
      }
    };
    it('lets anyone in under allowed, in write mode unless read is asked', () => {
      expect(mode(openTeam)).toBe('write');
      expect(mode(openTeam, 'read')).toBe('read');
    });
    it('refuses every admin under never, even one holding a grant', () => {
      expect(mode({ policy: 'never', grant: null })).toBe(ErrorCode.IMPERSONATION_TEAM_POLICY);
      expect(mode({ policy: 'never', grant: { mode: 'write' } }, 'read')).toBe(ErrorCode.IMPERSONATION_TEAM_POLICY);
    });
    it('refuses an admin without a grant under approval', () => {
      expect(mode({ policy: 'approval', grant: null })).toBe(ErrorCode.IMPERSONATION_APPROVAL_REQUIRED);
      expect(mode({ policy: 'approval', grant: null }, 'read')).toBe(ErrorCode.IMPERSONATION_APPROVAL_REQUIRED);
    });
    it("starts in the grant's mode under approval when none is asked", () => {
      expect(mode({ policy: 'approval', grant: { mode: 'read' } })).toBe('read');
      expect(mode({ policy: 'approval', grant: { mode: 'write' } })).toBe('write');
    });
    it('refuses write under a read grant', () => {
      expect(mode({ policy: 'approval', grant: { mode: 'read' } }, 'write')).toBe(ErrorCode.IMPERSONATION_MODE_NOT_GRANTED);
    });
    it('allows read under a write grant', () => {
      expect(mode({ policy: 'approval', grant: { mode: 'write' } }, 'read')).toBe('read');
    });
  });
  it('explains a disabled button with the same rules', () => {
    expect(impersonationBlockReason(admin, customer, openTeam)).toBeNull();
    expect(impersonationBlockReason(admin, { ...customer, impersonationAllowed: false }, openTeam)).toBe(
      ErrorCode.IMPERSONATION_NOT_ALLOWED,
    );
    expect(impersonationBlockReason({ ...admin, isTwoFactorEnabled: false }, customer, openTeam)).toBe(
      ErrorCode.IMPERSONATOR_TWO_FACTOR_DISABLED,
    );
    expect(impersonationBlockReason(admin, customer, { policy: 'never', grant: null })).toBe(ErrorCode.IMPERSONATION_TEAM_POLICY);
    expect(impersonationBlockReason(admin, customer, { policy: 'approval', grant: null })).toBe(ErrorCode.IMPERSONATION_APPROVAL_REQUIRED);
    expect(impersonationBlockReason(admin, customer, { policy: 'approval', grant: { mode: 'read' } })).toBeNull();
  });
  it("reports the target's rules before the team's", () => {
    expect(impersonationBlockReason(admin, { ...customer, impersonationAllowed: false }, { policy: 'never', grant: null })).toBe(
      ErrorCode.IMPERSONATION_NOT_ALLOWED,
    );
  });
});
