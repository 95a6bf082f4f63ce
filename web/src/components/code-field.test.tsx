import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CodeField, isSixDigitCode, normalizeCode } from './code-field';

function renderField(element: ReactElement) {
  return render(<MantineProvider env="test">{element}</MantineProvider>);
}

describe('code field', () => {
  it('offers the code the phone just received, a numeric keyboard, and room for "123 456"', async () => {
    renderField(<CodeField label="Code from the app" error="The code is 6 digits." />);
    const input = screen.getByLabelText('Code from the app');

    expect(input).toHaveAttribute('autocomplete', 'one-time-code');
    expect(input).toHaveAttribute('inputmode', 'numeric');
    expect(input).toHaveAccessibleDescription('The code is 6 digits.');
    await userEvent.setup({ delay: null }).type(input, '123 4567');
    expect(input).toHaveValue('123 456');
    expect(normalizeCode('123 456')).toBe('123456');
    expect(isSixDigitCode(normalizeCode(' 123 456 '))).toBe(true);
    expect(isSixDigitCode('12345a')).toBe(false);
  });

  it('takes a recovery code when asked to: any keyboard, no length cap', () => {
    renderField(<CodeField label="Verification code" acceptsRecoveryCodes />);
    const input = screen.getByLabelText('Verification code');

    expect(input).toHaveAttribute('autocomplete', 'one-time-code');
    expect(input).not.toHaveAttribute('inputmode');
    expect(input).not.toHaveAttribute('maxlength');
  });
});
