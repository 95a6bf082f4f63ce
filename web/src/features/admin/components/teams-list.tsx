import { Badge, Box, Button, Group, Loader, Pagination, Paper, Skeleton, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { ErrorCode, messageForErrorCode, TEAMS_SEARCH_MAX_LENGTH, type AdminTeamRow } from '@vantage/contracts';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { UsersIcon } from '@/components/icons';
import { RoleBadge } from '@/components/role-badge';
import { TruncatedText } from '@/components/truncated-text';
import { pagesToOffer } from '@/lib/capped-total';
import { useSignedInUser } from '@/lib/current-user';
import { formatDate } from '@/lib/format-date';
import { MODE_LABELS } from '@/lib/support-access-words';
import { TEAMS_LIST_PAGE_SIZE, useAdminTeams } from '../api/get-admin-teams';
import { EmptyMessage } from './empty-message';
import classes from './teams-list.module.css';
import { formatTimeOfDay } from './support-access-words';

/** Long enough to not query on every keystroke, short enough to feel like search-as-you-type. */
export const TEAMS_SEARCH_DEBOUNCE_MS = 300;

const NO_OWNER_REASON = 'This team has no owner to impersonate.';
const UNKNOWN_REFUSAL = 'This user cannot be impersonated.';

/** The team's owners approve support access first, and this admin holds no approved access yet. */
export function needsAccessRequest(row: AdminTeamRow): boolean {
  return row.owner !== null && row.impersonationBlockedReason === ErrorCode.IMPERSONATION_APPROVAL_REQUIRED;
}

/** Why Impersonate is unavailable for this row, in words, or null when it is available. */
export function impersonationUnavailableReason(row: AdminTeamRow): string | null {
  if (!row.owner) return NO_OWNER_REASON;
  if (!row.impersonationBlockedReason) return null;
  return messageForErrorCode(row.impersonationBlockedReason) ?? UNKNOWN_REFUSAL;
}

function pageFrom(value: string | null): number {
  const page = Number.parseInt(value ?? '', 10);
  return Number.isFinite(page) && page >= 1 ? page : 1;
}

/**
 * Search term and page live in the URL (`?search=&page=`), so a reload, a shared link and the back
 * button all show the same list. Typing updates the term after a pause; Enter applies it at once.
 */
function useTeamsListLocation() {
  const [searchParams, setSearchParams] = useSearchParams();
  const search = (searchParams.get('search') ?? '').trim().slice(0, TEAMS_SEARCH_MAX_LENGTH);
  const page = pageFrom(searchParams.get('page'));

  const applySearch = (term: string) => {
    const trimmed = term.trim();
    if (trimmed === search) return;
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (trimmed) next.set('search', trimmed);
        else next.delete('search');
        next.delete('page');
        return next;
      },
      // Each keystroke pause is not a place to come back to.
      { replace: true },
    );
  };

  const goToPage = (nextPage: number) =>
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      if (nextPage > 1) next.set('page', String(nextPage));
      else next.delete('page');
      return next;
    });

  return { search, page, applySearch, goToPage };
}

type RowWithOwner = AdminTeamRow & { owner: NonNullable<AdminTeamRow['owner']> };

interface TeamsListProps {
  /** Opens the impersonation dialog for the row's owner (only offered when the API allows it). */
  onImpersonate: (row: RowWithOwner) => void;
  /** Opens the access request for the row's owner (offered when the team's owners approve support access first). */
  onRequestAccess: (row: RowWithOwner) => void;
  /**
   * Super admins only: opens the assisted two-factor reset for the row's owner — offered for owners
   * who are neither a super admin nor the caller (the API refuses those with FORBIDDEN).
   */
  onResetTwoFactor?: (row: RowWithOwner) => void;
}

/** The admin Teams List: every team with its owner, searchable and paginated, with Impersonate per owner. */
export function TeamsList({ onImpersonate, onRequestAccess, onResetTwoFactor }: TeamsListProps) {
  const { search, page, applySearch, goToPage } = useTeamsListLocation();
  const [draft, setDraft] = useState(search);
  const [debouncedDraft] = useDebouncedValue(draft, TEAMS_SEARCH_DEBOUNCE_MS);
  const teamsQuery = useAdminTeams({ search, page, pageSize: TEAMS_LIST_PAGE_SIZE });

  // The term this box last put in the URL; any other change of the URL came from elsewhere.
  const searchFromTyping = useRef(search);
  const applyTypedSearch = (term: string) => {
    searchFromTyping.current = term.trim();
    applySearch(term);
  };
  const applyTypedSearchRef = useRef(applyTypedSearch);
  applyTypedSearchRef.current = applyTypedSearch;
  useEffect(() => applyTypedSearchRef.current(debouncedDraft), [debouncedDraft]);

  // The back button or a link changed the term: show it in the box.
  useEffect(() => {
    if (search === searchFromTyping.current) return;
    searchFromTyping.current = search;
    setDraft(search);
  }, [search]);

  const clearSearch = () => {
    setDraft('');
    applyTypedSearch('');
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    applyTypedSearch(draft);
  };

  const data = teamsQuery.data;
  const showingStale = teamsQuery.isPlaceholderData || (teamsQuery.isFetching && !teamsQuery.isPending);
  const totalPages = data ? pagesToOffer(data) : 1;

  return (
    <Stack gap="md">
      <form role="search" aria-label="Teams" onSubmit={handleSubmit}>
        <Group align="flex-end" gap="sm" wrap="nowrap">
          <TextInput
            type="search"
            label="Search teams"
            description="Team name, owner name or owner email"
            value={draft}
            onChange={(event) => setDraft(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape' && draft) {
                event.preventDefault();
                clearSearch();
              }
            }}
            maxLength={TEAMS_SEARCH_MAX_LENGTH}
            autoComplete="off"
            spellCheck={false}
            rightSection={showingStale ? <Loader size={16} aria-hidden="true" /> : null}
            style={{ flex: 1, maxWidth: 480 }}
          />
        </Group>
      </form>

      <Text size="sm" c="dimmed" role="status" aria-live="polite">
        {resultSummary(teamsQuery.isPending ? null : data, search)}
      </Text>

      {teamsQuery.isPending ? (
        <TeamsTableSkeleton />
      ) : teamsQuery.isError && !data ? (
        <Stack gap="sm" align="flex-start">
          <ErrorAlert error={teamsQuery.error} title="Could not load the teams" w="100%" />
          <Button variant="default" onClick={() => void teamsQuery.refetch()}>
            Try again
          </Button>
        </Stack>
      ) : data && data.items.length === 0 && !teamsQuery.isPlaceholderData ? (
        <NoTeams search={search} page={page} total={data.total} onClear={clearSearch} onFirstPage={() => goToPage(1)} />
      ) : data ? (
        <>
          {teamsQuery.isError && <ErrorAlert error={teamsQuery.error} title="Could not refresh the teams" />}
          <Paper withBorder radius="md" px="sm" py={4}>
            <Table.ScrollContainer minWidth={860} classNames={{ scrollContainerInner: classes.scrollInner }}>
              <Table
                className={classes.table}
                verticalSpacing="sm"
                highlightOnHover
                aria-label="Teams"
                aria-busy={showingStale || undefined}
                style={{ opacity: teamsQuery.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Team</Table.Th>
                    <Table.Th scope="col">Owner</Table.Th>
                    <Table.Th scope="col" ta="right">
                      Members
                    </Table.Th>
                    <Table.Th scope="col">Created</Table.Th>
                    <Table.Th scope="col" w={260}>
                      Support access
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((row) => (
                    <TeamRow
                      key={row.id}
                      row={row}
                      onImpersonate={onImpersonate}
                      onRequestAccess={onRequestAccess}
                      onResetTwoFactor={onResetTwoFactor}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
          {totalPages > 1 && (
            <Box component="nav" aria-label="Teams List pages">
              <Pagination
                total={totalPages}
                value={Math.min(page, totalPages)}
                onChange={goToPage}
                getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
                getControlProps={(control) => ({ 'aria-label': `${control[0].toUpperCase()}${control.slice(1)} page` })}
                withEdges
              />
            </Box>
          )}
        </>
      ) : null}
    </Stack>
  );
}

function resultSummary(
  data: { total: number; totalIsCapped?: boolean; page: number; pageSize: number; items: unknown[] } | null | undefined,
  search: string,
): string {
  if (!data) return 'Loading teams…';
  const what = data.total === 1 && !data.totalIsCapped ? 'team' : 'teams';
  // The API counts exactly up to a cap; beyond it "1,000+" (narrow the search to see fewer).
  const count = data.totalIsCapped ? `${data.total.toLocaleString('en-US')}+` : String(data.total);
  const matching = search ? ` matching “${search}”` : '';
  if (data.items.length === 0) return `${count} ${what}${matching}.`;
  const first = (data.page - 1) * data.pageSize + 1;
  const last = first + data.items.length - 1;
  return `Showing ${first}–${last} of ${count} ${what}${matching}.`;
}

function TeamRow({ row, onImpersonate, onRequestAccess, onResetTwoFactor }: { row: AdminTeamRow } & TeamsListProps) {
  const me = useSignedInUser();
  const reasonId = useId();
  const owner = row.owner;
  const unavailable = impersonationUnavailableReason(row);
  const buttonName = owner ? `Impersonate ${owner.name} in ${row.name}` : `Impersonate the owner of ${row.name}`;

  return (
    <Table.Tr>
      <Table.Td>
        <TruncatedText text={row.name} maxWidth={240} fw={600} />
      </Table.Td>
      <Table.Td>
        {owner ? (
          <Stack gap={2}>
            <TruncatedText text={owner.name} maxWidth={260} fw={500} />
            <TruncatedText text={owner.email} maxWidth={260} size="xs" c="dimmed" />
            <Group gap={4} mt={2} wrap="nowrap">
              <RoleBadge role={owner.role} />
              {!owner.impersonationAllowed && (
                <Badge variant="light" color="red" radius="sm">
                  Support access off
                </Badge>
              )}
            </Group>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            No owner
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {row.memberCount}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" component="time" dateTime={row.createdAt}>
          {formatDate(row.createdAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={6} align="flex-start">
          {owner && needsAccessRequest(row) ? (
            <AccessRequestControl row={{ ...row, owner }} onRequestAccess={onRequestAccess} />
          ) : unavailable === null && owner ? (
            <Stack gap={4} align="flex-start">
              <Button size="xs" variant="light" onClick={() => onImpersonate({ ...row, owner })} aria-label={buttonName}>
                Impersonate
              </Button>
              {row.accessGrant && (
                <Text size="xs" c="dimmed">
                  Approved until <time dateTime={row.accessGrant.expiresAt}>{formatTimeOfDay(row.accessGrant.expiresAt)}</time>,{' '}
                  {MODE_LABELS[row.accessGrant.mode].toLowerCase()}
                </Text>
              )}
            </Stack>
          ) : (
            <Stack gap={4} align="flex-start">
              <Tooltip label={unavailable} multiline w={260} withArrow>
                {/* Focusable while unavailable, so keyboard and screen-reader users reach the reason too. */}
                <Button
                  size="xs"
                  variant="light"
                  data-disabled
                  aria-disabled="true"
                  aria-label={buttonName}
                  aria-describedby={reasonId}
                  onClick={(event) => event.preventDefault()}
                >
                  Impersonate
                </Button>
              </Tooltip>
              <Text id={reasonId} size="xs" c="dimmed">
                {unavailable}
              </Text>
            </Stack>
          )}
          {onResetTwoFactor && owner && owner.role !== 'super_admin' && owner.id !== me.id && (
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              onClick={() => onResetTwoFactor({ ...row, owner })}
              aria-label={`Reset two-factor for ${owner.name} in ${row.name}…`}
            >
              Reset two-factor…
            </Button>
          )}
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The team's owners approve support access first: ask them, then wait. While a request waits, the
 * button stays visible but unavailable, so a second request is not sent for the same owner.
 */
function AccessRequestControl({ row, onRequestAccess }: { row: RowWithOwner; onRequestAccess: TeamsListProps['onRequestAccess'] }) {
  const noteId = useId();
  const buttonName = `Request access to ${row.owner.name} in ${row.name}`;
  if (row.pendingAccessRequestId) {
    return (
      <Stack gap={4} align="flex-start">
        <Button
          size="xs"
          variant="light"
          data-disabled
          aria-disabled="true"
          aria-label={buttonName}
          aria-describedby={noteId}
          onClick={(event) => event.preventDefault()}
        >
          Request access
        </Button>
        <Badge id={noteId} variant="light" color="blue" radius="sm">
          Waiting for approval
        </Badge>
      </Stack>
    );
  }
  return (
    <Stack gap={4} align="flex-start">
      <Button size="xs" variant="light" onClick={() => onRequestAccess(row)} aria-label={buttonName} aria-describedby={noteId}>
        Request access
      </Button>
      <Text id={noteId} size="xs" c="dimmed">
        The team&apos;s owners approve support access first.
      </Text>
    </Stack>
  );
}

function TeamsTableSkeleton() {
  return (
    <Stack gap="xs" role="status" aria-busy="true" aria-label="Loading teams">
      <Skeleton height={36} />
      {Array.from({ length: 6 }, (_, index) => (
        <Skeleton key={index} height={64} />
      ))}
    </Stack>
  );
}

interface NoTeamsProps {
  search: string;
  page: number;
  total: number;
  onClear: () => void;
  onFirstPage: () => void;
}

function NoTeams({ search, page, total, onClear, onFirstPage }: NoTeamsProps) {
  const icon = <UsersIcon size={28} />;
  if (total > 0) {
    // A page beyond the end (an old link, or teams deleted since).
    return (
      <EmptyMessage
        icon={icon}
        title={`There is no page ${page}`}
        description="The list is shorter than that now."
        actions={<Button onClick={onFirstPage}>Go to the first page</Button>}
      />
    );
  }
  if (search) {
    return (
      <EmptyMessage
        icon={icon}
        title={`No teams match “${search}”`}
        description="Check the spelling, or search for part of a team name, an owner's name or an email address."
        actions={
          <Button variant="default" onClick={onClear}>
            Clear search
          </Button>
        }
      />
    );
  }
  return <EmptyMessage icon={icon} title="No teams yet" description="Teams appear here as soon as someone registers." />;
}
