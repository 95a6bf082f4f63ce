/**
 * Reading auto_explain's JSON plans out of a PostgreSQL log (stderr format, continuation lines
 * indented with a tab) into one line per statement: time, buffers, the plan's nodes, the statement.
 */

/**
 * Scans of at most this many rows are cheap whatever their kind: a small table, a few lateral probes,
 * or the Teams List's capped total, which stops after 1,001 rows by design.
 */
export const SEQ_SCAN_ROWS_ALLOWED = 2000;

/**
 * @typedef {{ 'Node Type': string, 'Relation Name'?: string, 'Index Name'?: string, 'Actual Rows'?: number,
 *   'Actual Loops'?: number, 'Rows Removed by Filter'?: number, 'Actual Total Time'?: number,
 *   'Shared Hit Blocks'?: number, 'Shared Read Blocks'?: number, Plans?: PlanNode[] }} PlanNode
 * @typedef {{ query: string, durationMs: number, plan: PlanNode }} LoggedPlan
 */

/**
 * Every auto_explain plan in a stretch of log.
 * @param {string} logText
 * @returns {LoggedPlan[]}
 */
export function parsePlans(logText) {
  /** @type {LoggedPlan[]} */
  const plans = [];
  const entries = logText.split(/\n(?=\d{4}-\d\d-\d\d )/);
  for (const entry of entries) {
    const head = /LOG:\s+duration: ([\d.]+) ms\s+plan:\n/.exec(entry);
    if (!head) continue;
    const body = entry
      .slice(head.index + head[0].length)
      .split('\n')
      .map((line) => line.replace(/^\t/, ''))
      .join('\n');
    const parsed = JSON.parse(body);
    plans.push({ query: parsed['Query Text'], durationMs: Number(head[1]), plan: parsed.Plan });
  }
  return plans;
}

/**
 * The nodes of a plan, depth first.
 * @param {PlanNode} node
 * @returns {PlanNode[]}
 */
function nodesOf(node) {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

/**
 * A sequential scan that read many rows (kept or filtered away, over all its loops).
 * @param {PlanNode} node
 */
export function isLargeSeqScan(node) {
  if (node['Node Type'] !== 'Seq Scan') return false;
  const rowsRead = ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1);
  return rowsRead > SEQ_SCAN_ROWS_ALLOWED;
}

/**
 * One line per statement of the app's (not the health probe's or the job queue's, which run
 * beside any request, nor the bench's own settings probe), and whether none scanned a large table sequentially.
 * @param {string} logText
 * @returns {{ text: string, indexOnly: boolean }}
 */
export function summarisePlans(logText) {
  const plans = parsePlans(logText).filter(
    ({ query }) => query.trim() !== 'SELECT 1' && !/job_queue\.|auto_explain\.log_min_duration/.test(query),
  );
  let indexOnly = true;
  const lines = plans.map(({ query, durationMs, plan }) => {
    const nodes = nodesOf(plan);
    if (nodes.some(isLargeSeqScan)) indexOnly = false;
    const shape = nodes
      .filter((node) => /Scan|Limit|Sort|Aggregate/.test(node['Node Type']))
      .map((node) => {
        const on = node['Index Name'] ?? node['Relation Name'];
        const rows = node['Node Type'].includes('Scan')
          ? ` ${Math.round((node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1))} rows`
          : '';
        return on ? `${node['Node Type']} (${on}${rows})` : node['Node Type'];
      })
      .join(' > ');
    const buffers = (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
    const statement = query.replace(/\s+/g, ' ').trim().slice(0, 60);
    return `${durationMs.toFixed(2).padStart(8)} ms ${String(buffers).padStart(7)} buffers  ${shape}  ← ${statement}`;
  });
  return { text: lines.join('\n'), indexOnly };
}
