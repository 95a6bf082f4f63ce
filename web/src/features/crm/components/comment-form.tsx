import { Button, Group, Stack, Textarea } from '@mantine/core';
import { COMMENT_MAX_LENGTH } from '@vantage/contracts';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { RestrictedFieldset, RestrictionNote } from '@/components/restriction';
import { useRestriction } from '@/lib/restrictions';
import { useForm } from '@/lib/use-form';
import { tooLongError } from '@/lib/validation';
import { useCreateComment } from '../api/create-comment';
import type { CommentSubject } from '../api/get-comments';

function validateComment(values: { text: string }) {
  if (!values.text.trim()) return { text: 'Write something first.' };
  const tooLong = tooLongError(values.text, COMMENT_MAX_LENGTH);
  return tooLong ? { text: tooLong } : {};
}

/** Adds a comment at the end of a thread. Ctrl/⌘ + Enter sends, like most chat boxes. */
export function CommentForm({ subject, subjectName }: { subject: CommentSubject; subjectName: string }) {
  const createComment = useCreateComment();
  const restriction = useRestriction('change_data');
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({ initialValues: { text: '' }, validate: validateComment });

  const submit = () => {
    if (restriction) return;
    setFormError(null);
    if (!form.validateAll()) return;
    createComment.mutate(
      { subject, text: form.values.text.trim() },
      {
        onSuccess: () => form.reset(),
        onError: (error) => {
          if (!form.applyServerFieldErrors(error)) setFormError(error);
        },
      },
    );
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit();
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label={`Comment on ${subjectName}`}>
      <Stack gap="sm">
        {formError !== null && <ErrorAlert error={formError} title="Your comment was not saved" />}
        <RestrictionNote restriction={restriction} />
        <RestrictedFieldset restriction={restriction}>
          <Textarea
            {...form.field('text')}
            label="Add a comment"
            description="Visible to everyone in this team. Ctrl + Enter sends."
            placeholder="What happened, what was agreed, what comes next…"
            autosize
            minRows={3}
            maxRows={10}
            onKeyDown={handleKeyDown}
          />
          <Group justify="flex-end" mt="sm">
            <Button type="submit" loading={createComment.isPending}>
              Post comment
            </Button>
          </Group>
        </RestrictedFieldset>
      </Stack>
    </form>
  );
}
