import { Avatar, Group, Menu, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { fullName } from '@vantage/contracts';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { LogOutIcon, SelectorIcon, SettingsIcon } from '@/components/icons';
import { RoleBadge } from '@/components/role-badge';
import { paths } from '@/config/paths';
import { errorSentence } from '@/lib/api-client';
import { useCurrentUser, useSignedInUser } from '@/lib/current-user';
import { initials } from '@/lib/format';

/** Header menu: who is signed in, their role, profile settings and signing out. */
export function UserMenu() {
  const user = useSignedInUser();
  const { signOut } = useCurrentUser();
  const [signingOut, setSigningOut] = useState(false);
  const name = fullName(user) || user.email;

  const handleSignOut = async () => {
    setSigningOut(true);
    try {
      await signOut();
    } catch (error) {
      setSigningOut(false);
      notifications.show({ color: 'red', title: 'You are still signed in', message: errorSentence(error) });
    }
  };

  return (
    <Menu position="bottom-end" width={260} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-busy={signingOut} style={{ borderRadius: 'var(--mantine-radius-md)' }} px={6} py={4}>
          <Group gap={8} wrap="nowrap">
            <Avatar color="indigo" radius="xl" size={32} aria-hidden="true">
              {initials(user.firstName, user.lastName, user.email)}
            </Avatar>
            <VisuallyHidden>Account menu for </VisuallyHidden>
            <Text size="sm" fw={600} visibleFrom="sm" truncate maw={160}>
              {name}
            </Text>
            <VisuallyHidden hiddenFrom="sm">{name}</VisuallyHidden>
            <SelectorIcon size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Stack gap={4} px="sm" py="xs">
          <Text size="sm" fw={600} truncate>
            {name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {user.email}
          </Text>
          <Group gap={6} mt={4}>
            <RoleBadge role={user.role} />
          </Group>
        </Stack>
        <Menu.Divider />
        <Menu.Item component={Link} to={paths.settings} leftSection={<SettingsIcon size={16} />}>
          Profile settings
        </Menu.Item>
        <Menu.Item color="red.9" leftSection={<LogOutIcon size={16} />} onClick={() => void handleSignOut()} disabled={signingOut}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
