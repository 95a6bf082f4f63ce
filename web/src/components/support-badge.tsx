import { Badge, Tooltip, VisuallyHidden } from '@mantine/core';
import { ShieldIcon } from './icons';

interface SupportBadgeProps {
  /** What support did, as a sentence: shown on hover and read by screen readers after "Support". */
  explanation?: string;
}

/**
 * Marks something done by Vantage support while impersonating the account (a comment, an audit
 * entry). The name next to it already reads "Support team (…)"; the badge makes it stand out.
 */
export function SupportBadge({ explanation = 'Done by Vantage support while accessing this account.' }: SupportBadgeProps) {
  return (
    <Tooltip label={explanation} withArrow multiline maw={260}>
      <Badge variant="light" color="grape" radius="sm" leftSection={<ShieldIcon size={12} />}>
        Support
        <VisuallyHidden>: {explanation}</VisuallyHidden>
      </Badge>
    </Tooltip>
  );
}
