import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import { ErrorCode, type PasskeyAssertion } from '@vantage/contracts';
import { AuditService } from '../audit/audit.service';
import { type ActingPerson, personActing } from '../auth/auth-context';
import { AppException } from '../common/app-exception';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailService } from '../mail/mail.service';
import { recoveryCodeUsedMail } from '../mail/messages';
import { AppMetrics } from '../observability/metrics';
import type { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { EmailCodeService } from './email-codes.service';
import { TwoFactorLockout } from './lockout.service';
import { PasskeyStore } from './passkey-store';
import { normaliseRecoveryCode, RecoveryCodeService } from './recovery-codes.service';
import { TotpService } from './totp.service';
import { MAX_FAILED_CODES, type SecondFactorUsed, type TwoFactorPurpose } from './two-factor.policy';
import { TwoFactorCrypto } from './two-factor-crypto';
import { challengeOf, type RelyingParty, relyingPartyOf } from './webauthn';

export type { SecondFactorUsed, TwoFactorPurpose } from './two-factor.policy';

/** Where a verification happens, for the audit entry. Defaults: the user's current team, no IP. */
export interface VerificationContext {
  teamId?: string | null;
  ipAddress?: string | null;
}

const SIX_DIGITS = /^\d{6}$/;

/** A second factor as a request carries it: a code, or a passkey assertion in its place (exactly one). */
export interface SecondFactorProof {
  code?: string;
  passkey?: PasskeyAssertion;
}

/**
 * The one place a second factor is checked — sign-in (`login`) and sensitive actions such as
 * starting an impersonation (`step_up`) — with replay protection, single-use codes and the
 * per-account lockout. Also sends the email code of a login challenge for the sign-in flow.
 */
@Injectable()
export class TwoFactorService {
  private readonly relyingParty: RelyingParty;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly totp: TotpService,
    private readonly crypto: TwoFactorCrypto,
    private readonly emailCodes: EmailCodeService,
    private readonly recoveryCodes: RecoveryCodeService,
    private readonly lockout: TwoFactorLockout,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly metrics: AppMetrics,
    private readonly passkeys: PasskeyStore,
  ) {
    this.relyingParty = relyingPartyOf(config.appUrl);
  }

  /**
   * Checks whichever second factor the request carries: `code` (see verify) or `passkey` (see
   * verifyPasskey). Sign-in and the impersonation step-up call this one method.
   *
   * @throws 400 VALIDATION_FAILED when both or neither are sent, and what verify / verifyPasskey throw
   */
  verifyProof(
    userId: string,
    proof: SecondFactorProof,
    purpose: TwoFactorPurpose,
    context: VerificationContext = {},
  ): Promise<SecondFactorUsed> {
    if (proof.passkey !== undefined && proof.code !== undefined)
      throw AppException.validation([{ field: 'passkey', message: 'send either a code or a passkey, not both' }]);
    if (proof.passkey !== undefined) return this.verifyPasskey(userId, proof.passkey, purpose, context);
    if (proof.code === undefined) throw AppException.validation([{ field: 'code', message: 'is required (or send a passkey instead)' }]);
    return this.verify(userId, proof.code, purpose, context);
  }

  /**
   * Checks a passkey assertion in place of a code, under the same lockout: a locked account is refused
   * before anything is checked, and a failed assertion — not one of this user's passkeys, a wrong
   * signature, origin or rpID, a counter that did not move forward — counts as a wrong code. The
   * challenge it answers is taken first (issued to this user for this purpose, unexpired, once), so a
   * replayed assertion is refused; like a code already used, that does not count as a failure (its
   * signature is not evaluated: nothing was guessed). Accepted: the counter and last use are stored.
   *
   * @throws 401 INVALID_PASSKEY (with attemptsLeft), 400 PASSKEY_CHALLENGE_EXPIRED, 429 TWO_FACTOR_LOCKED,
   *   429 CODE_CHECK_BUSY, 409 TWO_FACTOR_NOT_ENABLED
   */
  async verifyPasskey(
    userId: string,
    assertion: PasskeyAssertion,
    purpose: TwoFactorPurpose,
    context: VerificationContext = {},
  ): Promise<SecondFactorUsed> {
    const { user, attempt } = await this.reserveAttempt(userId);
    if (attempt === 'busy') throw AppException.tooManyRequests(ErrorCode.CODE_CHECK_BUSY, 1);
    const teamId = context.teamId !== undefined ? context.teamId : user.currentTeamId;

    const challenge = challengeOf(assertion.response.clientDataJSON);
    if (!challenge || !(await this.passkeys.takeChallenge(user.id, purpose, challenge))) {
      await this.lockout.release(user.id);
      throw new AppException(ErrorCode.PASSKEY_CHALLENGE_EXPIRED, HttpStatus.BAD_REQUEST);
    }
    if (await this.assertionAccepted(user.id, assertion, challenge)) {
      await this.lockout.reset(user.id);
      return 'passkey';
    }
    return this.failed(user, purpose, attempt.number, teamId, context.ipAddress, ErrorCode.INVALID_PASSKEY);
  }

  /** The assertion is signed by this user's passkey for our rpID and origin, and its counter moved on (recorded). */
  private async assertionAccepted(userId: string, assertion: PasskeyAssertion, challenge: string): Promise<boolean> {
    const credential = await this.passkeys.findCredential(userId, assertion.id);
    if (!credential) return false;
    try {
      const { verified, authenticationInfo } = await verifyAuthenticationResponse({
        response: assertion,
        expectedChallenge: challenge,
        expectedOrigin: this.relyingParty.origin,
        expectedRPID: this.relyingParty.id,
        credential: {
          id: credential.credentialId,
          publicKey: new Uint8Array(credential.publicKey),
          counter: credential.signCount,
          transports: credential.transports,
        },
        // The password was the first factor; the passkey is the possession factor (user presence).
        requireUserVerification: false,
      });
      return verified && (await this.passkeys.recordUse(credential.id, credential.signCount, authenticationInfo.newCounter));
    } catch {
      // SimpleWebAuthn throws for every mismatch (origin, rpID, type, signature, counter, malformed data).
      return false;
    }
  }

  /**
   * The password step passed for a user with 2FA on: answers until when wrong codes keep the account
   * locked (so the second step can say so before a code is typed), else null after sending the
   * login code of the email method. No code is sent during a lock: it could not be used.
   */
  async startLoginChallenge(user: User): Promise<Date | null> {
    const lockedUntil = await this.lockout.lockedUntil(user.id);
    if (lockedUntil) return lockedUntil;
    if (user.twoFactorMethod !== 'email') return null;
    // Signing in again within the resend interval keeps the code just sent (it is still valid).
    await this.emailCodes.send(user, 'login', 'keep');
    return null;
  }

  /**
   * Emails a fresh code. `login`: for a user with email 2FA at the sign-in step. `step_up`: for any
   * user with 2FA on ("email me a code" before a sensitive action).
   *
   * @throws 409 TWO_FACTOR_NOT_ENABLED, 409 EMAIL_CODE_NOT_AVAILABLE (login of an authenticator-app
   *   user), 429 TWO_FACTOR_LOCKED, 429 CODE_RESEND_THROTTLED (Retry-After), 503 MAIL_UNAVAILABLE
   */
  async sendCode(userId: string, purpose: TwoFactorPurpose): Promise<void> {
    const user = await this.findUser(userId);
    if (!user?.isTwoFactorEnabled) throw new AppException(ErrorCode.TWO_FACTOR_NOT_ENABLED, HttpStatus.CONFLICT);
    // An authenticator-app account does not fall back to (weaker) email codes for signing in.
    if (purpose === 'login' && user.twoFactorMethod !== 'email')
      throw new AppException(ErrorCode.EMAIL_CODE_NOT_AVAILABLE, HttpStatus.CONFLICT);
    await this.lockout.assertNotLocked(user.id);
    await this.emailCodes.send(user, purpose, 'refuse');
  }

  /**
   * Checks a code for `userId` and uses it up. Accepts, depending on the account:
   * - a TOTP code (authenticator-app accounts): current step ±1, each step once;
   * - an emailed code of the same purpose (email accounts; for `step_up` any 2FA account);
   * - a recovery code (`login` only).
   * Resolves with what was used. Only WRONG codes count toward the account lockout (SPEC §3): a
   * right code resets it, and a right code that was already used — earlier, or a moment ago by a
   * parallel request carrying the same code — is refused without counting as a failure.
   *
   * @throws 401 INVALID_TWO_FACTOR_CODE, 401 CODE_ALREADY_USED, 429 TWO_FACTOR_LOCKED (Retry-After;
   *   also for the attempt that locks the account), 429 CODE_CHECK_BUSY (the attempts allowed are
   *   all being checked by parallel requests), 409 TWO_FACTOR_NOT_ENABLED
   */
  async verify(userId: string, code: string, purpose: TwoFactorPurpose, context: VerificationContext = {}): Promise<SecondFactorUsed> {
    const typed = typeof code === 'string' ? code.trim() : '';
    const { user, attempt } = await this.reserveAttempt(userId);
    if (attempt === 'busy') {
      // No attempt may be evaluated now. Saying "already used" tells nothing about any code that
      // could still sign in; every other code is simply asked to wait.
      if (await this.isUsedCode(user, typed, purpose)) throw AppException.unauthorized(ErrorCode.CODE_ALREADY_USED);
      throw AppException.tooManyRequests(ErrorCode.CODE_CHECK_BUSY, 1);
    }
    const teamId = context.teamId !== undefined ? context.teamId : user.currentTeamId;
    // A second factor is proved by its owner in person (an admin's step-up included), never as "Support team".
    const actor = personActing(user);

    const outcome = await this.check(user, typed, purpose);
    if (outcome === 'already_used') {
      await this.lockout.release(user.id);
      throw AppException.unauthorized(ErrorCode.CODE_ALREADY_USED);
    }
    if (outcome) {
      // A TOTP code reset the count in the same UPDATE that recorded its step.
      if (outcome !== 'totp') await this.lockout.reset(user.id);
      if (outcome === 'recovery') await this.recoveryCodeUsed(user, actor, teamId, context.ipAddress);
      return outcome;
    }

    return this.failed(user, purpose, attempt.number, teamId, context.ipAddress, ErrorCode.INVALID_TWO_FACTOR_CODE);
  }

  /**
   * A wrong code or a failed passkey assertion: its attempt stays counted (locking the account when it
   * completes the run), audited and counted in the metrics.
   */
  private async failed(
    user: User,
    purpose: TwoFactorPurpose,
    attemptNumber: number,
    teamId: string | null,
    ipAddress: string | null | undefined,
    refusal: typeof ErrorCode.INVALID_TWO_FACTOR_CODE | typeof ErrorCode.INVALID_PASSKEY,
  ): Promise<never> {
    // A second factor is proved by its owner in person (an admin's step-up included), never as "Support team".
    const actor = personActing(user);
    const lockedNow = await this.lockout.failed(user.id);
    this.metrics.twoFactorFailures.inc({ purpose });
    await this.audit.record({
      action: 'two_factor.failed',
      teamId,
      actor,
      entityType: 'user',
      entityId: user.id,
      details: { purpose, attempt: attemptNumber, ...(refusal === ErrorCode.INVALID_PASSKEY ? { factor: 'passkey' } : {}) },
      ipAddress,
    });
    if (lockedNow) {
      this.metrics.twoFactorLockouts.inc();
      await this.audit.record({ action: 'two_factor.locked', teamId, actor, entityType: 'user', entityId: user.id, ipAddress });
      throw this.lockout.lockedNow();
    }
    // Said before the lock comes, so a person typing codes from a slow authenticator can stop in time.
    throw new AppException(refusal, HttpStatus.UNAUTHORIZED, undefined, {
      attemptsLeft: Math.max(0, MAX_FAILED_CODES - attemptNumber),
    });
  }

  /** Uses the code up if it is right and unused; `already_used` if it is right but used; null if it is wrong. */
  private async check(user: User, code: string, purpose: TwoFactorPurpose): Promise<SecondFactorUsed | 'already_used' | null> {
    if (SIX_DIGITS.test(code)) {
      const totp = user.twoFactorMethod === 'totp' ? await this.useTotpCode(user, code) : 'wrong';
      if (totp === 'used_now') return 'totp';
      const emailCodesApply = user.twoFactorMethod === 'email' || purpose === 'step_up';
      if (emailCodesApply && (await this.emailCodes.consume(user.id, purpose, code))) return 'email';
      if (totp === 'already_used') return 'already_used';
      if (emailCodesApply && (await this.emailCodes.wasUsed(user.id, purpose, code))) return 'already_used';
      return null;
    }
    const recoveryCode = purpose === 'login' ? normaliseRecoveryCode(code) : null;
    if (!recoveryCode) return null;
    if (await this.recoveryCodes.consume(user.id, recoveryCode)) return 'recovery';
    return (await this.recoveryCodes.wasUsed(user.id, recoveryCode)) ? 'already_used' : null;
  }

  /** Whether the code is a right one that is used up, without using anything (see the busy case of verify). */
  private async isUsedCode(user: User, code: string, purpose: TwoFactorPurpose): Promise<boolean> {
    if (SIX_DIGITS.test(code)) {
      if (user.twoFactorMethod === 'totp' && user.totpSecretEncrypted) {
        const step = await this.totp.matchStep(this.crypto.openTotpSecret(user.id, user.totpSecretEncrypted), code, null);
        const lastUsed = step === null ? null : await this.users.totpLastUsedStep(user.id);
        if (step !== null && lastUsed !== null && step <= lastUsed) return true;
      }
      const emailCodesApply = user.twoFactorMethod === 'email' || purpose === 'step_up';
      return emailCodesApply && this.emailCodes.wasUsed(user.id, purpose, code);
    }
    const recoveryCode = purpose === 'login' ? normaliseRecoveryCode(code) : null;
    return recoveryCode !== null && this.recoveryCodes.wasUsed(user.id, recoveryCode);
  }

  /**
   * A TOTP code belongs to a time-step of the window (±1). It is good if this request is the one
   * that records that step as used: the guarded UPDATE lets exactly one of several parallel
   * requests carrying the same code through, and resets the lockout count (a right code). A code of
   * a step already recorded — by an earlier sign-in or a parallel request — is right but used.
   */
  private async useTotpCode(user: User, code: string): Promise<'used_now' | 'already_used' | 'wrong'> {
    if (!user.totpSecretEncrypted) return 'wrong';
    const secret = this.crypto.openTotpSecret(user.id, user.totpSecretEncrypted);
    const step = await this.totp.matchStep(secret, code, null);
    if (step === null) return 'wrong';
    return (await this.users.useTotpStep(user.id, step)) ? 'used_now' : 'already_used';
  }

  /** A recovery code is a last resort: the user hears about every use, with the count left. */
  private async recoveryCodeUsed(user: User, actor: ActingPerson, teamId: string | null, ip?: string | null): Promise<void> {
    const remaining = await this.recoveryCodes.remaining(user.id);
    await this.audit.record({
      action: 'two_factor.recovery_code_used',
      teamId,
      actor,
      entityType: 'user',
      entityId: user.id,
      details: { remaining },
      ipAddress: ip,
    });
    await this.mail.queue(recoveryCodeUsedMail(user.email, remaining, this.config.appUrl));
  }

  /**
   * The user, with an attempt reserved under the lockout before any code or passkey is checked.
   * Usually one statement does both; when none was reserved the user is read on their own to say why
   * (2FA off → 409, locked → 429, busy), as if the request came a moment later.
   */
  private async reserveAttempt(userId: string): Promise<{ user: User; attempt: Awaited<ReturnType<TwoFactorLockout['reserveAttempt']>> }> {
    const reserved = await this.lockout.reserveAttemptOf(userId);
    if (reserved) return reserved;
    const user = await this.findUser(userId);
    if (!user?.isTwoFactorEnabled) throw new AppException(ErrorCode.TWO_FACTOR_NOT_ENABLED, HttpStatus.CONFLICT);
    return { user, attempt: await this.lockout.reserveAttempt(user.id) };
  }

  private findUser(userId: string): Promise<User | null> {
    return this.users.findById(userId);
  }
}
