import { Badge, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { AccessRequest, AccessRequestStatus, Restriction } from '@vantage/contracts';
import { useId, useState, type ReactNode, type Ref } from 'react';
import { ConfirmModal } from '@/components/confirm-modal';
import { ErrorAlert } from '@/components/error-alert';
import { RestrictionNote } from '@/components/restriction';
import { formatDateTime } from '@/lib/format-date';
import { ACCESS_DURATION_CHOICES, formatMinutes, MODE_LABELS } from '@/lib/support-access-words';
import { useDecideAccessRequest } from '../api/decide-access-request';

const STATUS_WORDS: Record<AccessRequestStatus, { label: string; color: string }> = {
  pending: { label: 'Waiting for an answer', color: 'blue' },
  approved: { label: 'Approved', color: 'indigo' },
  denied: { label: 'Denied', color: 'gray' },
  revoked: { label: 'Withdrawn', color: 'gray' },
  expired: { label: 'Expired', color: 'gray' },
};

/** The windows the person may grant: the preset ones up to what was asked, and what was asked itself. */
export function approvalChoices(requestedMinutes: number): number[] {
  const shorter = ACCESS_DURATION_CHOICES.filter((minutes) => minutes < requestedMinutes);
  return [...shorter, requestedMinutes];
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.04em' }}>
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

interface AccessRequestCardProps {
  request: AccessRequest;
  /** The signed-in person's id: "you" instead of their own name. */
  myId: string;
  /** The emailed link points at this one: it stands out. */
  highlighted: boolean;
  /** `restrictions.decide_access_request`: nothing can be decided while it is set (inside a support session). */
  restriction: Restriction | null;
  ref?: Ref<HTMLDivElement>;
}

/** One request for support access: who asks, for whom, why and how; the answer the person can give now. */
export function AccessRequestCard({ request, myId, highlighted, restriction, ref }: AccessRequestCardProps) {
  const headingId = useId();
  const status = STATUS_WORDS[request.status];
  const forWhom = request.user.id === myId ? 'You' : request.user.name;
  const granted = request.decidedAt !== null && request.status !== 'denied';
  // Here rather than in the answer below: a decision replaces that answer, and its notice must still show.
  const decide = useDecideAccessRequest(request.id);

  return (
    <Card
      ref={ref}
      withBorder
      radius="md"
      padding="lg"
      component="article"
      aria-labelledby={headingId}
      tabIndex={highlighted ? -1 : undefined}
      style={highlighted ? { borderColor: 'var(--mantine-color-indigo-6)', borderWidth: 2 } : undefined}
      data-highlighted={highlighted || undefined}
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
          <Title order={2} size="h4" id={headingId} style={{ overflowWrap: 'anywhere', flex: '1 1 240px' }}>
            {request.admin.name} from Vantage support asks for {MODE_LABELS[request.mode].toLowerCase()} access
          </Title>
          <Badge color={status.color} variant="light" radius="sm" style={{ flexShrink: 0 }}>
            {status.label}
          </Badge>
        </Group>

        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" verticalSpacing="sm">
          <Detail label="For">{forWhom}</Detail>
          <Detail label="Team">{request.team.name}</Detail>
          <Detail label="Access">{MODE_LABELS[request.mode]}</Detail>
          <Detail label={granted ? 'Granted for' : 'Asked for'}>{formatMinutes(request.durationMinutes)}</Detail>
          <Detail label="Asked">{formatDateTime(request.createdAt)}</Detail>
          {request.expiresAt && (
            <Detail label={request.status === 'approved' ? 'Access ends' : 'Access ended'}>{formatDateTime(request.expiresAt)}</Detail>
          )}
        </SimpleGrid>

        <Detail label="Reason">{request.reason}</Detail>

        {request.decidedBy && request.decidedAt && (
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {request.status === 'denied' ? 'Denied' : request.status === 'revoked' ? 'Withdrawn' : 'Approved'} by{' '}
            {request.decidedBy.id === myId ? 'you' : request.decidedBy.name}, {formatDateTime(request.decidedAt)}.
          </Text>
        )}

        {request.status === 'pending' && <PendingAnswer request={request} restriction={restriction} decide={decide} />}
        {request.status === 'approved' && <RevokeAnswer request={request} restriction={restriction} decide={decide} />}
      </Stack>
    </Card>
  );
}

interface AnswerProps {
  request: AccessRequest;
  restriction: Restriction | null;
  decide: ReturnType<typeof useDecideAccessRequest>;
}

function PendingAnswer({ request, restriction, decide }: AnswerProps) {
  const [minutes, setMinutes] = useState(request.durationMinutes);
  const [denyOpened, denyModal] = useDisclosure(false);
  const who = request.admin.name;

  const approve = () =>
    decide.mutate(
      { kind: 'approve', durationMinutes: minutes },
      {
        onSuccess: (approved) =>
          notifications.show({
            color: 'indigo',
            title: 'Access approved',
            message: `${who} may enter ${MODE_LABELS[approved.mode].toLowerCase()} until ${approved.expiresAt ? formatDateTime(approved.expiresAt) : 'the window ends'}.`,
          }),
      },
    );

  const deny = () =>
    decide.mutate(
      { kind: 'deny' },
      {
        onSuccess: () => {
          denyModal.close();
          notifications.show({ color: 'indigo', title: 'Access denied', message: `${who} was told that the request was denied.` });
        },
      },
    );

  const disabled = restriction !== null;
  return (
    <Stack gap="sm">
      <RestrictionNote
        restriction={restriction}
        duringImpersonation="Only the person concerned or a team owner decides, from their own account."
      />
      {decide.isError && !denyOpened && <ErrorAlert error={decide.error} title="The request was not answered" />}
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect
          label="Approve for"
          value={String(minutes)}
          onChange={(event) => setMinutes(Number(event.currentTarget.value))}
          data={approvalChoices(request.durationMinutes).map((choice) => ({ value: String(choice), label: formatMinutes(choice) }))}
          disabled={disabled || decide.isPending}
          w={160}
        />
        <Button onClick={approve} loading={decide.isPending && decide.variables.kind === 'approve'} disabled={disabled}>
          Approve
        </Button>
        <Button variant="default" onClick={denyModal.open} disabled={disabled || decide.isPending}>
          Deny
        </Button>
      </Group>
      <ConfirmModal
        opened={denyOpened}
        title="Deny this request?"
        confirmLabel="Deny"
        onConfirm={deny}
        onClose={() => {
          denyModal.close();
          decide.reset();
        }}
        pending={decide.isPending}
        error={decide.isError ? decide.error : null}
        errorTitle="The request was not denied"
      >
        {who} will not be able to enter {request.user.name}’s account in {request.team.name} for this request. They are told by email.
      </ConfirmModal>
    </Stack>
  );
}

function RevokeAnswer({ request, restriction, decide }: AnswerProps) {
  const [opened, modal] = useDisclosure(false);

  const revoke = () =>
    decide.mutate(
      { kind: 'revoke' },
      {
        onSuccess: () => {
          modal.close();
          notifications.show({
            color: 'indigo',
            title: 'Access withdrawn',
            message: `${request.admin.name} can no longer enter, and any support session running under this approval has ended.`,
          });
        },
      },
    );

  return (
    <Stack gap="sm">
      <RestrictionNote
        restriction={restriction}
        duringImpersonation="Only the person concerned or a team owner decides, from their own account."
      />
      <Group>
        <Button color="red" variant="light" onClick={modal.open} disabled={restriction !== null}>
          Revoke
        </Button>
      </Group>
      <ConfirmModal
        opened={opened}
        title="Revoke this access?"
        confirmLabel="Revoke"
        onConfirm={revoke}
        onClose={() => {
          modal.close();
          decide.reset();
        }}
        pending={decide.isPending}
        error={decide.isError ? decide.error : null}
        errorTitle="The access was not revoked"
      >
        Revoking ends any support session running under it at once. {request.admin.name} would have to ask again.
      </ConfirmModal>
    </Stack>
  );
}
