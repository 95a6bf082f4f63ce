import { Card, Table, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';

export interface TableColumn {
  label: string;
  width?: number;
  /** Named for screen readers only, e.g. a column of buttons ("Actions"). */
  labelHidden?: boolean;
}

interface TableCardProps {
  /** The table's accessible name: "Members". */
  label: string;
  columns: TableColumn[];
  /** Narrower than this (a phone), the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  /** The `<Table.Tr>` rows. */
  children: ReactNode;
  highlightOnHover?: boolean;
  /** The rows are about to be replaced (the next page is loading over them). */
  dimmed?: boolean;
}

/** A list as a table in a bordered card: the column headers, the rows, and sideways scrolling on narrow screens. */
export function TableCard({ label, columns, minWidth, children, highlightOnHover = false, dimmed = false }: TableCardProps) {
  return (
    <Card withBorder radius="md" padding={0}>
      <Table.ScrollContainer minWidth={minWidth}>
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover={highlightOnHover} aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th key={column.label} scope="col" w={column.width}>
                  {column.labelHidden ? <VisuallyHidden>{column.label}</VisuallyHidden> : column.label}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody style={{ opacity: dimmed ? 0.6 : 1 }}>{children}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
