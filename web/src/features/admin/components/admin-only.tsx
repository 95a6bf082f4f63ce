import { Button, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ShieldIcon } from '@/components/icons';
import { paths } from '@/config/paths';
import { useSignedInUser } from '@/lib/current-user';
import { isRefusedDuringImpersonation, useRestriction } from '@/lib/restrictions';

/**
 * Admin pages render their content only for support staff working as themselves. Everyone else
 * (a direct visit, an old bookmark) is told why in words; the API refuses them regardless.
 */
export function AdminOnly({ children }: { children: ReactNode }) {
  const user = useSignedInUser();
  // The admin pages are where impersonations are started and run; the API says when that is refused
  // because this session is itself an impersonation.
  const impersonateRestriction = useRestriction('impersonate');

  if (impersonateRestriction && isRefusedDuringImpersonation(impersonateRestriction)) {
    return (
      <Restricted title="Not available while impersonating">
        {impersonateRestriction.message} Use <strong>Return to my account</strong> in the banner above to get back to the admin pages.
      </Restricted>
    );
  }
  if (user.role !== 'admin' && user.role !== 'super_admin') {
    return <Restricted title="Admins only">This page is for Vantage support staff. Your account does not have access to it.</Restricted>;
  }
  return children;
}

function Restricted({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="md" maw={560} py="xl" align="flex-start">
      <ThemeIcon variant="light" color="indigo" size={48} radius="md">
        <ShieldIcon size={26} />
      </ThemeIcon>
      <Title order={1}>{title}</Title>
      <Text c="dimmed">{children}</Text>
      <Button component={Link} to={paths.home}>
        Back to the workspace
      </Button>
    </Stack>
  );
}
