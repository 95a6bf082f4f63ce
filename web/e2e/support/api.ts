import { expect, type APIRequestContext } from '@playwright/test';

type ApiResponse = Awaited<ReturnType<APIRequestContext['post']>>;

/** A set-up request's answer as JSON (undefined for an empty one); anything but 2xx fails with `what` and the body. */
export async function ok<T>(response: ApiResponse, what: string): Promise<T> {
  expect(response.ok(), `${what} answered ${response.status()}: ${await response.text()}`).toBe(true);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
