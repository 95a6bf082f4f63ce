import { Anchor, Breadcrumbs, Button, Grid, Skeleton, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { isApiClientError } from '@/lib/api-client';
import { ErrorAlert } from './error-alert';
import { NoCurrentTeam } from './no-current-team';
import { NotFoundState } from './not-found-state';
import { PageHeader } from './page-header';

interface DetailPageFrameProps<T> {
  /** The record's query; a 404 means it is not in the current team. */
  query: UseQueryResult<T>;
  /** The current team's name, or null when the person is not working in a team. */
  teamName: string | null;
  /** What the record is, in lower case: "business", "lead". */
  noun: string;
  /** The list it belongs to ("Businesses"), for the breadcrumb, the tab title and the way back. */
  list: { label: string; to: string };
  name: (record: T) => string;
  description?: (record: T) => ReactNode;
  /** The main column: the team's conversation about the record. */
  comments: (record: T) => ReactNode;
  /** The side column: the record's details and what belongs to it. */
  aside: (record: T) => ReactNode;
}

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * The frame of a record's page (a business, a lead): breadcrumb back to its list, the tab title, and
 * the loading, not-in-this-team and failed states; once loaded, the header, the comments and a side
 * column with what the page adds.
 */
export function DetailPageFrame<T>({ query, teamName, noun, list, name, description, comments, aside }: DetailPageFrameProps<T>) {
  const record = query.data;
  const recordName = record === undefined ? null : name(record);
  useDocumentTitle(recordName ? `${recordName} · ${list.label} · Vantage` : `${capitalized(noun)} · Vantage`);

  const breadcrumbs = (
    <Breadcrumbs aria-label="Breadcrumb">
      <Anchor component={Link} to={list.to} size="sm">
        {list.label}
      </Anchor>
      <Text size="sm" aria-current="page" truncate maw={320}>
        {recordName ?? capitalized(noun)}
      </Text>
    </Breadcrumbs>
  );

  if (teamName === null) return <NoCurrentTeam />;

  if (query.isPending) {
    return (
      <Stack gap="lg" maw={1120} aria-busy="true" aria-label={`Loading the ${noun}`}>
        {breadcrumbs}
        <Skeleton height={40} w="40%" />
        <Skeleton height={20} w="70%" />
        <Skeleton height={240} radius="md" />
      </Stack>
    );
  }

  if (query.isError) {
    // An id that cannot be one (a cut or mistyped link: the API refuses it as a bad field) names no
    // record either: the same page as an unknown id, not a validation error with nothing to fix.
    const notFound =
      isApiClientError(query.error) && (query.error.status === 404 || (query.error.status === 400 && 'id' in query.error.fieldErrors));
    return (
      <Stack gap="lg" maw={1120}>
        {breadcrumbs}
        {notFound ? (
          <NotFoundState
            title={`This ${noun} is not in your current team`}
            description={`It may have been removed, the link may be wrong, or it belongs to another team than ${teamName}.`}
            backTo={list.to}
            backLabel={`Back to ${list.label.toLowerCase()}`}
          />
        ) : (
          <Stack gap="sm" align="flex-start">
            <ErrorAlert error={query.error} title={`Could not load the ${noun}`} w="100%" />
            <Button variant="default" size="xs" onClick={() => void query.refetch()}>
              Try again
            </Button>
          </Stack>
        )}
      </Stack>
    );
  }

  const loaded = query.data;
  return (
    <Stack gap="lg" maw={1120}>
      {breadcrumbs}
      <PageHeader eyebrow={teamName} title={name(loaded)} description={description?.(loaded)} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>{comments(loaded)}</Grid.Col>
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>{aside(loaded)}</Grid.Col>
      </Grid>
    </Stack>
  );
}
