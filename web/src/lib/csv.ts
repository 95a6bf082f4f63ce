/**
 * CSV files people download and open in a spreadsheet (RFC 4180: comma-separated, CRLF line ends,
 * fields quoted when they hold a comma, a quote or a line break).
 */

/**
 * A spreadsheet runs a cell that starts with one of these as a formula (`=HYPERLINK(…)`, `@SUM(…)`):
 * a path or a name chosen by someone else must never become one (CSV injection).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: neutralised if it would start a formula, quoted if it needs to be. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The header line, then one line per row; ends with a line break like every line. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/** Saves `text` as a file named `filename` through the browser's download, without a request. */
export function downloadCsv(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the file to the browser.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
