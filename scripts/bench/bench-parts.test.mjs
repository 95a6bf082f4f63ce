// The pure parts of the bench scripts: schedules, percentiles, what counts as a round trip, the
// reference server's paging rules and the reading of auto_explain plans. `npm run test:scripts`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageOf, totalWithoutCounting } from './guarded-list-reference.mjs';
import { openLoopSchedule, percentile, roundTripKind } from './impersonation-cost.mjs';
import { isLargeSeqScan, parsePlans, summarisePlans } from './plan-summary.mjs';

void test('an open-loop schedule sends at fixed intervals from its start, rate × seconds times', () => {
  assert.deepEqual(openLoopSchedule(1000, 10, 0.5), [1000, 1100, 1200, 1300, 1400]);
  assert.equal(openLoopSchedule(0, 10, 30).length, 300);
});

void test('percentile is the nearest rank: p99 of 300 samples is the third largest', () => {
  const values = Array.from({ length: 300 }, (_, i) => i + 1);
  assert.equal(percentile(values, 99), 297);
  assert.equal(percentile(values, 50), 150);
  assert.equal(percentile([5], 99), 5);
});

void test('round trips: the request path counts, work after the response and in-statement checks do not', () => {
  assert.equal(roundTripKind('COMMIT'), 'request');
  assert.equal(roundTripKind('INSERT INTO job_queue.job (\n id, name) SELECT 1'), 'request');
  assert.equal(roundTripKind('WITH next as (\n SELECT id FROM job_queue.job WHERE name = $1)'), 'after the response');
  assert.equal(roundTripKind('WITH new_entries AS ( INSERT INTO impersonation_actions (a) SELECT 1)'), 'after the response');
  assert.equal(roundTripKind('UPDATE auth_sessions SET last_seen_at = now() WHERE id = $1'), 'after the response');
  assert.equal(roundTripKind('UPDATE auth_sessions SET revoked_at = now() WHERE id = $1'), 'request');
  assert.equal(
    roundTripKind('SELECT 1 FROM ONLY "job_queue"."queue" x WHERE "name" OPERATOR(pg_catalog.=) $1 FOR KEY SHARE OF x'),
    'not a round trip',
  );
  assert.equal(roundTripKind('SELECT $1'), 'not a round trip');
  assert.equal(
    roundTripKind('WITH ended AS ( UPDATE impersonations SET a = 1), action AS ( INSERT INTO impersonation_actions (x) VALUES (1))'),
    'request',
  );
  assert.equal(roundTripKind('UPDATE impersonations i SET notice_claimed_until = now() FROM users u'), 'after the response');
  assert.equal(roundTripKind('UPDATE impersonations SET notice_pending = $1 WHERE id = ANY($2::uuid[])'), 'after the response');
  assert.equal(roundTripKind('UPDATE impersonations SET ended_at = now() WHERE id = $1'), 'request');
});

void test("the reference server pages as the API's pagination query does", () => {
  assert.deepEqual(pageOf({ page: '3', pageSize: '20' }), { page: 3, pageSize: 20 });
  assert.deepEqual(pageOf({}), { page: 1, pageSize: 20 });
  assert.equal(pageOf({ page: '0' }), null);
  assert.equal(pageOf({ pageSize: '101' }), null);
  assert.equal(pageOf({ page: '1.5' }), null);
});

void test('the reference counts when the API does: a full page, or an empty page past the first', () => {
  assert.equal(totalWithoutCounting(20, 20, 0), null);
  assert.equal(totalWithoutCounting(0, 20, 40), null);
  assert.equal(totalWithoutCounting(7, 20, 40), 47);
  assert.equal(totalWithoutCounting(0, 20, 0), 0);
});

const LOG = [
  '2026-12-03 03:00:00.000 UTC [11] LOG:  duration: 41.250 ms  plan:',
  '\t{',
  '\t  "Query Text": "SELECT COUNT(1) AS \\"cnt\\" FROM \\"audit_logs\\"",',
  '\t  "Plan": { "Node Type": "Aggregate", "Shared Hit Blocks": 900, "Shared Read Blocks": 100,',
  '\t    "Plans": [ { "Node Type": "Seq Scan", "Relation Name": "audit_logs", "Actual Rows": 1000000, "Actual Loops": 1 } ] }',
  '\t}',
  '2026-12-03 03:00:00.001 UTC [12] LOG:  duration: 0.200 ms  plan:',
  '\t{ "Query Text": "SELECT 1", "Plan": { "Node Type": "Result" } }',
  '2026-12-03 03:00:00.002 UTC [11] LOG:  duration: 0.300 ms  plan:',
  '\t{ "Query Text": "SELECT * FROM businesses LIMIT 20", "Plan": { "Node Type": "Limit", "Shared Hit Blocks": 4,',
  '\t  "Plans": [ { "Node Type": "Index Scan", "Index Name": "businesses_team_created_idx", "Actual Rows": 20, "Actual Loops": 1 },',
  '\t             { "Node Type": "Seq Scan", "Relation Name": "teams", "Actual Rows": 1, "Rows Removed by Filter": 5, "Actual Loops": 3 } ] }',
  '\t}',
  '2026-12-03 03:00:00.003 UTC [13] LOG:  checkpoint starting: time',
].join('\n');

void test('plans are read from the log with their statements and durations', () => {
  const plans = parsePlans(LOG);
  assert.deepEqual(
    plans.map((p) => [p.query, p.durationMs]),
    [
      ['SELECT COUNT(1) AS "cnt" FROM "audit_logs"', 41.25],
      ['SELECT 1', 0.2],
      ['SELECT * FROM businesses LIMIT 20', 0.3],
    ],
  );
});

void test('a sequential scan over many rows fails the check, a small one does not; the health probe is left out', () => {
  const summary = summarisePlans(LOG);
  assert.equal(summary.indexOnly, false);
  const lines = summary.text.split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0], /41\.25 ms\s+1000 buffers {2}Aggregate > Seq Scan \(audit_logs 1000000 rows\)/);
  assert.match(lines[1], /Limit > Index Scan \(businesses_team_created_idx 20 rows\) > Seq Scan \(teams 3 rows\)/);
  const onlySmall = summarisePlans(LOG.split('\n').slice(6).join('\n'));
  assert.equal(onlySmall.indexOnly, true);
});

void test("the Teams List's capped total (1,001 rows) is not a large sequential scan; a team's 100,000 audit entries are", () => {
  assert.equal(isLargeSeqScan({ 'Node Type': 'Seq Scan', 'Actual Rows': 1001, 'Actual Loops': 1 }), false);
  assert.equal(isLargeSeqScan({ 'Node Type': 'Seq Scan', 'Actual Rows': 100_001, 'Actual Loops': 1 }), true);
  assert.equal(isLargeSeqScan({ 'Node Type': 'Seq Scan', 'Actual Rows': 1, 'Rows Removed by Filter': 999, 'Actual Loops': 3 }), true);
  assert.equal(isLargeSeqScan({ 'Node Type': 'Index Scan', 'Actual Rows': 100_001, 'Actual Loops': 1 }), false);
});
