import type { Business, CreateBusinessRequest } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { businessQueryOptions } from './get-business';

/** Adds a business to the current team (the API records it in the audit log). */
export function createBusiness(input: CreateBusinessRequest): Promise<Business> {
  return api.post<Business>('/businesses', input);
}

export function useCreateBusiness() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createBusiness,
    onSuccess: (business) => {
      queryClient.setQueryData(businessQueryOptions(business.id).queryKey, business);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.businesses.lists }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
      ]);
    },
  });
}
