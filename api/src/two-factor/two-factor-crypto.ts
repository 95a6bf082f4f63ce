import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CodeHasher, deriveKey, SecretBox } from '../common/secret-box';

/** The keys of the two-factor module, derived once from ENCRYPTION_KEY. */
@Injectable()
export class TwoFactorCrypto {
  private readonly box: SecretBox;
  private readonly hasher: CodeHasher;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.box = new SecretBox(deriveKey(config.encryptionKey, 'totp-secret'));
    this.hasher = new CodeHasher(deriveKey(config.encryptionKey, 'two-factor-code'));
  }

  sealTotpSecret(userId: string, secret: string): string {
    return this.box.seal(secret, `totp:${userId}`);
  }

  openTotpSecret(userId: string, sealed: string): string {
    return this.box.open(sealed, `totp:${userId}`);
  }

  /** `kind` separates email codes of each purpose from recovery codes. */
  hashCode(userId: string, kind: string, code: string): string {
    return this.hasher.hash(kind, userId, code);
  }
}
