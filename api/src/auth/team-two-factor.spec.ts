import { ErrorCode } from '@vantage/contracts';
import { type AppException } from '../common/app-exception';
import type { AuthContext } from './auth-context';
import { assertTeamTwoFactorSatisfied, teamRequiringTwoFactorOf, type TeamTwoFactorPolicy } from './team-two-factor';

type Caller = Pick<AuthContext, 'user' | 'impersonation'>;

const withoutTwoFactor = { user: { isTwoFactorEnabled: false }, impersonation: null } as unknown as Caller;
const withTwoFactor = { user: { isTwoFactorEnabled: true }, impersonation: null } as unknown as Caller;
const impersonated = { user: { isTwoFactorEnabled: false }, impersonation: { id: 'impersonation-1' } } as unknown as Caller;
const strict: TeamTwoFactorPolicy = { id: 'team-acme', name: 'Acme', requireTwoFactor: true };
const relaxed: TeamTwoFactorPolicy = { ...strict, requireTwoFactor: false };

describe('team-wide two-factor (SPEC §11)', () => {
  it('refuses someone without 2FA the data of a team that requires it, naming the team', () => {
    expect(teamRequiringTwoFactorOf(withoutTwoFactor, strict)).toEqual({ teamId: 'team-acme', teamName: 'Acme' });
    try {
      assertTeamTwoFactorSatisfied(withoutTwoFactor, strict);
      throw new Error('expected a refusal');
    } catch (error) {
      const refusal = error as AppException;
      expect([refusal.code, refusal.getStatus(), refusal.getResponse()]).toEqual([
        ErrorCode.TEAM_REQUIRES_TWO_FACTOR,
        403,
        expect.objectContaining({ details: { teamId: 'team-acme', teamName: 'Acme' } }),
      ]);
    }
  });

  it('lets in someone whose own 2FA is on', () => {
    expect(teamRequiringTwoFactorOf(withTwoFactor, strict)).toBeNull();
  });

  it('lets in an impersonation: the admin passed 2FA to start it', () => {
    expect(teamRequiringTwoFactorOf(impersonated, strict)).toBeNull();
  });

  it('asks nothing of a team that does not require it, nor of someone with no team', () => {
    expect(teamRequiringTwoFactorOf(withoutTwoFactor, relaxed)).toBeNull();
    expect(teamRequiringTwoFactorOf(withoutTwoFactor, null)).toBeNull();
    expect(() => assertTeamTwoFactorSatisfied(withoutTwoFactor, relaxed)).not.toThrow();
  });
});
