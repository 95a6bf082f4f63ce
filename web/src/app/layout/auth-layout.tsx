import { Box, Group, List, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Brand, BrandMark } from '@/components/brand';
import { CheckIcon } from '@/components/icons';
import classes from './auth-layout.module.css';

const HIGHLIGHTS = [
  'Businesses, leads and comments for every team you work in',
  'Two-factor sign-in with an emailed code or an authenticator app',
  'Support access you control, with every action on the record',
];

/** Sign-in and registration: the form on the right, what Vantage is on the left (wide screens). */
export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <Box component="main" className={classes.root}>
      <Box className={classes.showcase}>
        <Group gap={10}>
          <BrandMark size={34} inverted />
          <Text component="span" fw={750} fz={24} c="white">
            Vantage
          </Text>
        </Group>
        <Stack gap="lg" maw={420}>
          <Text component="p" fz={30} fw={700} lh={1.2} c="white" m={0}>
            The team CRM that keeps every customer conversation in one place.
          </Text>
          <List spacing="sm" icon={<CheckIcon size={18} />} className={classes.highlights}>
            {HIGHLIGHTS.map((highlight) => (
              <List.Item key={highlight}>{highlight}</List.Item>
            ))}
          </List>
        </Stack>
        <Text size="sm" c="indigo.1">
          © {new Date().getFullYear()} Vantage
        </Text>
      </Box>

      <Box className={classes.formColumn}>
        <Box hiddenFrom="md" mb="xl">
          <Brand />
        </Box>
        <Paper className={classes.card} withBorder shadow="sm" radius="lg" p={{ base: 'lg', sm: 'xl' }}>
          {children}
        </Paper>
      </Box>
    </Box>
  );
}
