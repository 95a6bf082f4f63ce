import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AdminTeamsPage } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { impersonationCallerOf } from '../auth/impersonation-policy';
import type { AdminTeamsQuery } from './admin.dto';
import { TEAMS_LIST_TOTAL_CAP, teamsListPage, teamsListTotal, toAdminTeamRow, type TeamsListRow } from './teams-list.query';

/** The admin Teams List: every team with its owner, searchable; two queries per page at any size. */
@Injectable()
export class AdminTeamsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(caller: AuthContext, query: AdminTeamsQuery): Promise<AdminTeamsPage> {
    const count = teamsListTotal(query.search);
    const [{ total }] = await this.db.query<{ total: number }[]>(count.sql, count.params);
    const page = teamsListPage(query.search, total, query.pageSize, query.offset, caller.user.id);
    const rows = await this.db.query<TeamsListRow[]>(page.sql, page.params);
    const callerFacts = impersonationCallerOf(caller);
    return {
      items: rows.map((row) => toAdminTeamRow(row, callerFacts)),
      total: Math.min(total, TEAMS_LIST_TOTAL_CAP),
      totalIsCapped: total > TEAMS_LIST_TOTAL_CAP,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}
