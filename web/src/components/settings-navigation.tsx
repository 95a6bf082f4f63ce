import { Box, Group, NativeSelect, NavLink, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

/** One section of a settings page: its anchor (`#two-factor`), its name in the navigation, and its card. */
export interface SettingsPart {
  id: string;
  label: string;
  content: ReactNode;
}

interface SettingsNavigationProps {
  /** The navigation's accessible name: "Profile settings sections". */
  label: string;
  sections: SettingsPart[];
}

// Jumped-to sections stop below the fixed app header (60 px) instead of under it.
const SCROLL_MARGIN = 'calc(60px + var(--mantine-spacing-md))';

/**
 * A long settings page with a way around it: a side list of its sections on wide screens (it stays
 * in view while the page scrolls), a "Go to section" picker on phones. Each link is an ordinary
 * `#anchor`, so a section can be linked to and the back button returns to where one was.
 */
export function SettingsNavigation({ label, sections }: SettingsNavigationProps) {
  const goTo = (id: string) => {
    window.history.pushState(null, '', `#${id}`);
    document.getElementById(id)?.scrollIntoView({ block: 'start' });
  };

  return (
    <Stack gap="lg">
      <NativeSelect
        hiddenFrom="md"
        label="Go to section"
        data={[{ value: '', label: 'Choose a section…' }, ...sections.map(({ id, label: name }) => ({ value: id, label: name }))]}
        value=""
        onChange={(event) => {
          if (event.currentTarget.value) goTo(event.currentTarget.value);
        }}
      />
      <Group align="flex-start" gap="xl" wrap="nowrap">
        <Box component="nav" aria-label={label} visibleFrom="md" w={200} style={{ flexShrink: 0, position: 'sticky', top: SCROLL_MARGIN }}>
          {sections.map(({ id, label: name }) => (
            <NavLink key={id} href={`#${id}`} label={name} py={6} style={{ borderRadius: 'var(--mantine-radius-md)' }} />
          ))}
        </Box>
        <Stack gap="lg" miw={0} style={{ flex: 1 }}>
          {sections.map(({ id, content }) => (
            <Box key={id} id={id} style={{ scrollMarginTop: SCROLL_MARGIN }}>
              {content}
            </Box>
          ))}
        </Stack>
      </Group>
    </Stack>
  );
}
