import type { SupportAction } from '@vantage/contracts';
import { toCsv } from './csv';

/** "Viewed" for reads, "Changed" for anything else: what the request could do to the account. */
export function supportActionWord(method: string): string {
  return method === 'GET' || method === 'HEAD' ? 'Viewed' : 'Changed';
}

/** "200", "Refused (403)", "Failed (500)", "No answer" (the app stopped before answering). */
export function describeSupportActionStatus(status: number | null): string {
  if (status === null) return 'No answer';
  if (status === 401 || status === 403) return `Refused (${status})`;
  if (status >= 400) return `Failed (${status})`;
  return String(status);
}

/** What support did in a session as a spreadsheet: `at,method,path,status`, one line per request. */
export function supportActionsCsv(actions: readonly SupportAction[]): string {
  return toCsv(
    ['at', 'method', 'path', 'status'],
    actions.map((action) => [action.at, action.method, action.path, action.status === null ? '' : String(action.status)]),
  );
}
