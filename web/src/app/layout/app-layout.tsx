import { Anchor, AppShell, Burger, Divider, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useEffect } from 'react';
import { Link, NavLink as RouterNavLink, Outlet, useLocation } from 'react-router-dom';
import { Brand } from '@/components/brand';
import { SettingsIcon } from '@/components/icons';
import { PageLoader } from '@/components/page-loader';
import { paths } from '@/config/paths';
import { UserMenu } from '@/features/auth/components/user-menu';
import { ImpersonationBanner } from '@/features/impersonation/components/impersonation-banner';
import { SupportSessionBanner } from '@/features/support-access/components/support-session-banner';
import { SupportSessionEndedNotice } from '@/features/impersonation/components/support-session-ended-notice';
import { TeamSwitcher } from '@/features/teams/components/team-switcher';
import { useSignedInUser } from '@/lib/current-user';
import classes from './app-layout.module.css';
import { navigationFor, type NavigationItem } from './navigation';

function isActive(item: NavigationItem, pathname: string): boolean {
  return pathname === item.path || pathname.startsWith(`${item.path}/`);
}

/** The signed-in frame: header (brand, team, account), section navigation, and the page. */
export default function AppLayout() {
  const user = useSignedInUser();
  const [navbarOpened, navbar] = useDisclosure(false);
  const { pathname } = useLocation();

  // On phones the navbar covers the page; close it once a destination was chosen.
  const closeNavbar = navbar.close;
  useEffect(() => closeNavbar(), [pathname, closeNavbar]);

  const renderItem = (item: NavigationItem) => (
    <NavLink
      key={item.path}
      component={RouterNavLink}
      to={item.path}
      label={item.label}
      leftSection={<item.icon size={18} />}
      rightSection={item.badge && <item.badge />}
      active={isActive(item, pathname)}
      variant="light"
      className={classes.navLink}
    />
  );

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !navbarOpened } }}
      padding={{ base: 'md', md: 'xl' }}
    >
      <a href="#main-content" className={classes.skipLink}>
        Skip to main content
      </a>

      <AppShell.Header className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger
              opened={navbarOpened}
              onClick={navbar.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navbarOpened ? 'Close navigation' : 'Open navigation'}
            />
            <Anchor component={Link} to={paths.home} underline="never" aria-label="Vantage home" visibleFrom="xs">
              <Brand />
            </Anchor>
            <Divider orientation="vertical" my={14} visibleFrom="xs" />
            <TeamSwitcher />
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap="lg">
            {navigationFor(user.role).map((section) => (
              <div key={section.label}>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={6} style={{ letterSpacing: '0.06em' }}>
                  {section.label}
                </Text>
                <Stack gap={2}>{section.items.map(renderItem)}</Stack>
              </div>
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Divider mb="sm" />
          {renderItem({ label: 'Profile settings', path: paths.settings, icon: SettingsIcon })}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main-content" tabIndex={-1} className={classes.main}>
        <ImpersonationBanner />
        <SupportSessionBanner />
        <SupportSessionEndedNotice />
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
