import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { generateAuthenticationOptions, generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import {
  ErrorCode,
  PASSKEY_CHALLENGE_MINUTES,
  PASSKEYS_MAX,
  type Passkey,
  type PasskeyAuthenticationOptions,
  type PasskeyList,
  type PasskeyRegistrationOptions,
  type PasskeyTransport,
} from '@vantage/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';
import { AppException } from '../common/app-exception';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailService } from '../mail/mail.service';
import { passkeyAddedMail, passkeyRemovedMail } from '../mail/messages';
import { PasswordConfirmation } from '../users/password-confirmation';
import { TwoFactorLockout } from './lockout.service';
import { type PasskeyRow, PasskeyStore } from './passkey-store';
import type { RegisterPasskeyDto } from './two-factor.dto';
import type { TwoFactorPurpose } from './two-factor.policy';
import { challengeOf, type RelyingParty, relyingPartyOf } from './webauthn';

const TIMEOUT_MS = PASSKEY_CHALLENGE_MINUTES * 60_000;
const TRANSPORTS: readonly PasskeyTransport[] = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'];
const knownTransports = (transports: readonly string[] | undefined): PasskeyTransport[] =>
  (transports ?? []).filter((t): t is PasskeyTransport => (TRANSPORTS as readonly string[]).includes(t));

/**
 * A user's passkeys (SPEC §11): registering (options, then the browser's answer), listing, removing,
 * and the authentication options a sign-in or step-up answers. Checking an assertion is the second
 * factor's one home, TwoFactorService.verifyPasskey.
 */
@Injectable()
export class PasskeysService {
  private readonly relyingParty: RelyingParty;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: PasskeyStore,
    private readonly lockout: TwoFactorLockout,
    private readonly passwordConfirmation: PasswordConfirmation,
    private readonly audit: AuditService,
    private readonly mail: MailService,
  ) {
    this.relyingParty = relyingPartyOf(config.appUrl);
  }

  /** @throws 400 TWO_FACTOR_REQUIRED_FIRST, 400 PASSKEY_LIMIT_REACHED */
  async registrationOptions(auth: AuthContext): Promise<PasskeyRegistrationOptions> {
    this.assertTwoFactorOn(auth);
    const existing = await this.store.credentialsOf(auth.user.id);
    if (existing.length >= PASSKEYS_MAX) throw new AppException(ErrorCode.PASSKEY_LIMIT_REACHED, HttpStatus.BAD_REQUEST);
    const options = await generateRegistrationOptions({
      rpName: this.relyingParty.name,
      rpID: this.relyingParty.id,
      userName: auth.user.email,
      userID: new TextEncoder().encode(auth.user.id),
      userDisplayName: `${auth.user.firstName} ${auth.user.lastName}`.trim() || auth.user.email,
      timeout: TIMEOUT_MS,
      attestationType: 'none',
      // The same authenticator is not registered twice.
      excludeCredentials: existing.map((c) => ({ id: c.credentialId, transports: knownTransports(c.transports) })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    await this.store.issueChallenge(auth.user.id, 'registration', options.challenge);
    return {
      rp: options.rp,
      user: options.user,
      challenge: options.challenge,
      pubKeyCredParams: options.pubKeyCredParams.map((p) => ({ alg: p.alg, type: 'public-key' as const })),
      timeout: options.timeout,
      excludeCredentials: (options.excludeCredentials ?? []).map((c) => ({
        id: c.id,
        type: 'public-key' as const,
        ...(c.transports?.length ? { transports: knownTransports(c.transports) } : {}),
      })),
      authenticatorSelection: options.authenticatorSelection,
      attestation: options.attestation,
    };
  }

  /**
   * Stores the passkey the browser created for a challenge of registrationOptions (taken once), after
   * SimpleWebAuthn verified it is for our rpID and origin. Audited, and the user is emailed.
   *
   * @throws 400 TWO_FACTOR_REQUIRED_FIRST, 400 PASSKEY_CHALLENGE_EXPIRED, 400 PASSKEY_REGISTRATION_REJECTED,
   *   400 PASSKEY_LIMIT_REACHED, 409 PASSKEY_ALREADY_REGISTERED
   */
  async register(auth: AuthContext, dto: RegisterPasskeyDto): Promise<Passkey> {
    this.assertTwoFactorOn(auth);
    const challenge = challengeOf(dto.response.response.clientDataJSON);
    if (!challenge || !(await this.store.takeChallenge(auth.user.id, 'registration', challenge)))
      throw new AppException(ErrorCode.PASSKEY_CHALLENGE_EXPIRED, HttpStatus.BAD_REQUEST);
    const credential = await this.verifiedCredential(dto, challenge);
    const passkey = await this.db.transaction(async (manager) => {
      // Under the user's row lock, so parallel registrations cannot pass the limit together.
      await manager.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [auth.user.id]);
      const [{ count }] = await manager.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM passkeys WHERE user_id = $1`, [
        auth.user.id,
      ]);
      if (count >= PASSKEYS_MAX) throw new AppException(ErrorCode.PASSKEY_LIMIT_REACHED, HttpStatus.BAD_REQUEST);
      const added = await this.store.add({ userId: auth.user.id, name: dto.name, ...credential }, manager);
      if (!added) throw new AppException(ErrorCode.PASSKEY_ALREADY_REGISTERED, HttpStatus.CONFLICT);
      await this.audit.record(
        {
          action: 'two_factor.passkey_added',
          teamId: auth.teamId,
          actor: auth,
          entityType: 'user',
          entityId: auth.user.id,
          details: { passkeyId: added.id, name: added.name },
        },
        manager,
      );
      await this.mail.queue(passkeyAddedMail(auth.user.email, added.name, this.config.appUrl), manager);
      return added;
    });
    return view(passkey);
  }

  async list(auth: AuthContext): Promise<PasskeyList> {
    return { items: (await this.store.list(auth.user.id)).map(view) };
  }

  /** @throws 401 WRONG_PASSWORD, 429 LOGIN_LOCKED, 404 PASSKEY_NOT_FOUND (also another user's passkey) */
  async remove(auth: AuthContext, passkeyId: string, password: string): Promise<void> {
    await this.passwordConfirmation.confirm(auth, password, {
      action: 'two_factor.passkey_remove_refused',
      details: { reason: 'wrong_password', passkeyId },
    });
    await this.db.transaction(async (manager) => {
      const name = await this.store.remove(auth.user.id, passkeyId, manager);
      if (name === null) throw AppException.notFound(ErrorCode.PASSKEY_NOT_FOUND);
      await this.audit.record(
        {
          action: 'two_factor.passkey_removed',
          teamId: auth.teamId,
          actor: auth,
          entityType: 'user',
          entityId: auth.user.id,
          details: { passkeyId, name },
        },
        manager,
      );
      await this.mail.queue(passkeyRemovedMail(auth.user.email, name, this.config.appUrl), manager);
    });
  }

  /**
   * Options for an assertion by one of the caller's passkeys: `login` at the sign-in step, `step_up`
   * when signed in. The challenge is single use, 5 minutes, bound to the caller and the purpose.
   *
   * @throws 409 TWO_FACTOR_NOT_ENABLED, 400 NO_PASSKEYS, 429 TWO_FACTOR_LOCKED
   */
  async authenticationOptions(auth: AuthContext, purpose: TwoFactorPurpose): Promise<PasskeyAuthenticationOptions> {
    if (!auth.user.isTwoFactorEnabled) throw new AppException(ErrorCode.TWO_FACTOR_NOT_ENABLED, HttpStatus.CONFLICT);
    // Pointless during a lock: no assertion would be checked.
    await this.lockout.assertNotLocked(auth.user.id);
    const credentials = await this.store.credentialsOf(auth.user.id);
    if (!credentials.length) throw new AppException(ErrorCode.NO_PASSKEYS, HttpStatus.BAD_REQUEST);
    const options = await generateAuthenticationOptions({
      rpID: this.relyingParty.id,
      timeout: TIMEOUT_MS,
      userVerification: 'preferred',
      allowCredentials: credentials.map((c) => ({ id: c.credentialId, transports: knownTransports(c.transports) })),
    });
    await this.store.issueChallenge(auth.user.id, purpose, options.challenge);
    return {
      challenge: options.challenge,
      timeout: options.timeout,
      rpId: options.rpId,
      allowCredentials: (options.allowCredentials ?? []).map((c) => ({
        id: c.id,
        type: 'public-key' as const,
        ...(c.transports?.length ? { transports: knownTransports(c.transports) } : {}),
      })),
      userVerification: options.userVerification,
    };
  }

  private assertTwoFactorOn(auth: AuthContext): void {
    // A passkey is an additional second factor: email or authenticator-app codes stay the fallback.
    if (!auth.user.isTwoFactorEnabled) throw new AppException(ErrorCode.TWO_FACTOR_REQUIRED_FIRST, HttpStatus.BAD_REQUEST);
  }

  private async verifiedCredential(dto: RegisterPasskeyDto, challenge: string) {
    try {
      const { verified, registrationInfo } = await verifyRegistrationResponse({
        response: dto.response,
        expectedChallenge: challenge,
        expectedOrigin: this.relyingParty.origin,
        expectedRPID: this.relyingParty.id,
        requireUserVerification: false,
      });
      // The credential id signed in the authenticator data must be the one the answer names (and was
      // checked in size): SimpleWebAuthn compares neither, and a longer one would not fit the column.
      if (verified && registrationInfo && registrationInfo.credential.id === dto.response.id) {
        const { credential } = registrationInfo;
        return {
          credentialId: credential.id,
          publicKey: credential.publicKey,
          signCount: credential.counter,
          transports: knownTransports(dto.response.response.transports),
        };
      }
    } catch {
      // Every mismatch (origin, rpID, challenge, malformed attestation) is a refusal, never a 500.
    }
    throw new AppException(ErrorCode.PASSKEY_REGISTRATION_REJECTED, HttpStatus.BAD_REQUEST);
  }
}

function view(row: PasskeyRow): Passkey {
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt?.toISOString() ?? null };
}
