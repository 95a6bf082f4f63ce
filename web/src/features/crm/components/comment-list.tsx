import { Avatar, Group, Paper, Stack, Text } from '@mantine/core';
import type { Comment } from '@vantage/contracts';
import { SupportBadge } from '@/components/support-badge';
import { initialsOfName } from '@/lib/format';
import { formatDateTime, formatRelativeTime } from '@/lib/format-date';

/**
 * A conversation, oldest first. Each comment shows the name it was written under — for support
 * staff working in the account that is "Support team (their name)", marked with a Support badge.
 */
export function CommentList({ comments, label }: { comments: Comment[]; label: string }) {
  return (
    <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
      {comments.map((comment) => (
        <li key={comment.id}>
          <Paper
            component="article"
            withBorder
            radius="md"
            p="md"
            aria-label={`Comment by ${comment.authorName}`}
            bg={comment.isImpersonated ? 'grape.0' : undefined}
          >
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <Avatar color={comment.isImpersonated ? 'grape' : 'indigo'} radius="xl" size={34} aria-hidden="true">
                {initialsOfName(comment.authorName)}
              </Avatar>
              <Stack gap={4} miw={0} style={{ flex: 1 }}>
                <Group gap="xs" wrap="wrap">
                  <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {comment.authorName}
                  </Text>
                  {comment.isImpersonated && <SupportBadge explanation="Written by Vantage support while accessing this account." />}
                  <Text size="xs" c="dimmed" component="time" dateTime={comment.createdAt} title={formatDateTime(comment.createdAt)}>
                    {formatRelativeTime(comment.createdAt)}
                  </Text>
                </Group>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {comment.text}
                </Text>
              </Stack>
            </Group>
          </Paper>
        </li>
      ))}
    </Stack>
  );
}
