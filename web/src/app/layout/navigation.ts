import type { Role } from '@vantage/contracts';
import type { ComponentType } from 'react';
import { BuildingIcon, HistoryIcon, KeyIcon, ShieldIcon, TargetIcon, UsersIcon } from '@/components/icons';
import { paths } from '@/config/paths';
import { PendingAccessRequestsBadge } from '@/features/support-access/components/pending-access-requests-badge';

export interface NavigationItem {
  label: string;
  path: string;
  icon: ComponentType<{ size?: number }>;
  /** Shown at the end of the link, e.g. a count of what waits there. */
  badge?: ComponentType;
}

export interface NavigationSection {
  label: string;
  items: NavigationItem[];
  /** Account roles that see the section; everyone when absent. */
  roles?: Role[];
}

export const navigationSections: NavigationSection[] = [
  {
    label: 'Workspace',
    items: [
      { label: 'Businesses', path: paths.businesses, icon: BuildingIcon },
      { label: 'Leads', path: paths.leads, icon: TargetIcon },
      { label: 'Audit log', path: paths.auditLog, icon: HistoryIcon },
      // Also in the team menu; here too because that menu is closed during a support impersonation.
      { label: 'Team settings', path: paths.teamSettings, icon: UsersIcon },
      { label: 'Access requests', path: paths.accessRequests, icon: KeyIcon, badge: PendingAccessRequestsBadge },
    ],
  },
  {
    label: 'Administration',
    roles: ['admin', 'super_admin'],
    items: [
      { label: 'Teams List', path: paths.adminTeams, icon: UsersIcon },
      { label: 'Active impersonations', path: paths.adminImpersonations, icon: ShieldIcon },
    ],
  },
];

export function navigationFor(role: Role): NavigationSection[] {
  return navigationSections.filter((section) => !section.roles || section.roles.includes(role));
}
