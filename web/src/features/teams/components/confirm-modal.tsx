import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from '@/components/error-alert';

interface ConfirmModalProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  pending: boolean;
  /** Why the last attempt failed, shown in the dialog so the person can decide what to do next. */
  error: unknown;
  errorTitle: string;
}

/** "Are you sure?" for changes to a team's membership that cannot simply be undone. */
export function ConfirmModal({ opened, title, children, confirmLabel, onConfirm, onClose, pending, error, errorTitle }: ConfirmModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered styles={{ title: { overflowWrap: 'anywhere' } }}>
      <Stack gap="md">
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {children}
        </Text>
        {error !== null && error !== undefined && <ErrorAlert error={error} title={errorTitle} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button color="red.8" onClick={onConfirm} loading={pending} data-autofocus>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
