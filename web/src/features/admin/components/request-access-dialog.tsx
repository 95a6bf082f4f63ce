import { Button, Group, Modal, NativeSelect, Radio, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IMPERSONATION_REASON_MAX_LENGTH, type ImpersonationMode } from '@vantage/contracts';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { ACCESS_DURATION_CHOICES, formatMinutes, MODE_LABELS } from '@/lib/support-access-words';
import { useForm } from '@/lib/use-form';
import { collectErrors, requiredText, tooLongError } from '@/lib/validation';
import { useCreateAccessRequest } from '../api/create-access-request';

/** Whose access is asked for, and in which team. */
export interface AccessRequestTarget {
  userId: string;
  userName: string;
  teamId: string;
  teamName: string;
}

interface RequestAccessDialogProps {
  /** The dialog is closed while null. */
  target: AccessRequestTarget | null;
  onClose: () => void;
}

/** The team's owners approve support access first: the admin says why, how and for how long. */
export function RequestAccessDialog({ target, onClose }: RequestAccessDialogProps) {
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={target ? `Request access to ${target.userName} in ${target.teamName}` : ''}
      size="lg"
      centered
      styles={{ title: { overflowWrap: 'anywhere' } }}
    >
      {/* A fresh form per owner: a reason typed for one never carries over to the next. */}
      {target && <RequestAccessForm key={`${target.userId}:${target.teamId}`} target={target} onDone={onClose} />}
    </Modal>
  );
}

/** An hour: long enough for most tickets, short enough that owners say yes. */
const DEFAULT_DURATION_MINUTES = ACCESS_DURATION_CHOICES.includes(60) ? 60 : ACCESS_DURATION_CHOICES[0];

function validate(values: { reason: string; durationMinutes: string }) {
  return collectErrors({
    reason: requiredText(values.reason, 'why support needs access') ?? tooLongError(values.reason, IMPERSONATION_REASON_MAX_LENGTH),
  });
}

function RequestAccessForm({ target, onDone }: { target: AccessRequestTarget; onDone: () => void }) {
  const createRequest = useCreateAccessRequest();
  const [mode, setMode] = useState<ImpersonationMode>('read');
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({ initialValues: { reason: '', durationMinutes: String(DEFAULT_DURATION_MINUTES) }, validate });
  const firstName = target.userName.split(' ')[0] || target.userName;

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    createRequest.mutate(
      {
        userId: target.userId,
        teamId: target.teamId,
        reason: form.values.reason.trim(),
        mode,
        durationMinutes: Number(form.values.durationMinutes),
      },
      {
        onSuccess: () => {
          notifications.show({
            color: 'indigo',
            title: 'Access requested',
            message: `Request sent to ${target.userName} and the team's owners. You can impersonate once one of them approves it.`,
          });
          onDone();
        },
        onError: (error) => {
          if (!form.applyServerFieldErrors(error)) setFormError(error);
        },
      },
    );
  };

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label={`Request access to ${target.userName}`}>
      <Stack gap="md">
        <Text size="sm">
          {target.teamName}&apos;s owners approve support access first. {firstName} and the team&apos;s owners are emailed your request; any
          of them may approve it, for up to the time you ask, or deny it.
        </Text>

        {formError !== null && <ErrorAlert error={formError} title="Could not request access" />}

        <Textarea
          {...form.field('reason')}
          label="Reason"
          withAsterisk
          description={`${firstName} and the owners read it in the email. ${form.values.reason.length}/${IMPERSONATION_REASON_MAX_LENGTH} characters.`}
          placeholder="e.g. Ticket #4821: the leads import shows the wrong status"
          autosize
          minRows={2}
          maxRows={5}
          maxLength={IMPERSONATION_REASON_MAX_LENGTH}
        />

        <Radio.Group
          label="Access"
          description="Read-only sessions cannot change anything in the account."
          value={mode}
          onChange={(value) => setMode(value === 'write' ? 'write' : 'read')}
        >
          <Stack gap={6} mt={6}>
            <Radio value="read" label={MODE_LABELS.read} />
            <Radio value="write" label={MODE_LABELS.write} />
          </Stack>
        </Radio.Group>

        <NativeSelect
          {...form.field('durationMinutes')}
          label="For how long"
          description="Counted from the approval. Each session within it still needs a fresh code and lasts at most 30 minutes."
          data={ACCESS_DURATION_CHOICES.map((minutes) => ({ value: String(minutes), label: formatMinutes(minutes) }))}
        />

        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={createRequest.isPending}>
            Send request
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
