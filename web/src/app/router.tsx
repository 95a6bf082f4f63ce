import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router-dom';
import { PageLoader } from '@/components/page-loader';
import { paths } from '@/config/paths';
import { RedirectIfSignedIn, RequireSignedIn, RequireTeamTwoFactor } from './routes/guards';
import { RouteErrorPage } from './routes/route-error';

// Every page is its own chunk: the first load carries only providers, guards and the router.
const SignInPage = lazy(() => import('./routes/auth/sign-in'));
const RegisterPage = lazy(() => import('./routes/auth/register'));
const ForgotPasswordPage = lazy(() => import('./routes/auth/forgot-password'));
const ResetPasswordPage = lazy(() => import('./routes/auth/reset-password'));
const InvitationPage = lazy(() => import('./routes/auth/invitation'));
const AppLayout = lazy(() => import('./layout/app-layout'));
const BusinessesPage = lazy(() => import('./routes/app/businesses'));
const BusinessDetailPage = lazy(() => import('./routes/app/business-detail'));
const LeadsPage = lazy(() => import('./routes/app/leads'));
const LeadDetailPage = lazy(() => import('./routes/app/lead-detail'));
const AuditLogPage = lazy(() => import('./routes/app/audit-log'));
const TeamSettingsPage = lazy(() => import('./routes/app/team-settings'));
const SettingsPage = lazy(() => import('./routes/app/settings'));
const AccessRequestsPage = lazy(() => import('./routes/app/access-requests'));
const DevMailboxPage = lazy(() => import('./routes/app/dev-mailbox'));
const NotFoundPage = lazy(() => import('./routes/app/not-found'));
const AdminTeamsPage = lazy(() => import('./routes/admin/teams'));
const ActiveImpersonationsPage = lazy(() => import('./routes/admin/impersonations'));

/** A page outside the sign-in guards, loaded on demand. */
function PublicPage({ page }: { page: ReactNode }) {
  return <Suspense fallback={<PageLoader fullScreen />}>{page}</Suspense>;
}

export const routes: RouteObject[] = [
  {
    errorElement: <RouteErrorPage />,
    children: [
      {
        element: <RedirectIfSignedIn />,
        children: [
          { path: paths.signIn, element: <SignInPage /> },
          { path: paths.register, element: <RegisterPage /> },
          { path: paths.forgotPassword, element: <ForgotPasswordPage /> },
        ],
      },
      // Public: someone signing in on a development server reads their code here.
      { path: paths.devMailbox, element: <PublicPage page={<DevMailboxPage />} /> },
      // Public, signed in or not: the links in the password reset and invitation emails.
      { path: paths.resetPasswordPattern, element: <PublicPage page={<ResetPasswordPage />} /> },
      { path: paths.invitationPattern, element: <PublicPage page={<InvitationPage />} /> },
      {
        element: <RequireSignedIn />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <Navigate to={paths.businesses} replace /> },
              {
                // The current team's data: a team that requires 2FA sends members without it to set it up.
                element: <RequireTeamTwoFactor />,
                children: [
                  { path: paths.businesses, element: <BusinessesPage /> },
                  { path: paths.businessPattern, element: <BusinessDetailPage /> },
                  { path: paths.leads, element: <LeadsPage /> },
                  { path: paths.leadPattern, element: <LeadDetailPage /> },
                  { path: paths.auditLog, element: <AuditLogPage /> },
                  { path: paths.teamSettings, element: <TeamSettingsPage /> },
                ],
              },
              { path: paths.settings, element: <SettingsPage /> },
              { path: paths.accessRequests, element: <AccessRequestsPage /> },
              { path: paths.accessRequestPattern, element: <AccessRequestsPage /> },
              { path: paths.adminTeams, element: <AdminTeamsPage /> },
              { path: paths.adminImpersonations, element: <ActiveImpersonationsPage /> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
