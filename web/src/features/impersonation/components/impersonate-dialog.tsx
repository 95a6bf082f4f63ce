import { Alert, Anchor, Button, Group, List, Modal, Radio, Stack, Text, Textarea } from '@mantine/core';
import {
  ErrorCode,
  fullName,
  IMPERSONATION_MINUTES,
  IMPERSONATION_REASON_MAX_LENGTH,
  messageForErrorCode,
  supportTeamName,
  type ImpersonationMode,
} from '@vantage/contracts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { normalizeCode } from '@/components/code-field';
import { KeyIcon } from '@/components/icons';
import { hasSecondFactor, StepUpCodeField, stepUpCodeError, StepUpErrorAlert } from '@/components/step-up-code-field';
import { paths } from '@/config/paths';
import { isApiClientError } from '@/lib/api-client';
import { useSignedInUser } from '@/lib/current-user';
import { formatDuration } from '@/lib/format';
import { browserSupportsPasskeys, isPasskeyProblem, preloadPasskeys, readyPasskeyOptions } from '@/lib/passkeys';
import { useStepUp } from '@/lib/step-up';
import { useForm } from '@/lib/use-form';
import { useStartImpersonation, useStepUpPasskeyOptions } from '../api/start-impersonation';

/** Who is about to be impersonated, and in which team. */
export interface ImpersonationTarget {
  userId: string;
  userName: string;
  userEmail: string;
  teamId: string;
  teamName: string;
  /** The mode of the admin's approved access to this owner, when the team approves support access first. */
  grantedMode?: ImpersonationMode | null;
}

interface ImpersonateDialogProps {
  /** The owner to impersonate; the dialog is closed while null. */
  target: ImpersonationTarget | null;
  onClose: () => void;
  /**
   * The API refused for a reason that lives in the data (the user switched support access off, the
   * user is gone…): the list that offered the button is out of date.
   */
  onRefusedByRules?: () => void;
  /**
   * The impersonation has started and the app is on its way to the user's workspace. The page that
   * hosted the dialog is no longer the admin's; it should stop showing admin content right away.
   */
  onStarted?: (target: ImpersonationTarget) => void;
}

/**
 * Starts an impersonation after a fresh second factor — the admin's passkey when they have one (offered
 * first, the code as the alternative), else a code — and the admin then lands in the user's workspace.
 */
export function ImpersonateDialog({ target, onClose, onRefusedByRules, onStarted }: ImpersonateDialogProps) {
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={target ? `Impersonate ${target.userName} in ${target.teamName}` : ''}
      size="lg"
      centered
    >
      {target && (
        // A fresh form per target: a code typed for one user never carries over to the next.
        <ImpersonateForm
          key={`${target.userId}:${target.teamId}`}
          target={target}
          onCancel={onClose}
          onRefusedByRules={onRefusedByRules}
          onStarted={onStarted}
        />
      )}
    </Modal>
  );
}

/** How the admin confirms: the browser's passkey prompt, or a code typed in the dialog. */
type ConfirmWith = 'passkey' | 'code';

function validate(values: { code: string; reason: string }, confirmWith: ConfirmWith) {
  const errors: { code?: string; reason?: string } = {};
  const codeError = confirmWith === 'code' ? stepUpCodeError(values.code) : undefined;
  if (codeError) errors.code = codeError;
  if (values.reason.trim().length > IMPERSONATION_REASON_MAX_LENGTH) {
    errors.reason = `Keep the reason to ${IMPERSONATION_REASON_MAX_LENGTH} characters or fewer.`;
  }
  return errors;
}

/** Refusals that say something about the target or the list rather than about this attempt. */
const REFUSALS_FROM_DATA = new Set<string>([
  ErrorCode.IMPERSONATION_NOT_ALLOWED,
  ErrorCode.IMPERSONATION_TARGET_ADMIN,
  ErrorCode.IMPERSONATION_TARGET_SUPER_ADMIN,
  ErrorCode.IMPERSONATION_TEAM_INVALID,
  ErrorCode.USER_NOT_FOUND,
  ErrorCode.IMPERSONATION_TEAM_POLICY,
  ErrorCode.IMPERSONATION_APPROVAL_REQUIRED,
  ErrorCode.IMPERSONATION_MODE_NOT_GRANTED,
]);

interface ImpersonateFormProps {
  target: ImpersonationTarget;
  onCancel: () => void;
  onRefusedByRules?: () => void;
  onStarted?: (target: ImpersonationTarget) => void;
}

function ImpersonateForm({ target, onCancel, onRefusedByRules, onStarted }: ImpersonateFormProps) {
  const admin = useSignedInUser();
  const navigate = useNavigate();
  const start = useStartImpersonation();
  const [formError, setFormError] = useState<unknown>(null);
  const stepUp = useStepUp({
    email: admin.email,
    onSend: () => setFormError(null),
    onSendError: setFormError,
    enabled: hasSecondFactor(admin),
  });
  // Until the admin picks the code, a passkey comes first whenever they have one that this browser can use.
  const [chosen, setChosen] = useState<ConfirmWith | null>(null);
  const passkeyOffered = stepUp.passkeys > 0 && browserSupportsPasskeys();
  const confirmWith: ConfirmWith = chosen ?? (passkeyOffered ? 'passkey' : 'code');
  const form = useForm({ initialValues: { code: '', reason: '' }, validate: (values) => validate(values, confirmWith) });
  const passkeyOptions = useStepUpPasskeyOptions({ enabled: confirmWith === 'passkey' && !stepUp.locked });

  useEffect(() => {
    if (passkeyOffered) preloadPasskeys();
  }, [passkeyOffered]);

  // The way to confirm changes under the focus: the admin picked the other one, or the passkey count
  // arrived after the dialog opened with the focus in the code field, which is then gone. The focus
  // follows to the new way's control instead of falling out of the dialog.
  const confirmRef = useRef<HTMLButtonElement>(null);
  const shownWith = useRef(confirmWith);
  useEffect(() => {
    if (shownWith.current === confirmWith) return;
    shownWith.current = confirmWith;
    if (confirmWith === 'code') form.formRef.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus();
    else if (chosen === 'passkey' || !form.formRef.current?.contains(document.activeElement)) confirmRef.current?.focus();
  }, [confirmWith, chosen, form.formRef]);
  // A read-only grant allows only read-only sessions; otherwise the admin chooses, and the API's default is write.
  const readOnlyGrant = target.grantedMode === 'read';
  const [mode, setMode] = useState<ImpersonationMode>(readOnlyGrant ? 'read' : 'write');

  const adminName = fullName(admin) || admin.email;
  const firstName = target.userName.split(' ')[0] || target.userName;
  const canConfirm = hasSecondFactor(admin);
  const { locked, lockSecondsLeft } = stepUp;

  const switchTo = (next: ConfirmWith) => {
    setFormError(null);
    setChosen(next);
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    const reason = form.values.reason.trim();
    const secondFactor =
      confirmWith === 'passkey'
        ? { withPasskey: true as const, options: readyPasskeyOptions(passkeyOptions) }
        : { code: normalizeCode(form.values.code) };
    start.mutate(
      { userId: target.userId, teamId: target.teamId, ...secondFactor, mode, ...(reason ? { reason } : {}) },
      {
        onSuccess: () => {
          onStarted?.(target);
          void navigate(paths.home);
        },
        onError: (error) => {
          // A challenge is spent by any try: have the next one ready.
          if (confirmWith === 'passkey') void passkeyOptions.refetch();
          if (isPasskeyProblem(error)) {
            setFormError(error);
            return;
          }
          if (isApiClientError(error) && (error.code === ErrorCode.INVALID_TWO_FACTOR_CODE || error.code === ErrorCode.CODE_ALREADY_USED)) {
            form.setFieldError('code', error.sentence);
            return;
          }
          stepUp.noteWait(error);
          if (isApiClientError(error) && REFUSALS_FROM_DATA.has(error.code)) onRefusedByRules?.();
          if (!form.applyServerFieldErrors(error)) setFormError(error);
        },
      },
    );
  };

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label={`Impersonate ${target.userName}`}>
      <Stack gap="md">
        <div>
          <Text size="sm">
            You will use Vantage as {target.userName} ({target.userEmail}), in {target.teamName}, for {IMPERSONATION_MINUTES} minutes.
          </Text>
          <List size="sm" spacing={4} mt="xs">
            <List.Item>
              {mode === 'read'
                ? `You see what ${firstName} sees, and can change nothing.`
                : `You see and can do exactly what ${firstName} can.`}
            </List.Item>
            <List.Item>
              {mode === 'read' ? (
                <>Every page you open is recorded, and {firstName} can see the list.</>
              ) : (
                <>
                  Everything you write or change is shown as <strong>{supportTeamName(adminName)}</strong> and kept in the audit log.
                </>
              )}
            </List.Item>
            <List.Item>{firstName} is emailed that support accessed the account, with your reason.</List.Item>
            <List.Item>
              Your own session in this browser ends now; <em>Return to my account</em> brings you back. The session cannot be extended.
            </List.Item>
          </List>
        </div>

        <Radio.Group
          label="Access"
          description={
            readOnlyGrant
              ? `${target.teamName}'s owners approved read-only access: the session is read-only.`
              : 'Read-only sessions cannot change anything in the account.'
          }
          value={mode}
          onChange={(value) => setMode(value === 'read' ? 'read' : 'write')}
        >
          <Group gap="lg" mt={6}>
            <Radio value="read" label="Read-only" />
            <Radio value="write" label="Read and write" disabled={readOnlyGrant} />
          </Group>
        </Radio.Group>

        {isPasskeyProblem(formError) ? (
          <Alert
            color={formError.kind === 'cancelled' ? 'gray' : 'red'}
            role={formError.kind === 'cancelled' ? 'status' : 'alert'}
            title={formError.kind === 'cancelled' ? 'The impersonation has not started' : 'The passkey did not work'}
          >
            {formError.sentence}
          </Alert>
        ) : (
          <StepUpErrorAlert error={formError} stepUp={stepUp} title="Could not start the impersonation" />
        )}

        {confirmWith === 'passkey' ? (
          <Stack gap={4} align="flex-start">
            <Text size="sm" fw={500}>
              Confirm with your passkey
            </Text>
            <Text size="sm" c="dimmed">
              Your browser asks for your fingerprint, face, device PIN or security key.
            </Text>
            <Anchor component="button" type="button" size="sm" onClick={() => switchTo('code')}>
              Use a code instead
            </Anchor>
          </Stack>
        ) : (
          <Stack gap={4}>
            <StepUpCodeField
              person={admin}
              stepUp={stepUp}
              field={form.field('code')}
              withoutSecondFactor={messageForErrorCode(ErrorCode.IMPERSONATOR_TWO_FACTOR_DISABLED) ?? ''}
            />
            {passkeyOffered && (
              <Anchor component="button" type="button" size="sm" onClick={() => switchTo('passkey')} style={{ alignSelf: 'flex-start' }}>
                Use a passkey instead
              </Anchor>
            )}
          </Stack>
        )}

        <Textarea
          {...form.field('reason')}
          label="Reason"
          description={`Optional. ${firstName} sees it in their access history. ${form.values.reason.length}/${IMPERSONATION_REASON_MAX_LENGTH} characters.`}
          placeholder="e.g. Ticket #4821: the leads import shows the wrong status"
          autosize
          minRows={2}
          maxRows={5}
          maxLength={IMPERSONATION_REASON_MAX_LENGTH}
        />

        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button
            ref={confirmRef}
            type="submit"
            loading={start.isPending}
            disabled={!canConfirm || locked}
            leftSection={confirmWith === 'passkey' && !locked ? <KeyIcon size={16} /> : undefined}
          >
            {locked
              ? `Try again in ${formatDuration(lockSecondsLeft)}`
              : confirmWith === 'passkey'
                ? 'Confirm with a passkey'
                : `Impersonate ${firstName}`}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
