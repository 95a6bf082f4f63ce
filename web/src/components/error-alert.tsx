import { Alert, type AlertProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { errorSentence } from '@/lib/api-client';
import { AlertIcon } from './icons';

interface ErrorAlertProps extends Omit<AlertProps, 'children' | 'title'> {
  /** Anything thrown by a request; shown as its sentence, never as a raw code. */
  error: unknown;
  title?: string;
  /** Extra words after the sentence, e.g. how long to wait. */
  children?: ReactNode;
}

export function ErrorAlert({ error, title = 'That did not work', children, ...props }: ErrorAlertProps) {
  return (
    <Alert color="red" title={title} icon={<AlertIcon />} role="alert" {...props}>
      {errorSentence(error)}
      {children}
    </Alert>
  );
}
