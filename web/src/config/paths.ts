/** Every URL of the SPA in one place, so links and routes cannot drift apart. */
export const paths = {
  home: '/',
  signIn: '/sign-in',
  register: '/register',
  forgotPassword: '/forgot-password',
  /** The link in the password reset email: `<APP_URL>/reset-password/<token>`. */
  resetPassword: (token: string) => `/reset-password/${encodeURIComponent(token)}`,
  resetPasswordPattern: '/reset-password/:token',
  /** The link in the invitation email: `<APP_URL>/invitations/<token>`. */
  invitation: (token: string) => `/invitations/${encodeURIComponent(token)}`,
  invitationPattern: '/invitations/:token',
  businesses: '/businesses',
  business: (businessId: string) => `/businesses/${encodeURIComponent(businessId)}`,
  businessPattern: '/businesses/:businessId',
  leads: '/leads',
  lead: (leadId: string) => `/leads/${encodeURIComponent(leadId)}`,
  leadPattern: '/leads/:leadId',
  auditLog: '/audit-log',
  /** The current team: its name, members and invitations. */
  teamSettings: '/team',
  settings: '/settings',
  /** Profile settings, at setting up two-factor authentication (where a team that requires it sends its members). */
  twoFactorSettings: '/settings#two-factor',
  /** Requests for support access concerning me or a team I own; the emailed link opens one: `<APP_URL>/access-requests/<id>`. */
  accessRequests: '/access-requests',
  accessRequest: (requestId: string) => `/access-requests/${encodeURIComponent(requestId)}`,
  accessRequestPattern: '/access-requests/:requestId',
  adminTeams: '/admin/teams',
  adminImpersonations: '/admin/impersonations',
  devMailbox: '/dev/mailbox',
} as const;
