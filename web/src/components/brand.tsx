import { Group, Text } from '@mantine/core';

/** The Vantage mark, as in the favicon; `inverted` for use on the indigo panels. */
export function BrandMark({ size = 28, inverted = false }: { size?: number; inverted?: boolean }) {
  const tile = 'var(--mantine-color-indigo-8)';
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill={inverted ? '#fff' : tile} />
      <path d="M8 9h4.2L16 19.6 19.8 9H24l-6 15h-4z" fill={inverted ? tile : '#fff'} />
    </svg>
  );
}

export function Brand() {
  return (
    <Group gap={8} wrap="nowrap">
      <BrandMark />
      <Text component="span" fw={750} fz="lg" c="gray.9" style={{ letterSpacing: '-0.01em' }}>
        Vantage
      </Text>
    </Group>
  );
}
