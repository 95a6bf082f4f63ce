import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildComment } from '@/testing/data';
import { CommentList } from './comment-list';

function renderComments(comments: Parameters<typeof CommentList>[0]['comments']) {
  return render(
    <MantineProvider env="test">
      <CommentList comments={comments} label="Comments on Harbor Freight Co" />
    </MantineProvider>,
  );
}

describe('comment list attribution', () => {
  it('shows each comment under its author’s name, and marks support’s comments with a Support badge', () => {
    renderComments([
      buildComment({ id: 'c1', authorName: 'Ada Lovelace', text: 'Sent the quote.' }),
      buildComment({
        id: 'c2',
        authorName: 'Support team (Sam Support)',
        author: { id: 'admin-sam', name: 'Support team (Sam Support)' },
        isImpersonated: true,
        text: 'Fixed the import for you.',
      }),
    ]);

    const [customerComment, supportComment] = within(screen.getByRole('list', { name: 'Comments on Harbor Freight Co' })).getAllByRole(
      'article',
    );

    expect(customerComment).toHaveAccessibleName('Comment by Ada Lovelace');
    expect(customerComment).toHaveTextContent('Sent the quote.');
    expect(within(customerComment).queryByText('Support')).not.toBeInTheDocument();

    expect(supportComment).toHaveAccessibleName('Comment by Support team (Sam Support)');
    expect(within(supportComment).getByText('Support team (Sam Support)')).toBeInTheDocument();
    expect(within(supportComment).getByText('Support')).toBeInTheDocument();
    expect(supportComment).toHaveTextContent('Written by Vantage support while accessing this account.');
  });

  it('keeps line breaks and shows when each comment was written', () => {
    renderComments([buildComment({ text: 'Line one\nLine two', createdAt: '2026-03-12T11:00:00.000Z' })]);

    const article = screen.getByRole('article');
    expect(within(article).getByText(/Line one\s+Line two/)).toBeInTheDocument();
    expect(article.querySelector('time')).toHaveAttribute('dateTime', '2026-03-12T11:00:00.000Z');
  });
});
