import type { Comment, CreateCommentRequest } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { hasNextPage } from '@/lib/capped-total';
import { queryKeys } from '@/lib/query-keys';
import { commentsPath, commentsQueryOptions, type CommentSubject } from './get-comments';

export interface CreateCommentInput extends CreateCommentRequest {
  subject: CommentSubject;
}

/** During support impersonation the API writes it as "Support team (admin name)". */
export function createComment({ subject, ...body }: CreateCommentInput): Promise<Comment> {
  return api.post<Comment>(commentsPath(subject), body satisfies CreateCommentRequest);
}

export function useCreateComment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createComment,
    onSuccess: (comment, { subject }) => {
      const { queryKey } = commentsQueryOptions(subject);
      const thread = queryClient.getQueryData(queryKey);
      const lastPage = thread?.pages.at(-1);
      const everythingLoaded = lastPage !== undefined && !hasNextPage(lastPage);
      const auditRefresh = queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all });
      if (!thread || !everythingLoaded || lastPage.items.length >= lastPage.pageSize) {
        return Promise.all([queryClient.invalidateQueries({ queryKey }), auditRefresh]);
      }
      // The whole thread is on screen: the new comment (the server's copy) goes at its end. A total
      // that stopped at the cap stays there.
      const counted = (total: number, capped: boolean) => (capped ? total : total + 1);
      queryClient.setQueryData(queryKey, {
        ...thread,
        pages: thread.pages.map((page, index) =>
          index === thread.pages.length - 1
            ? { ...page, items: [...page.items, comment], total: counted(page.total, page.totalIsCapped) }
            : { ...page, total: counted(page.total, page.totalIsCapped) },
        ),
      });
      return auditRefresh;
    },
  });
}
