import type { Role } from '@vantage/contracts';
import type { ComponentType } from 'react';
import { BuildingIcon, HistoryIcon, ShieldIcon, TargetIcon, UsersIcon } from '@/components/icons';
import { paths } from '@/config/paths';

export interface NavigationItem {
  label: string;
  path: string;
  icon: ComponentType<{ size?: number }>;
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
