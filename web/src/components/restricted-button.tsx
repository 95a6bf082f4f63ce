import { Button, Tooltip, VisuallyHidden, type ButtonProps } from '@mantine/core';
import type { Restriction } from '@vantage/contracts';
import { useId, type MouseEventHandler, type ReactNode } from 'react';

interface RestrictedButtonProps extends ButtonProps {
  /** `useRestriction(action)`: while set, the button does nothing and says why. */
  restriction: Restriction | null;
  onClick: MouseEventHandler<HTMLButtonElement>;
  children: ReactNode;
}

/**
 * A button for an action the API may refuse right now (a read-only support session): while it would,
 * the button stays focusable but does nothing, and its description and tooltip give the API's sentence,
 * so keyboard and screen-reader users learn why too.
 */
export function RestrictedButton({ restriction, onClick, children, ...buttonProps }: RestrictedButtonProps) {
  const reasonId = useId();
  if (!restriction) {
    return (
      <Button {...buttonProps} onClick={onClick}>
        {children}
      </Button>
    );
  }
  return (
    <Tooltip label={restriction.message} multiline w={260} withArrow>
      <Button {...buttonProps} data-disabled aria-disabled="true" aria-describedby={reasonId} onClick={(event) => event.preventDefault()}>
        {children}
        <VisuallyHidden id={reasonId}>{restriction.message}</VisuallyHidden>
      </Button>
    </Tooltip>
  );
}
