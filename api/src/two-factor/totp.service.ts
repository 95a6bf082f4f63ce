import { Injectable } from '@nestjs/common';
import { generateSecret, generateURI, verify } from 'otplib';
import { toString as renderQrCode } from 'qrcode';
import { TOTP_ISSUER, TOTP_PERIOD_SECONDS } from './two-factor.policy';

/**
 * RFC 6238 through otplib 13. otplib has no replay protection of its own: callers pass the last
 * used step as `afterStep` and record the matched step atomically (see TwoFactorService).
 */
@Injectable()
export class TotpService {
  newSecret(): string {
    return generateSecret();
  }

  otpauthUrl(accountEmail: string, secret: string): string {
    return generateURI({ issuer: TOTP_ISSUER, label: accountEmail, secret });
  }

  /**
   * The otpauth:// URL as a QR code image for an <img> tag. SVG rather than PNG: it scales without
   * blurring and costs a few milliseconds instead of the PNG encoder's hundreds.
   */
  async qrCodeDataUrl(otpauthUrl: string): Promise<string> {
    const svg = await renderQrCode(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  }

  /**
   * The time-step the code belongs to (current step ±1), or null. Steps at or before `afterStep`
   * never match. A malformed token makes otplib throw: that is simply a wrong code.
   */
  async matchStep(secret: string, code: string, afterStep: number | null): Promise<number | null> {
    try {
      const result = await verify({
        secret,
        token: code,
        period: TOTP_PERIOD_SECONDS,
        epochTolerance: TOTP_PERIOD_SECONDS,
        ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
      });
      // The functional API also covers HOTP, whose results carry no time-step.
      return result.valid && 'timeStep' in result ? result.timeStep : null;
    } catch {
      return null;
    }
  }
}
