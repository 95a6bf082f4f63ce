/** Every URL of the SPA in one place, so links and routes cannot drift apart. */
export const paths = {
  home: '/',
  signIn: '/sign-in',
  register: '/register',
  businesses: '/businesses',
  business: (businessId: string) => `/businesses/${encodeURIComponent(businessId)}`,
  businessPattern: '/businesses/:businessId',
  leads: '/leads',
  lead: (leadId: string) => `/leads/${encodeURIComponent(leadId)}`,
  leadPattern: '/leads/:leadId',
  auditLog: '/audit-log',
  settings: '/settings',
  adminTeams: '/admin/teams',
  adminImpersonations: '/admin/impersonations',
  devMailbox: '/dev/mailbox',
} as const;
