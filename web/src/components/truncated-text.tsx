import { Anchor, Text, Tooltip, type MantineSize } from '@mantine/core';
import { useLayoutEffect, useState } from 'react';
import { Link } from 'react-router-dom';

interface TruncatedTextProps {
  /** The full text: cut to one line with "…" when wider than `maxWidth`, whole in the tooltip. */
  text: string;
  /** The widest the text may grow before it is cut (px), so one long name cannot squeeze its neighbours. */
  maxWidth: number;
  /** Renders the text as a link to this in-app path. */
  to?: string;
  size?: MantineSize;
  fw?: number;
  c?: string;
}

/** Whether the element's text is wider than its box, kept current as the box or text changes size. */
function useIsCut(element: HTMLElement | null): boolean {
  const [cut, setCut] = useState(false);
  useLayoutEffect(() => {
    if (!element) return;
    const measure = () => setCut(element.scrollWidth > element.clientWidth);
    measure();
    // jsdom has no ResizeObserver; a browser always does.
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return cut;
}

/**
 * One line of someone's text in a table cell: a name of any length keeps the columns beside it in
 * place. When it is cut, hovering or focusing it shows the whole text (a cut plain text becomes
 * focusable so keyboard users can read it too).
 */
export function TruncatedText({ text, maxWidth, to, size = 'sm', fw, c }: TruncatedTextProps) {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const cut = useIsCut(element);

  const shared = { ref: setElement, size, fw, c, truncate: 'end' as const, maw: maxWidth, display: 'block' };
  const content = to ? (
    <Anchor component={Link} to={to} {...shared}>
      {text}
    </Anchor>
  ) : (
    <Text {...shared} tabIndex={cut ? 0 : undefined}>
      {text}
    </Text>
  );

  return (
    <Tooltip
      label={text}
      disabled={!cut}
      multiline
      maw={360}
      withArrow
      openDelay={200}
      events={{ hover: true, focus: true, touch: true }}
      styles={{ tooltip: { overflowWrap: 'anywhere' } }}
    >
      {content}
    </Tooltip>
  );
}
