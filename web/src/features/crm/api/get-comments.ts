import type { Comment, CappedPage } from '@vantage/contracts';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { hasNextPage } from '@/lib/capped-total';
import { queryKeys } from '@/lib/query-keys';

/** What a comment thread belongs to: businesses and leads each have one. */
export interface CommentSubject {
  type: 'business' | 'lead';
  id: string;
}

export const COMMENTS_PAGE_SIZE = 50;

const COLLECTION: Record<CommentSubject['type'], 'businesses' | 'leads'> = { business: 'businesses', lead: 'leads' };

export function commentsPath(subject: CommentSubject): string {
  return `/${COLLECTION[subject.type]}/${encodeURIComponent(subject.id)}/comments`;
}

/** One page of a thread, oldest first (the newest comment is last, like a conversation). */
export function getComments(subject: CommentSubject, page: number, signal?: AbortSignal): Promise<CappedPage<Comment>> {
  return api.get<CappedPage<Comment>>(commentsPath(subject), { query: { page, pageSize: COMMENTS_PAGE_SIZE }, signal });
}

export const commentsQueryOptions = (subject: CommentSubject) =>
  infiniteQueryOptions({
    queryKey: subject.type === 'business' ? queryKeys.businesses.comments(subject.id) : queryKeys.leads.comments(subject.id),
    queryFn: ({ pageParam, signal }) => getComments(subject, pageParam, signal),
    initialPageParam: 1,
    getNextPageParam: (lastPage) => (hasNextPage(lastPage) ? lastPage.page + 1 : undefined),
  });

export function useComments(subject: CommentSubject) {
  return useInfiniteQuery(commentsQueryOptions(subject));
}
