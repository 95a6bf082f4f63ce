import { Title, Tooltip } from '@mantine/core';
import { useLayoutEffect, useState } from 'react';

/** Lines a page title may take before it is cut: a name of 200 letters with no space must not fill a phone's screen. */
const TITLE_MAX_LINES = 2;

/** Whether the element's text runs past its last visible line, kept current as it changes size. */
function useIsClamped(element: HTMLElement | null): boolean {
  const [clamped, setClamped] = useState(false);
  useLayoutEffect(() => {
    if (!element) return;
    const measure = () => setClamped(element.scrollHeight > element.clientHeight + 1);
    measure();
    // jsdom has no ResizeObserver; a browser always does.
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return clamped;
}

/**
 * A page's h1: wraps anywhere (unbroken words included) but stops after two lines with "…"; when cut,
 * hovering or focusing it shows the whole title. Its accessible name is always the whole text.
 */
export function PageTitle({ text }: { text: string }) {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const clamped = useIsClamped(element);
  return (
    <Tooltip
      label={text}
      disabled={!clamped}
      multiline
      maw={480}
      withArrow
      position="bottom-start"
      openDelay={200}
      events={{ hover: true, focus: true, touch: true }}
      styles={{ tooltip: { overflowWrap: 'anywhere' } }}
    >
      <Title ref={setElement} order={1} lineClamp={TITLE_MAX_LINES} tabIndex={clamped ? 0 : undefined} style={{ overflowWrap: 'anywhere' }}>
        {text}
      </Title>
    </Tooltip>
  );
}
