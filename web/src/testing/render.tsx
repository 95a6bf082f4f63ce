import type { UserEvent } from '@testing-library/user-event';
import { render } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { AppProvider } from '@/app/provider';
import { routes } from '@/app/router';

export function createTestQueryClient() {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  });
}

/**
 * Renders the real app (providers, guards, lazy routes) at `route`. The session starts however
 * the mocked API answers `POST /auth/refresh`, exactly as on a page load.
 */
export function renderApp(route = '/') {
  const router = createMemoryRouter(routes, { initialEntries: [route] });
  const utils = render(
    <AppProvider queryClient={createTestQueryClient()} mantineEnv="test">
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...utils, router };
}

/**
 * Types into a field the way a paste does: one input event instead of one per character, which
 * keeps these full-app tests fast without changing what they prove.
 */
export async function fillIn(user: UserEvent, element: HTMLElement, value: string) {
  await user.click(element);
  await user.paste(value);
}
