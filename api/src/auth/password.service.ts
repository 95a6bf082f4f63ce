import { Inject, Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { createHash } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/**
 * bcrypt reads only the first 72 bytes, and passwords may be 128 characters (up to 512 bytes).
 * So every password is pre-hashed to a fixed 64-character base64 SHA-384 digest first: no
 * truncation, and no NUL bytes reach bcrypt (the pitfall of feeding it a raw digest).
 */
function prehash(password: string): string {
  return createHash('sha384').update(password, 'utf8').digest('base64');
}

@Injectable()
export class PasswordService {
  /** Compared against when the email is unknown, so both answers take the same time. */
  private readonly dummyHash: Promise<string>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.dummyHash = bcrypt.hash(prehash('vantage-timing-equaliser'), config.bcryptRounds);
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(prehash(password), this.config.bcryptRounds);
  }

  /** Always runs one bcrypt comparison, whether or not there is a hash to compare with. */
  async verify(password: string, hash: string | null | undefined): Promise<boolean> {
    const ok = await bcrypt.compare(prehash(password), hash ?? (await this.dummyHash));
    return Boolean(hash) && ok;
  }
}
