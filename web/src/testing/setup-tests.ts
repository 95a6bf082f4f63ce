import '@testing-library/jest-dom/vitest';
import { notifications } from '@mantine/notifications';
import { cleanup, configure, getConfig } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { setAccessToken } from '@/lib/api-client';

// The first render of a file also transforms the lazily loaded route modules, which on a busy
// two-core machine (the API tests running beside them) can take several seconds: far longer than
// Testing Library's default 1 s wait. Only a failing wait ever takes this long.
configure({ asyncUtilTimeout: 10_000 });

// While findBy* and waitFor poll, each failed attempt builds an error that is thrown away, and Testing
// Library's default message prints the whole DOM into every one of them. The error a test fails with
// still has the DOM: waitFor's timeout passes its message through getElementError again (outside the
// polling), and so does a getBy* that fails on its own.
const elementErrorWithDom = getConfig().getElementError;
configure({
  getElementError: (message, container) => {
    if (!(getConfig() as { _disableExpensiveErrorDiagnostics?: boolean })._disableExpensiveErrorDiagnostics) {
      return elementErrorWithDom(message, container);
    }
    const error = new Error(message ?? '');
    error.name = 'TestingLibraryElementError';
    return error;
  },
});

/** Adds what jsdom does not implement, leaving what it does alone. */
function provide<Target extends object, Key extends keyof Target>(target: Target, key: Key, value: Target[Key]) {
  if (target[key] === undefined || target[key] === null) Object.defineProperty(target, key, { value, configurable: true, writable: true });
}

// jsdom lacks the layout APIs Mantine touches (media queries, scroll areas, combobox scrolling).
provide(
  window,
  'matchMedia',
  (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList,
);

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;
provide(Element.prototype, 'scrollIntoView', () => undefined);
// Autosizing textareas (Mantine Textarea `autosize`) re-measure when web fonts finish loading.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    value: { addEventListener: () => undefined, removeEventListener: () => undefined, ready: Promise.resolve() },
  });
}
provide(Element.prototype, 'scrollTo', () => undefined);

afterEach(() => {
  cleanup();
  // The access token is module state by design; one test's session must not leak into the next.
  setAccessToken(null);
  // Mantine keeps toasts in a module-level store that outlives a test's render.
  notifications.clean();
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});
