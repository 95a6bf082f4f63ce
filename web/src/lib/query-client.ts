import { QueryClient } from '@tanstack/react-query';
import { isApiClientError } from './api-client';

const MAX_QUERY_RETRIES = 2;

/** A 4xx answer will not change by asking again; network failures and 5xx might. */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  if (isApiClientError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < MAX_QUERY_RETRIES;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetryQuery,
        staleTime: 30_000,
      },
      mutations: {
        // Mutations are not idempotent (creating a team twice is two teams).
        retry: false,
      },
    },
  });
}
