import { Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ASSISTED_RESET_REASON_MAX_LENGTH, ErrorCode } from '@vantage/contracts';
import { useState, type FormEvent } from 'react';
import { normalizeCode } from '@/components/code-field';
import { hasSecondFactor, StepUpCodeField, stepUpCodeError, StepUpErrorAlert } from '@/components/step-up-code-field';
import { isApiClientError } from '@/lib/api-client';
import { useSignedInUser } from '@/lib/current-user';
import { formatDuration } from '@/lib/format';
import { useStepUp } from '@/lib/step-up';
import { useForm } from '@/lib/use-form';
import { collectErrors, requiredText, tooLongError } from '@/lib/validation';
import { useResetTwoFactor } from '../api/reset-two-factor';

/** Whose two-factor authentication is about to be reset. */
export interface ResetTwoFactorTarget {
  userId: string;
  userName: string;
  userEmail: string;
}

interface ResetTwoFactorDialogProps {
  /** The dialog is closed while null. */
  target: ResetTwoFactorTarget | null;
  onClose: () => void;
}

/**
 * A super admin's assisted reset for someone locked out of their account (lost phone and recovery
 * codes): why — the person is emailed it — and a fresh code of the super admin's own, as for impersonating.
 */
export function ResetTwoFactorDialog({ target, onClose }: ResetTwoFactorDialogProps) {
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={target ? `Reset two-factor for ${target.userName}` : ''}
      size="lg"
      centered
      styles={{ title: { overflowWrap: 'anywhere' } }}
    >
      {/* A fresh form per person: a reason or code typed for one never carries over to the next. */}
      {target && <ResetTwoFactorForm key={target.userId} target={target} onDone={onClose} />}
    </Modal>
  );
}

function validate(values: { reason: string; code: string }) {
  return collectErrors({
    reason: requiredText(values.reason, 'why you are resetting it') ?? tooLongError(values.reason, ASSISTED_RESET_REASON_MAX_LENGTH),
    code: stepUpCodeError(values.code),
  });
}

function ResetTwoFactorForm({ target, onDone }: { target: ResetTwoFactorTarget; onDone: () => void }) {
  const admin = useSignedInUser();
  const reset = useResetTwoFactor();
  const [formError, setFormError] = useState<unknown>(null);
  const stepUp = useStepUp({
    email: admin.email,
    onSend: () => setFormError(null),
    onSendError: setFormError,
    enabled: hasSecondFactor(admin),
  });
  const form = useForm({ initialValues: { reason: '', code: '' }, validate });
  const firstName = target.userName.split(' ')[0] || target.userName;
  const { locked, lockSecondsLeft } = stepUp;

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    reset.mutate(
      { userId: target.userId, reason: form.values.reason.trim(), code: normalizeCode(form.values.code) },
      {
        onSuccess: () => {
          notifications.show({
            color: 'indigo',
            title: 'Two-factor authentication reset',
            message: `${target.userName} now signs in with their password alone, and was emailed your reason. Every session of theirs has ended.`,
          });
          onDone();
        },
        onError: (error) => {
          if (isApiClientError(error) && (error.code === ErrorCode.INVALID_TWO_FACTOR_CODE || error.code === ErrorCode.CODE_ALREADY_USED)) {
            form.setFieldError('code', error.sentence);
            return;
          }
          stepUp.noteWait(error);
          if (!form.applyServerFieldErrors(error)) setFormError(error);
        },
      },
    );
  };

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label={`Reset two-factor for ${target.userName}`}>
      <Stack gap="md">
        <div>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            For {target.userName} ({target.userEmail}), who can no longer sign in with their second factor. Check who you are talking to
            before you do this.
          </Text>
          <List size="sm" spacing={4} mt="xs">
            <List.Item>Their two-factor method, authenticator app and recovery codes are removed.</List.Item>
            <List.Item>Every session of theirs ends; they sign in again with their password alone.</List.Item>
            <List.Item>{firstName} is emailed with your reason, and the audit log records it.</List.Item>
          </List>
        </div>

        <StepUpErrorAlert error={formError} stepUp={stepUp} title="Two-factor was not reset" />

        <Textarea
          {...form.field('reason')}
          label="Why"
          description={`Required. ${firstName} receives it by email. ${form.values.reason.length}/${ASSISTED_RESET_REASON_MAX_LENGTH} characters.`}
          placeholder="e.g. Ticket #5120: lost phone and recovery codes, identity checked by video call"
          required
          data-autofocus
          autosize
          minRows={2}
          maxRows={5}
          maxLength={ASSISTED_RESET_REASON_MAX_LENGTH}
        />

        <StepUpCodeField
          person={admin}
          stepUp={stepUp}
          field={form.field('code')}
          withoutSecondFactor="Turn on two-factor authentication for your own account before resetting anyone else’s."
          autoFocus={false}
        />

        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" color="red.8" loading={reset.isPending} disabled={!hasSecondFactor(admin) || locked}>
            {locked ? `Try again in ${formatDuration(lockSecondsLeft)}` : 'Reset two-factor'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
