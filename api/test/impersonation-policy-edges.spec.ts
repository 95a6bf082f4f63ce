import { ErrorCode } from '@vantage/contracts';
import { type AppException } from '../src/common/app-exception';
import { assertCallerMayImpersonate, type ImpersonationCaller, isStillValid } from '../src/auth/impersonation-policy';

/**
 * Edges of the impersonation rules (SPEC §4) that src/auth/impersonation-policy.spec.ts leaves
 * open and no HTTP test can reach: the order of the caller rules, and the exact end of the
 * 30 minutes (with a fixed clock, never the real one).
 */
describe('impersonation rules: edges (SPEC §4)', () => {
  const admin: ImpersonationCaller = { id: 'admin', role: 'admin', isTwoFactorEnabled: true, isImpersonating: false };
  const refusal = (fn: () => void): string | null => {
    try {
      fn();
      return null;
    } catch (error) {
      return (error as AppException).code;
    }
  };

  it('inside a customer’s account the caller is the customer: starting another is IMPERSONATION_NESTED, not FORBIDDEN', () => {
    expect(refusal(() => assertCallerMayImpersonate({ ...admin, role: 'user', isImpersonating: true }))).toBe(
      ErrorCode.IMPERSONATION_NESTED,
    );
    expect(refusal(() => assertCallerMayImpersonate({ ...admin, isTwoFactorEnabled: false, isImpersonating: true }))).toBe(
      ErrorCode.IMPERSONATION_NESTED,
    );
  });

  it('a running impersonation ends at its expiry time exactly, not a moment later', () => {
    const expiresAt = new Date('2026-01-01T12:30:00.000Z');
    const running = { endedAt: null, expiresAt, impersonatorRole: 'admin' as const, impersonationAllowed: true };
    expect(isStillValid(running, expiresAt.getTime() - 1)).toBe(true);
    expect(isStillValid(running, expiresAt.getTime())).toBe(false);
    expect(isStillValid(running, expiresAt.getTime() + 1)).toBe(false);
  });
});
