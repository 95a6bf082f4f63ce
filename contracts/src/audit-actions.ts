import type { ImpersonationEndReason } from './api-types.js';

/**
 * Every action the audit log records. The API can write only these, and the web app describes
 * each one in words (a new action that the web app does not describe fails its type check).
 */
export type AuditAction =
  | 'auth.registered'
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.login_locked'
  | 'auth.password_accepted'
  | 'auth.password_changed'
  | 'auth.password_change_refused'
  | 'two_factor.enabled'
  | 'two_factor.disabled'
  | 'two_factor.method_changed'
  | 'two_factor.authenticator_replaced'
  | 'two_factor.disable_refused'
  | 'two_factor.failed'
  | 'two_factor.locked'
  | 'two_factor.recovery_code_used'
  | 'team.created'
  | 'team.switched'
  | 'user.profile_updated'
  | 'user.impersonation_access_changed'
  | 'user.role_changed'
  | 'business.created'
  | 'lead.created'
  | 'lead.status_changed'
  | 'comment.created'
  | 'impersonation.started'
  | 'impersonation.refused'
  | 'impersonation.notification_failed'
  | `impersonation.${ImpersonationEndReason}`;
