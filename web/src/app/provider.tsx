import { MantineProvider } from '@mantine/core';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { CurrentUserProvider } from '@/lib/current-user';
import { createQueryClient } from '@/lib/query-client';
import { cssVariablesResolver, theme } from './theme';

// The toast container (with its transition and scroll-lock dependencies) is not needed for the
// first paint; `notifications.show()` queues in a store the container reads once it has loaded.
const Notifications = lazy(() => import('@mantine/notifications').then((module) => ({ default: module.Notifications })));

interface AppProviderProps {
  children: ReactNode;
  /** Tests pass their own client to start from an empty cache. */
  queryClient?: QueryClient;
  /** "test" turns Mantine's transitions off so tests need not wait for animations. */
  mantineEnv?: 'default' | 'test';
}

export function AppProvider({ children, queryClient, mantineEnv = 'default' }: AppProviderProps) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light" env={mantineEnv}>
      <Suspense fallback={null}>
        {/* Bottom right: at the top they would cover the team switcher and account menu. */}
        <Notifications position="bottom-right" limit={3} />
      </Suspense>
      <QueryClientProvider client={client}>
        <CurrentUserProvider>{children}</CurrentUserProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
