import { createTheme, rem, type CSSVariablesResolver } from '@mantine/core';

/**
 * Colours were picked for WCAG AA contrast (4.5:1 for body-size text). Shade 8 is used for filled
 * backgrounds and coloured text of every palette: indigo 8 carries white text at 5.7:1 and red 8
 * at 4.5:1, where Mantine's default shade 6 manages ~3.3–3.6:1. Green, teal, orange and yellow stay
 * below 4.5:1 even at shade 8, so the app does not use them for text.
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 5 },
  defaultRadius: 'md',
  fontFamily: '"Inter Variable", Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  // A calm scale: page titles lead by size, not by weight (Mantine's 34 px bold shouted).
  headings: {
    fontWeight: '600',
    sizes: {
      h1: { fontSize: rem(28), lineHeight: '1.25' },
      h2: { fontSize: rem(22), lineHeight: '1.3' },
      h3: { fontSize: rem(18), lineHeight: '1.35' },
      h4: { fontSize: rem(16), lineHeight: '1.4' },
    },
  },
  components: {
    Button: { defaultProps: { fw: 600 } },
    Alert: { defaultProps: { variant: 'light' } },
    // A badge is one short word ("Contacted", "Off"): it keeps its full width in a squeezed row or
    // table cell instead of shrinking to "CONTA…" — the text beside it is what wraps or is cut.
    Badge: {
      styles: {
        root: { flexShrink: 0, minWidth: 'max-content', overflow: 'visible' },
        label: { overflow: 'visible', textOverflow: 'clip' },
      },
    },
    // Tables read as lists of records: quiet small-caps headers on a tinted band, numbers that line up.
    Table: {
      styles: {
        thead: { backgroundColor: 'var(--mantine-color-gray-0)' },
        th: {
          fontSize: 'var(--mantine-font-size-xs)',
          fontWeight: 600,
          letterSpacing: '0.04em',
          textTransform: 'uppercase',
          color: 'var(--mantine-color-gray-7)',
        },
        td: { fontVariantNumeric: 'tabular-nums' },
      },
    },
    // The placeholder is a role="presentation" child of role="menu", which ARIA forbids (axe:
    // aria-required-children, critical); keyboard users still land on the first item.
    Menu: { defaultProps: { withInitialFocusPlaceholder: false } },
    // Mantine's close buttons are icon-only and unnamed by default (axe: button-name, critical).
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } },
      // The description is hard-wired to gray 6 (3.3:1 on white). It also clips what overflows with an
      // ellipsis: a long email address ("…@harbor-freight-…") lost its middle, so long words wrap.
      styles: {
        title: { overflowWrap: 'anywhere' },
        description: { color: 'var(--mantine-color-gray-7)', overflowWrap: 'anywhere' },
      },
    },
  },
});

/**
 * Mantine's "dimmed" grey (gray 6) and its error red (red 6) both read at ~3.3:1 on white;
 * gray 7 (8:1) and red 9 (5.5:1) keep secondary text and field errors legible.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    // Light indigo controls (Switch, Create team, the active nav link) hover on indigo 2, where the
    // indigo 9 label drops to 4.1:1; halfway between indigo 1 and 2 keeps 4.7:1 and a visible change.
    '--mantine-color-indigo-light-hover': '#cbd6ff',
  },
  dark: {},
});
