import type { Comment, CreateCommentRequest } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
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
      const everythingLoaded = lastPage !== undefined && lastPage.page * lastPage.pageSize >= lastPage.total;
      const auditRefresh = queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all });
      if (!thread || !everythingLoaded || lastPage.items.length >= lastPage.pageSize) {
        return Promise.all([queryClient.invalidateQueries({ queryKey }), auditRefresh]);
      }
      // The whole thread is on screen: the new comment (the server's copy) goes at its end.
      queryClient.setQueryData(queryKey, {
        ...thread,
        pages: thread.pages.map((page, index) =>
          index === thread.pages.length - 1
            ? { ...page, items: [...page.items, comment], total: page.total + 1 }
            : { ...page, total: page.total + 1 },
        ),
      });
      return auditRefresh;
    },
  });
}
