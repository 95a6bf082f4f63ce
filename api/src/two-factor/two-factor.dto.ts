import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Equals, IsBoolean, IsIn, IsString, Matches, ValidateIf } from 'class-validator';
import {
  PASSKEY_NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  type AuthenticateRequest,
  type PasskeyAssertion,
  type PasskeyRegistrationResponse,
  type RegisterPasskeyRequest,
  type RemovePasskeyRequest,
  type DisableTwoFactorRequest,
  type EnableTwoFactorRequest,
  type NewRecoveryCodesRequest,
  type TwoFactorMethod,
} from '@vantage/contracts';
import { CurrentPasswordField, NameField } from '../common/fields';
import { WebAuthnResponseField } from './webauthn';

/** People paste codes with spaces ("123 456"); the spaces are not part of the code. */
const withoutSpaces = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\s+/g, '') : value);

const SIX_DIGITS = /^\d{6}$/;
/** A recovery code as shown (`xxxx-xxxx-xxxx`), in any case, dashes optional. */
const SIX_DIGITS_OR_RECOVERY_CODE = /^(\d{6}|[A-Za-z2-9]{4}-?[A-Za-z2-9]{4}-?[A-Za-z2-9]{4})$/;

/**
 * A second-factor code in a request body: six digits, or with `allowRecoveryCode` a recovery code.
 * Anything else (numbers, arrays, 5 or 7 digits) is a 400 before it reaches the lockout.
 */
export function TwoFactorCodeField(options: { allowRecoveryCode: boolean }): PropertyDecorator {
  return (target, key) => {
    Transform(withoutSpaces)(target, key);
    IsString()(target, key);
    Matches(options.allowRecoveryCode ? SIX_DIGITS_OR_RECOVERY_CODE : SIX_DIGITS, {
      message: options.allowRecoveryCode ? 'must be a 6-digit code or a recovery code' : 'must be a 6-digit code',
    })(target, key);
  };
}

/** `passkey`: an assertion (WebAuthn JSON) for the options of POST /api/2fa/passkey-options. */
export const PASSKEY_ASSERTION_PROPERTY = {
  type: 'object',
  additionalProperties: true,
  description:
    'A passkey assertion in place of a code: what @simplewebauthn/browser startAuthentication() answered ({id,rawId,type,response:{clientDataJSON,authenticatorData,signature,userHandle?},clientExtensionResults,authenticatorAttachment?})',
} as const;

/** A code, or a passkey assertion in its place: exactly one (the service refuses both). */
export function PasskeyAssertionField(): PropertyDecorator {
  return (target, key) => {
    ValidateIf((dto: { passkey?: unknown }) => dto.passkey !== undefined)(target, key);
    WebAuthnResponseField('assertion')(target, key);
  };
}

export class AuthenticateDto implements AuthenticateRequest {
  @ApiPropertyOptional({
    description: 'The 6-digit code from the authenticator app or the email, or a recovery code (required unless `passkey` is sent)',
    example: '123456',
  })
  @ValidateIf((dto: AuthenticateDto) => dto.passkey === undefined || dto.code !== undefined)
  @TwoFactorCodeField({ allowRecoveryCode: true })
  code?: string;

  @ApiPropertyOptional(PASSKEY_ASSERTION_PROPERTY)
  @PasskeyAssertionField()
  passkey?: PasskeyAssertion;
}

export class EnableTwoFactorDto implements EnableTwoFactorRequest {
  @ApiProperty({ enum: [true], description: 'Always true here; DELETE /api/user/two-factor turns two-factor off' })
  @IsBoolean()
  @Equals(true, { message: 'must be true (to turn two-factor off, use DELETE /api/user/two-factor)' })
  enabled: true;

  @ApiProperty({ enum: ['email', 'totp'] })
  @IsIn(['email', 'totp'], { message: 'must be "email" or "totp"' })
  method: TwoFactorMethod;

  @ApiPropertyOptional({ description: 'With method "totp": a code from the app, confirming the setup', example: '123456' })
  @ValidateIf((dto: EnableTwoFactorDto) => dto.method === 'totp' || dto.code !== undefined)
  @TwoFactorCodeField({ allowRecoveryCode: false })
  code?: string;
}

export class DisableTwoFactorDto implements DisableTwoFactorRequest {
  @ApiProperty({ description: 'The account password', maxLength: PASSWORD_MAX_LENGTH })
  @CurrentPasswordField()
  password: string;
}

export class NewRecoveryCodesDto implements NewRecoveryCodesRequest {
  @ApiProperty({ description: 'The account password', maxLength: PASSWORD_MAX_LENGTH })
  @CurrentPasswordField()
  password: string;
}

export class RegisterPasskeyDto implements RegisterPasskeyRequest {
  @ApiProperty({ description: 'A name the person recognises the passkey by, e.g. "Work laptop"', maxLength: PASSKEY_NAME_MAX_LENGTH })
  @NameField(PASSKEY_NAME_MAX_LENGTH)
  name: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'What @simplewebauthn/browser startRegistration() answered for the options of POST /api/user/passkeys/options ({id,rawId,type,response:{clientDataJSON,attestationObject,transports?,…},clientExtensionResults,authenticatorAttachment?})',
  })
  @WebAuthnResponseField('attestation')
  response: PasskeyRegistrationResponse;
}

export class RemovePasskeyDto implements RemovePasskeyRequest {
  @ApiProperty({ description: 'The account password', maxLength: PASSWORD_MAX_LENGTH })
  @CurrentPasswordField()
  password: string;
}
