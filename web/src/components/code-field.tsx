import { TextInput, type TextInputProps } from '@mantine/core';

/** Six digits, or six digits in two groups as people copy them ("123 456"). */
const GROUPED_CODE_LENGTH = 7;

/** Spaces are how people copy codes ("123 456"); the API wants the bare code. */
export function normalizeCode(input: string): string {
  return input.replace(/\s+/g, '');
}

/** A one-time code from an authenticator app or an email, once spaces are taken out. */
export function isSixDigitCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}

interface CodeFieldProps extends Omit<TextInputProps, 'autoComplete' | 'inputMode' | 'maxLength' | 'spellCheck' | 'autoCapitalize'> {
  /**
   * The field also takes a recovery code (letters, digits and dashes, e.g. on the sign-in step):
   * no numeric keyboard and no length cap then.
   */
  acceptsRecoveryCodes?: boolean;
}

/**
 * The field for a second-factor code, wherever one is asked for (signing in, confirming an
 * authenticator app, starting an impersonation): the browser and phone offer the code they just
 * received (`one-time-code`), a numeric keyboard, and spaces are allowed. Label, description and
 * error come from the caller (`form.field(...)`); read the value through `normalizeCode`.
 */
export function CodeField({ acceptsRecoveryCodes = false, ...props }: CodeFieldProps) {
  return (
    <TextInput
      autoComplete="one-time-code"
      inputMode={acceptsRecoveryCodes ? undefined : 'numeric'}
      maxLength={acceptsRecoveryCodes ? undefined : GROUPED_CODE_LENGTH}
      spellCheck={false}
      autoCapitalize="off"
      {...props}
    />
  );
}
