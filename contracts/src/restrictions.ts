import type { ErrorCode } from './error-codes.js';

/**
 * What the API refuses the current caller right now, and why. `GET /auth/me` lists them, so the web
 * app disables and explains controls from the API's own answer instead of re-deriving the rules.
 */
/** `change_data`: any write at all (a read-only support session, §10). */
export type RestrictedAction =
  | 'switch_team'
  | 'create_team'
  | 'change_password'
  | 'change_two_factor'
  | 'change_support_access'
  | 'impersonate'
  | 'manage_team'
  | 'accept_invitation'
  | 'end_sessions'
  | 'new_recovery_codes'
  | 'decide_access_request'
  | 'change_data';

export const RESTRICTED_ACTIONS: readonly RestrictedAction[] = [
  'switch_team',
  'create_team',
  'change_password',
  'change_two_factor',
  'change_support_access',
  'impersonate',
  'manage_team',
  'accept_invitation',
  'end_sessions',
  'new_recovery_codes',
  'decide_access_request',
  'change_data',
];

/** An ErrorCode (what the API would answer) and its sentence. */
export interface Restriction {
  code: ErrorCode;
  message: string;
}

export type Restrictions = Partial<Record<RestrictedAction, Restriction>>;
