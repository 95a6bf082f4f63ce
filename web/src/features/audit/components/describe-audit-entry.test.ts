import type { AuditLogEntry } from '@vantage/contracts';
import { errorMessages } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { describeAuditEntry } from './describe-audit-entry';

function entry(overrides: Partial<AuditLogEntry>): AuditLogEntry {
  return {
    id: 'entry-1',
    action: 'business.created',
    actor: { id: 'user-ada', name: 'Ada Lovelace' },
    actorName: 'Ada Lovelace',
    isImpersonated: false,
    entityType: null,
    entityId: null,
    createdAt: '2026-03-12T09:30:00.000Z',
    details: null,
    ...overrides,
  };
}

describe('audit entries in words', () => {
  it('says when a passkey was the second factor: added, removed, used to sign in, refused', () => {
    expect(describeAuditEntry(entry({ action: 'two_factor.passkey_added', details: { name: 'Work laptop' } }))).toMatchObject({
      action: 'Added a passkey',
      summary: 'Work laptop',
    });
    expect(describeAuditEntry(entry({ action: 'two_factor.passkey_removed', details: { name: 'Old phone' } })).action).toBe(
      'Removed a passkey',
    );
    expect(describeAuditEntry(entry({ action: 'auth.login', details: { secondFactor: 'passkey' } })).summary).toBe('With a passkey.');
    expect(
      describeAuditEntry(entry({ action: 'two_factor.failed', details: { purpose: 'login', attempt: 2, factor: 'passkey' } })).summary,
    ).toBe('A passkey was refused. Attempt 2 in a row.');
  });

  it('names a created business and links to it', () => {
    expect(
      describeAuditEntry(entry({ action: 'business.created', entityType: 'business', entityId: 'b1', details: { name: 'Harbor' } })),
    ).toEqual({
      action: 'Created a business',
      summary: 'Harbor',
      link: { to: '/businesses/b1', label: 'Open business' },
      bySupport: false,
    });
  });

  it('marks as support’s what support did in the account and its access itself, not the customer’s own actions', () => {
    expect(describeAuditEntry(entry({ action: 'impersonation.started', details: { reason: 'Billing question' } })).bySupport).toBe(true);
    expect(describeAuditEntry(entry({ action: 'comment.created', isImpersonated: true })).bySupport).toBe(true);
    expect(describeAuditEntry(entry({ action: 'comment.created' })).bySupport).toBe(false);
  });

  it('links a comment to the business or lead it was written on', () => {
    const onBusiness = describeAuditEntry(
      entry({ action: 'comment.created', entityType: 'business_comment', entityId: 'c1', details: { businessId: 'b1' } }),
    );
    expect(onBusiness.action).toBe('Commented');
    expect(onBusiness.link?.to).toBe('/businesses/b1');

    const onLead = describeAuditEntry(
      entry({ action: 'comment.created', entityType: 'lead_comment', entityId: 'c2', details: { leadId: 'l1' } }),
    );
    expect(onLead.link?.to).toBe('/leads/l1');
    expect(onLead.link?.label).toBe('On a lead');
  });

  it('names what was commented on, by its name when the comment was written', () => {
    const onBusiness = describeAuditEntry(
      entry({ action: 'comment.created', entityType: 'business_comment', details: { businessId: 'b1', businessName: 'Acme Corp' } }),
    );
    expect([onBusiness.action, onBusiness.summary, onBusiness.link]).toEqual([
      'Commented',
      'On Acme Corp',
      { to: '/businesses/b1', label: 'Open business' },
    ]);

    const onLead = describeAuditEntry(
      entry({ action: 'comment.created', entityType: 'lead_comment', details: { leadId: 'l1', leadName: 'Renewal 2027' } }),
    );
    expect([onLead.summary, onLead.link]).toEqual(['On Renewal 2027', { to: '/leads/l1', label: 'Open lead' }]);
  });

  it('shows a status change as from → to, in words', () => {
    expect(describeAuditEntry(entry({ action: 'lead.status_changed', details: { from: 'new', to: 'won' } })).summary).toBe('New → Won');
  });

  it('explains support access: who was accessed and why, and refusals as sentences rather than codes', () => {
    const started = describeAuditEntry(
      entry({ action: 'impersonation.started', details: { impersonatedEmail: 'ada@example.com', reason: 'Ticket 12' } }),
    );
    expect(started).toMatchObject({ action: 'Support access started', summary: 'As ada@example.com. Reason: Ticket 12' });

    const refused = describeAuditEntry(entry({ action: 'impersonation.refused', details: { code: 'IMPERSONATION_NOT_ALLOWED' } }));
    expect(refused.summary).toBe(errorMessages.IMPERSONATION_NOT_ALLOWED);
  });

  it('tells who joined, was invited, changed role, was removed or left a team, in words', () => {
    expect(
      describeAuditEntry(entry({ action: 'team.member_invited', details: { email: 'grace@example.com', role: 'member' } })),
    ).toMatchObject({ action: 'Invited someone to the team', summary: 'grace@example.com as Member.' });
    expect(
      describeAuditEntry(entry({ action: 'team.invitation_revoked', details: { email: 'grace@example.com', role: 'owner' } })).summary,
    ).toBe('grace@example.com as Owner.');
    expect(
      describeAuditEntry(entry({ action: 'team.member_role_changed', details: { userId: 'u2', from: 'member', to: 'owner' } })),
    ).toMatchObject({ action: 'Changed a member’s role', summary: 'Member → Owner' });
    expect(
      describeAuditEntry(entry({ action: 'team.member_removed', details: { userId: 'u2', email: 'grace@example.com' } })),
    ).toMatchObject({
      action: 'Removed a member from the team',
      summary: 'grace@example.com',
    });
    expect(describeAuditEntry(entry({ action: 'team.member_left', details: { userId: 'u2', email: 'grace@example.com' } })).action).toBe(
      'Left the team',
    );
  });

  it('shows a renamed team as from → to', () => {
    expect(describeAuditEntry(entry({ action: 'team.updated', details: { name: { from: 'Acme', to: 'Acme Europe' } } })).summary).toBe(
      'Renamed from Acme to Acme Europe.',
    );
  });

  it('gives an assisted two-factor reset its reason, and an ended session its device', () => {
    expect(describeAuditEntry(entry({ action: 'two_factor.reset_by_admin', details: { reason: 'Lost phone, ticket 88' } }))).toMatchObject({
      action: 'Two-factor authentication reset by a super admin',
      summary: 'Reason: Lost phone, ticket 88',
    });
    expect(
      describeAuditEntry(
        entry({
          action: 'auth.session_ended',
          details: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36' },
        }),
      ).summary,
    ).toBe('Chrome on Linux.');
  });

  it('shows a change of the team’s support access policy as from → to, in words', () => {
    expect(
      describeAuditEntry(entry({ action: 'team.support_access_changed', details: { from: 'allowed', to: 'approval' } })),
    ).toMatchObject({
      action: 'Changed who from support may enter the team',
      summary: 'Allowed → Only with approval',
    });
    expect(describeAuditEntry(entry({ action: 'team.support_access_changed', details: { from: 'approval', to: 'never' } })).summary).toBe(
      'Only with approval → Never',
    );
  });

  it('describes access requests with who they are for, the mode and window in words, and the reason', () => {
    const details = { userName: 'Ada Lovelace', mode: 'read', durationMinutes: 60, reason: 'Ticket 12' };
    const created = describeAuditEntry(
      entry({ action: 'access_request.created', entityType: 'access_request', entityId: 'request-1', details }),
    );
    expect(created).toMatchObject({
      action: 'Support asked for access',
      summary: 'For Ada Lovelace. Read-only, 1 hour. Reason: Ticket 12',
      link: { to: '/access-requests/request-1', label: 'Open request' },
      bySupport: true,
    });
    expect(describeAuditEntry(entry({ action: 'access_request.approved', details: { mode: 'write', durationMinutes: 30 } }))).toMatchObject(
      {
        action: 'Support access request approved',
        summary: 'Read and write, 30 minutes.',
        bySupport: false,
      },
    );
    expect(describeAuditEntry(entry({ action: 'access_request.denied' }))).toMatchObject({
      action: 'Support access request denied',
      summary: null,
    });
    expect(describeAuditEntry(entry({ action: 'access_request.revoked', details: { durationMinutes: 240 } })).summary).toBe('4 hours.');
  });

  it('says when the person ended a support session themselves', () => {
    expect(describeAuditEntry(entry({ action: 'impersonation.ended_by_user' }))).toMatchObject({
      action: 'Support access ended by the person',
      bySupport: true,
    });
  });

  it('turns an action it does not know into words instead of showing the code', () => {
    expect(describeAuditEntry(entry({ action: 'billing.invoice_sent' }))).toEqual({
      action: 'Billing invoice sent',
      summary: null,
      link: null,
      bySupport: false,
    });
  });
});
