import { Button, Card, Center, Divider, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { totalText } from '@/lib/capped-total';
import type { CommentSubject } from '../api/get-comments';
import { useComments } from '../api/get-comments';
import { CommentForm } from './comment-form';
import { CommentList } from './comment-list';

interface CommentThreadProps {
  subject: CommentSubject;
  /** The business's or lead's name, for headings and labels. */
  subjectName: string;
}

/** The conversation about a business or a lead: comments oldest first, then the form to add one. */
export function CommentThread({ subject, subjectName }: CommentThreadProps) {
  const commentsQuery = useComments(subject);
  const comments = commentsQuery.data?.pages.flatMap((page) => page.items) ?? [];
  const lastPage = commentsQuery.data?.pages.at(-1);
  const total = lastPage?.total ?? 0;

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="comments-heading">
      <Group justify="space-between" mb="md">
        <Title order={2} size="h4" id="comments-heading">
          Comments
        </Title>
        {commentsQuery.isSuccess && total > 0 && (
          <Text size="sm" c="dimmed">
            {lastPage ? totalText(lastPage) : total} {total === 1 && !lastPage?.totalIsCapped ? 'comment' : 'comments'}
          </Text>
        )}
      </Group>

      <Stack gap="md">
        {commentsQuery.isPending && (
          <Stack gap="sm" aria-busy="true" aria-label="Loading comments">
            <Skeleton height={72} radius="md" />
            <Skeleton height={72} radius="md" />
          </Stack>
        )}

        {commentsQuery.isError && !commentsQuery.data && (
          <Stack gap="sm" align="flex-start">
            <ErrorAlert error={commentsQuery.error} title="Could not load the comments" w="100%" />
            <Button variant="default" size="xs" onClick={() => void commentsQuery.refetch()}>
              Try again
            </Button>
          </Stack>
        )}

        {commentsQuery.isSuccess && comments.length === 0 && (
          <Text c="dimmed" size="sm">
            No comments yet. Start the conversation about {subjectName} below.
          </Text>
        )}

        {comments.length > 0 && <CommentList comments={comments} label={`Comments on ${subjectName}`} />}

        {commentsQuery.hasNextPage && (
          <Center>
            <Button
              variant="default"
              size="xs"
              onClick={() => void commentsQuery.fetchNextPage()}
              loading={commentsQuery.isFetchingNextPage}
            >
              Show later comments ({total - comments.length} more)
            </Button>
          </Center>
        )}
        {commentsQuery.isFetchNextPageError && <ErrorAlert error={commentsQuery.error} title="Could not load more comments" />}

        <Divider />
        <CommentForm subject={subject} subjectName={subjectName} />
      </Stack>
    </Card>
  );
}
