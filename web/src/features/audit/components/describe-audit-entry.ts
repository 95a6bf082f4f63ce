import {
  IMPERSONATION_MINUTES,
  messageForErrorCode,
  type AuditAction,
  type ImpersonationMode,
  type AuditLogEntry,
  type LeadStatus,
  type SupportAccessPolicy,
  type TwoFactorMethod,
} from '@vantage/contracts';
import { roleLabel, teamRoleLabel } from '@/components/role-badge';
import { paths } from '@/config/paths';
import { describeUserAgent } from '@/lib/describe-user-agent';
import { formatMinutes, MODE_LABELS, SUPPORT_ACCESS_POLICY_WORDS } from '@/lib/support-access-words';

export interface AuditEntryDescription {
  /** What happened, as words: "Commented", "Support access started". */
  action: string;
  /** The particulars worth a glance: names, from → to, reasons. */
  summary: string | null;
  /** Where the thing it is about can be opened, when it is a page in the app. */
  link: { to: string; label: string } | null;
  /** Done by Vantage support: while impersonating, support's access itself (started, ended, refused), or its request for access. */
  bySupport: boolean;
}

type Details = Record<string, unknown>;

const text = (details: Details, key: string): string | null => {
  const value = details[key];
  return typeof value === 'string' && value.trim() ? value : null;
};

const number = (details: Details, key: string): number | null => {
  const value = details[key];
  return typeof value === 'number' ? value : null;
};

const LEAD_STATUS_WORDS: Record<LeadStatus, string> = {
  new: 'New',
  contacted: 'Contacted',
  qualified: 'Qualified',
  won: 'Won',
  lost: 'Lost',
};

const statusWord = (value: string | null) => (value && value in LEAD_STATUS_WORDS ? LEAD_STATUS_WORDS[value as LeadStatus] : value);

const TWO_FACTOR_METHOD_WORDS: Record<TwoFactorMethod, string> = { email: 'email codes', totp: 'an authenticator app' };

const methodWords = (value: string | null) =>
  value && value in TWO_FACTOR_METHOD_WORDS ? TWO_FACTOR_METHOD_WORDS[value as TwoFactorMethod] : value;

const SECOND_FACTOR_WORDS: Record<string, string> = {
  totp: 'With a code from an authenticator app.',
  email: 'With a code sent by email.',
  recovery: 'With a recovery code.',
  passkey: 'With a passkey.',
};

const roleWords = (value: string | null) => (value === 'user' || value === 'admin' || value === 'super_admin' ? roleLabel(value) : value);

const join = (...parts: (string | null | false)[]) => parts.filter(Boolean).join(' ') || null;

const teamRoleWords = (value: string | null) => (value === 'owner' || value === 'member' ? teamRoleLabel(value) : value);

/** "ana@example.com as Member." from an invitation's or a membership's `{email, role}`. */
const emailAndRole = (d: Details) => join(text(d, 'email'), teamRoleWords(text(d, 'role')) && `as ${teamRoleWords(text(d, 'role'))}.`);

/** `{name: {from, to}}` → "Renamed from Acme to Acme Europe." */
const renamed = (d: Details): string | null => {
  const name = d.name;
  if (!name || typeof name !== 'object') return null;
  const change = name as Details;
  return text(change, 'from') && text(change, 'to') ? `Renamed from ${text(change, 'from')} to ${text(change, 'to')}.` : null;
};

const policyWords = (value: string | null) =>
  value && value in SUPPORT_ACCESS_POLICY_WORDS ? SUPPORT_ACCESS_POLICY_WORDS[value as SupportAccessPolicy].label : value;

const modeWords = (value: string | null) => (value && value in MODE_LABELS ? MODE_LABELS[value as ImpersonationMode] : value);

const durationWords = (minutes: number | null) => (minutes === null ? null : formatMinutes(minutes));

/** An access request's particulars: "For Ada Lovelace. Read-only, 1 hour. Reason: Ticket 12" (whatever the entry holds). */
const accessRequestSummary = (d: Details): string | null => {
  const mode = modeWords(text(d, 'mode'));
  const duration = durationWords(number(d, 'durationMinutes'));
  return join(
    text(d, 'userName') && `For ${text(d, 'userName')}.`,
    mode || duration ? `${[mode, duration].filter(Boolean).join(', ')}.` : null,
    text(d, 'reason') && `Reason: ${text(d, 'reason')}`,
  );
};

interface Describer {
  action: string;
  summary?: (details: Details) => string | null;
}

/**
 * Every action the API records, as a person would say them; details are turned into a short summary.
 * Keyed by `AuditAction`: an action added to the contracts without words here fails the type check.
 */
const DESCRIBERS: Record<AuditAction, Describer> = {
  'auth.registered': {
    action: 'Created the account',
    summary: (d) => join(text(d, 'teamName') && `With the team ${text(d, 'teamName')}.`),
  },
  'auth.login': { action: 'Signed in', summary: (d) => SECOND_FACTOR_WORDS[text(d, 'secondFactor') ?? ''] ?? null },
  'auth.password_accepted': { action: 'Entered the password', summary: () => 'The two-factor step came next.' },
  'auth.login_failed': { action: 'Sign-in failed', summary: () => 'Wrong email or password.' },
  'auth.login_locked': { action: 'Sign-in blocked', summary: () => 'Too many failed attempts.' },
  'auth.password_changed': { action: 'Changed the password', summary: () => 'Other sessions were signed out.' },
  'auth.password_change_refused': { action: 'Password change refused', summary: () => 'The current password was wrong.' },
  'auth.password_reset_requested': { action: 'Asked for a password reset link' },
  'auth.password_reset': { action: 'Reset the password', summary: () => 'With an emailed link. Every session was signed out.' },
  'auth.session_ended': {
    action: 'Signed out a session',
    summary: (d) => (text(d, 'userAgent') ? `${describeUserAgent(text(d, 'userAgent'))}.` : null),
  },
  'team.created': { action: 'Created the team', summary: (d) => text(d, 'name') },
  'team.switched': { action: 'Switched to this team' },
  'team.updated': { action: 'Changed the team settings', summary: (d) => renamed(d) },
  'team.support_access_changed': {
    action: 'Changed who from support may enter the team',
    summary: (d) => join(policyWords(text(d, 'from')), '→', policyWords(text(d, 'to'))),
  },
  'team.two_factor_requirement_changed': {
    action: 'Changed whether the team requires two-factor authentication',
    summary: (d) => (d.to === true ? 'Two-factor required for everyone' : d.to === false ? 'Two-factor no longer required' : null),
  },
  'team.member_invited': { action: 'Invited someone to the team', summary: emailAndRole },
  'team.invitation_revoked': { action: 'Withdrew an invitation', summary: emailAndRole },
  'team.invitation_accepted': { action: 'Joined the team with an invitation', summary: emailAndRole },
  'team.member_role_changed': {
    action: 'Changed a member’s role',
    summary: (d) => join(teamRoleWords(text(d, 'from')), '→', teamRoleWords(text(d, 'to'))),
  },
  'team.member_removed': { action: 'Removed a member from the team', summary: (d) => text(d, 'email') },
  'team.member_left': { action: 'Left the team', summary: (d) => text(d, 'email') },
  'business.created': { action: 'Created a business', summary: (d) => text(d, 'name') },
  'lead.created': {
    action: 'Created a lead',
    summary: (d) => join(text(d, 'name'), text(d, 'status') && `(${statusWord(text(d, 'status'))})`),
  },
  'lead.status_changed': {
    action: 'Changed a lead’s status',
    summary: (d) => join(statusWord(text(d, 'from')), '→', statusWord(text(d, 'to'))),
  },
  'comment.created': { action: 'Commented', summary: (d) => commentedOn(d) && `On ${commentedOn(d)}` },
  'two_factor.enabled': {
    action: 'Turned on two-factor authentication',
    summary: (d) => join(methodWords(text(d, 'method')) && `With ${methodWords(text(d, 'method'))}.`),
  },
  'two_factor.disabled': { action: 'Turned off two-factor authentication' },
  'two_factor.method_changed': {
    action: 'Changed the two-factor method',
    summary: (d) => join('From', methodWords(text(d, 'previousMethod')), 'to', methodWords(text(d, 'method'))),
  },
  'two_factor.authenticator_replaced': { action: 'Set up a new authenticator app' },
  'two_factor.disable_refused': { action: 'Turning off two-factor refused', summary: () => 'The password was wrong.' },
  'two_factor.failed': {
    action: 'Entered a wrong two-factor code',
    summary: (d) =>
      join(
        text(d, 'factor') === 'passkey' && 'A passkey was refused.',
        number(d, 'attempt') ? `Attempt ${number(d, 'attempt')} in a row.` : null,
      ),
  },
  'two_factor.locked': { action: 'Two-factor verification locked', summary: () => 'Too many wrong codes; locked for 15 minutes.' },
  'two_factor.recovery_codes_replaced': { action: 'Got new recovery codes', summary: () => 'The earlier codes stopped working.' },
  'two_factor.recovery_codes_refused': { action: 'New recovery codes refused', summary: () => 'The password was wrong.' },
  'two_factor.reset_by_admin': {
    action: 'Two-factor authentication reset by a super admin',
    summary: (d) => join(text(d, 'reason') && `Reason: ${text(d, 'reason')}`),
  },
  'two_factor.passkey_added': { action: 'Added a passkey', summary: (d) => text(d, 'name') },
  'two_factor.passkey_removed': { action: 'Removed a passkey', summary: (d) => text(d, 'name') },
  'two_factor.passkey_remove_refused': { action: 'Removing a passkey refused', summary: () => 'The password was wrong.' },
  'two_factor.recovery_code_used': {
    action: 'Used a recovery code',
    summary: (d) => (number(d, 'remaining') !== null ? `${number(d, 'remaining')} left.` : null),
  },
  'user.profile_updated': { action: 'Updated the profile' },
  'user.impersonation_access_changed': {
    action: 'Changed support access',
    summary: (d) =>
      d.allowed === true ? 'Support may now access the account.' : d.allowed === false ? 'Support may no longer access the account.' : null,
  },
  'user.role_changed': {
    action: 'Changed an account’s role',
    summary: (d) => join(roleWords(text(d, 'from')), '→', roleWords(text(d, 'to'))),
  },
  'impersonation.started': {
    action: 'Support access started',
    summary: (d) =>
      join(text(d, 'impersonatedEmail') && `As ${text(d, 'impersonatedEmail')}.`, text(d, 'reason') && `Reason: ${text(d, 'reason')}`),
  },
  'impersonation.refused': { action: 'Support access refused', summary: (d) => messageForErrorCode(text(d, 'code') ?? undefined) ?? null },
  'impersonation.cancelled': { action: 'Support access ended', summary: () => 'Support returned to their own account.' },
  'impersonation.expired': { action: 'Support access expired', summary: () => `The ${IMPERSONATION_MINUTES} minutes ran out.` },
  'impersonation.ended_by_admin': { action: 'Support access ended by a super admin' },
  'impersonation.ended_by_user': { action: 'Support access ended by the person', summary: () => 'Ended with End now.' },
  'impersonation.revoked': { action: 'Support access revoked' },
  'impersonation.notification_failed': {
    action: 'Support access notice not delivered',
    summary: () => 'The email to the account owner could not be sent.',
  },
  'access_request.created': { action: 'Support asked for access', summary: accessRequestSummary },
  'access_request.approved': { action: 'Support access request approved', summary: accessRequestSummary },
  'access_request.denied': { action: 'Support access request denied', summary: accessRequestSummary },
  'access_request.revoked': { action: 'Approved support access withdrawn', summary: accessRequestSummary },
};

/** The business or lead a comment was written on, by its name at the time. */
function commentedOn(details: Details): string | null {
  return text(details, 'businessName') ?? text(details, 'leadName');
}

/** "billing.invoice_sent" → "Billing invoice sent": never a raw code, even for actions added later. */
function humanize(action: string): string {
  const words = action.replace(/[._]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Unknown action';
}

function linkFor(entry: AuditLogEntry, details: Details): AuditEntryDescription['link'] {
  const { entityType, entityId } = entry;
  if (entityType === 'business' && entityId) return { to: paths.business(entityId), label: 'Open business' };
  if (entityType === 'lead' && entityId) return { to: paths.lead(entityId), label: 'Open lead' };
  if (entityType === 'access_request' && entityId) return { to: paths.accessRequest(entityId), label: 'Open request' };
  // Entries written before comments named their business or lead say only which kind it was.
  const named = commentedOn(details) !== null;
  const businessId = text(details, 'businessId');
  if (entityType === 'business_comment' && businessId)
    return { to: paths.business(businessId), label: named ? 'Open business' : 'On a business' };
  const leadId = text(details, 'leadId');
  if (entityType === 'lead_comment' && leadId) return { to: paths.lead(leadId), label: named ? 'Open lead' : 'On a lead' };
  return null;
}

/** Entries outlive the code that wrote them: an action this version does not know is not an `AuditAction`. */
function describerFor(action: string): Describer | undefined {
  return Object.hasOwn(DESCRIBERS, action) ? DESCRIBERS[action as AuditAction] : undefined;
}

export function describeAuditEntry(entry: AuditLogEntry): AuditEntryDescription {
  const details = entry.details ?? {};
  const describer = describerFor(entry.action);
  return {
    action: describer?.action ?? humanize(entry.action),
    summary: describer?.summary?.(details) ?? null,
    link: linkFor(entry, details),
    bySupport: entry.isImpersonated || entry.action.startsWith('impersonation.') || entry.action === 'access_request.created',
  };
}
