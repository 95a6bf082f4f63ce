import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AdminTeamsPage } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { impersonationCallerOf } from '../auth/impersonation-policy';
import type { AdminTeamsQuery } from './admin.dto';
import {
  COLLECT_MATCHES_UP_TO,
  firstSearchPath,
  type SqlStatement,
  TEAMS_LIST_TOTAL_CAP,
  teamsListPage,
  teamsListSearch,
  type TeamsListSearchRow,
  teamsListTotal,
  toAdminTeamRow,
  type TeamsListRow,
} from './teams-list.query';

/**
 * The admin Teams List: every team with its owner, searchable. Without a search: the capped count and
 * the page (two statements). With one: the matches collected, counted and paged in one statement
 * (teamsListSearch); a second only when that cannot answer — more matches than it collects (the page
 * is then the walk of teamsListPage), or a whole email address no owner has (then the search document).
 */
@Injectable()
export class AdminTeamsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(caller: AuthContext, query: AdminTeamsQuery): Promise<AdminTeamsPage> {
    const { total, rows } = query.search ? await this.search(caller, query) : await this.everyTeam(caller, query);
    const callerFacts = impersonationCallerOf(caller);
    return {
      items: rows.map((row) => toAdminTeamRow(row, callerFacts)),
      total: Math.min(total, TEAMS_LIST_TOTAL_CAP),
      totalIsCapped: total > TEAMS_LIST_TOTAL_CAP,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  private async everyTeam(caller: AuthContext, query: AdminTeamsQuery): Promise<{ total: number; rows: TeamsListRow[] }> {
    const count = teamsListTotal('');
    const [{ total }] = await this.db.query<{ total: number }[]>(count.sql, count.params);
    return { total, rows: await this.page(teamsListPage('', total, query.pageSize, query.offset, caller.user.id)) };
  }

  private async search(caller: AuthContext, query: AdminTeamsQuery): Promise<{ total: number; rows: TeamsListRow[] }> {
    let path = firstSearchPath(query.search);
    let found = await this.db.query<TeamsListSearchRow[]>(
      ...statement(teamsListSearch(query.search, path, query.pageSize, query.offset, caller.user.id)),
    );
    if (path === 'email' && found[0].matches === 0) {
      path = 'document';
      found = await this.db.query<TeamsListSearchRow[]>(
        ...statement(teamsListSearch(query.search, path, query.pageSize, query.offset, caller.user.id)),
      );
    }
    const total = found[0].matches;
    if (total <= COLLECT_MATCHES_UP_TO)
      return { total, rows: found.filter((row): row is TeamsListSearchRow & TeamsListRow => row.id !== null) };
    return { total, rows: await this.page(teamsListPage(query.search, total, query.pageSize, query.offset, caller.user.id)) };
  }

  private page(page: SqlStatement): Promise<TeamsListRow[]> {
    return this.db.query<TeamsListRow[]>(page.sql, page.params);
  }
}

const statement = (s: SqlStatement): [string, unknown[]] => [s.sql, s.params];
