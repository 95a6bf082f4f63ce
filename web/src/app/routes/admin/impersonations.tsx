import { Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IMPERSONATION_MINUTES } from '@vantage/contracts';
import { ActiveImpersonations } from '@/features/admin/components/active-impersonations';
import { AdminOnly } from '@/features/admin/components/admin-only';

/** `/admin/impersonations`: who is working as whom right now. */
export default function ActiveImpersonationsPage() {
  useDocumentTitle('Active impersonations · Vantage');
  return (
    <AdminOnly>
      <Stack gap="lg" maw={1240}>
        <div>
          <Title order={1}>Active impersonations</Title>
          <Text c="dimmed" mt={4}>
            Support staff currently working in a customer&apos;s account. Each session ends by itself after {IMPERSONATION_MINUTES} minutes.
          </Text>
        </div>
        <ActiveImpersonations />
      </Stack>
    </AdminOnly>
  );
}
