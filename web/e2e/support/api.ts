import { expect, type APIRequestContext } from '@playwright/test';
import type { AuthResponse } from '@vantage/contracts';
import { E2E_SUPER_ADMIN } from './environment';

type ApiResponse = Awaited<ReturnType<APIRequestContext['post']>>;

/** Someone a journey registers through the API, with the team their account comes with. */
export interface Person {
  firstName: string;
  lastName: string;
  email: string;
  password: string;
  team: string;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A set-up request's answer as JSON (undefined for an empty one); anything but 2xx fails with `what` and the body. */
export async function ok<T>(response: ApiResponse, what: string): Promise<T> {
  expect(response.ok(), `${what} answered ${response.status()}: ${await response.text()}`).toBe(true);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Registers the person (`POST /api/auth/register`): their account, their team, and a session. */
export async function register(request: APIRequestContext, person: Person): Promise<AuthResponse> {
  const response = await request.post('/api/auth/register', {
    data: {
      email: person.email,
      password: person.password,
      firstName: person.firstName,
      lastName: person.lastName,
      teamName: person.team,
    },
  });
  return ok<AuthResponse>(response, 'POST /api/auth/register');
}

/** An access token of the super admin the API creates at start (E2E_SUPER_ADMIN, no two-factor). */
export async function superAdminToken(request: APIRequestContext): Promise<string> {
  const response = await request.post('/api/auth/login', {
    data: { email: E2E_SUPER_ADMIN.email, password: E2E_SUPER_ADMIN.password },
  });
  const auth = await ok<AuthResponse>(response, 'super admin sign-in');
  expect(auth.twoFactorRequired, 'the e2e super admin signs in without 2FA').toBe(false);
  return auth.accessToken;
}
