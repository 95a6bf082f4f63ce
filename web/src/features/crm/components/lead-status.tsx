import { Badge } from '@mantine/core';
import { LEAD_STATUSES, type LeadStatus } from '@vantage/contracts';

const LEAD_STATUS_LABELS: Record<LeadStatus, string> = {
  new: 'New',
  contacted: 'Contacted',
  qualified: 'Qualified',
  won: 'Won',
  lost: 'Lost',
};

// Light badges only in palettes whose dark shades keep 4.5:1 text contrast (see app/theme.ts).
const LEAD_STATUS_COLORS: Record<LeadStatus, string> = {
  new: 'blue',
  contacted: 'indigo',
  qualified: 'violet',
  won: 'grape',
  lost: 'gray',
};

export function leadStatusLabel(status: LeadStatus): string {
  return LEAD_STATUS_LABELS[status];
}

/** Options for status pickers, in pipeline order. */
export const LEAD_STATUS_OPTIONS = LEAD_STATUSES.map((status) => ({ value: status, label: LEAD_STATUS_LABELS[status] }));

export function isLeadStatus(value: unknown): value is LeadStatus {
  return typeof value === 'string' && (LEAD_STATUSES as readonly string[]).includes(value);
}

export function LeadStatusBadge({ status }: { status: LeadStatus }) {
  return (
    <Badge variant="light" color={LEAD_STATUS_COLORS[status]} radius="sm">
      {LEAD_STATUS_LABELS[status]}
    </Badge>
  );
}
