import { Duration } from 'aws-cdk-lib';
import { JobMode, StateMigration } from '../../lib/definition/job-options';
import { StartPosition } from '../../lib/definition/kafka-options';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { CLICKS_PIPELINE } from '../../lib/examples/clicks-pipeline';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { jobFreshStartRule } from '../../lib/validation/fresh-start-rules';
import { updatingQuery } from '../../lib/validation/query-changelog';
import { jobUpdatingResultRule } from '../../lib/validation/updating-result-rules';
import { findDefinitionProblems } from '../../lib/validation/validate-definition';
import { formatProblem } from '../../lib/validation/validation-problem';
import { jobReplaceSourcePartitionsRule } from '../../lib/validation/write-mode-rules';
import { Mutable, exampleWith } from '../support/test-app';

/** A copy of plain objects and arrays; class instances (Duration, enum-likes) are shared, as in `exampleWith`. */
function copyOf<T>(value: T): Mutable<T> {
  if (Array.isArray(value)) return value.map((v) => copyOf(v)) as Mutable<T>;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyOf(v)])) as Mutable<T>;
  }
  return value as Mutable<T>;
}

/** The clicks example with a change. */
function clicksWith(change: (draft: Mutable<PipelineDefinition>) => void): PipelineDefinition {
  const draft = copyOf(CLICKS_PIPELINE);
  change(draft);
  return draft as unknown as PipelineDefinition;
}

/** The clicks example's `order-clicks` query and table as they were before the fix. */
const OLD_ORDER_CLICKS = 'SELECT o.order_id, o.amount, COUNT(c.session_id) AS clicks FROM orders o JOIN clicks c ON c.order_id = o.order_id GROUP BY o.order_id, o.amount';
const oldClicks = clicksWith((d) => {
  d.jobs[1].transforms = { order_clicks: OLD_ORDER_CLICKS };
  d.tables[1].primaryKey = undefined;
});

describe('the examples pass every data-correctness rule', () => {
  test.each([['orders', ORDERS_PIPELINE], ['clicks', CLICKS_PIPELINE]])('%s is valid', (_name, definition) => {
    expect(findDefinitionProblems(definition)).toEqual([]);
  });
});

describe('jobUpdatingResultRule: an updating streaming result needs a primary key (upsert)', () => {
  test('fires on the old clicks example: a join + GROUP BY into order_clicks without a primary key', () => {
    expect(jobUpdatingResultRule(oldClicks).map(formatProblem)).toEqual([
      'jobs[1] ("order-clicks").transforms.order_clicks: produces an updating result (GROUP BY without a TUMBLE/HOP/CUMULATE window TVF (a group aggregate)), '
        + 'but tables[1] ("order_clicks") has no primary key: Iceberg appends the -U/+U changelog rows as ordinary rows (duplicated results, retractions written as data) '
        + "— give table \"order_clicks\" primaryKey: ['order_id', 'amount'] so the sink upserts, or aggregate per window, which appends each window once: "
        + 'FROM TABLE(TUMBLE(TABLE <topic>, DESCRIPTOR(<event-time column>), INTERVAL …)) GROUP BY window_start, window_end, …',
    ]);
    expect(findDefinitionProblems(oldClicks).map((p) => p.path)).toEqual(['jobs[1] ("order-clicks").transforms.order_clicks']);
  });

  test('the fixed example writes the updating result into a table keyed by order_id', () => {
    expect(updatingQuery(CLICKS_PIPELINE.jobs[1].transforms?.order_clicks ?? '').reasons).not.toEqual([]);
    expect(CLICKS_PIPELINE.tables[1].primaryKey).toEqual(['order_id']);
    expect(jobUpdatingResultRule(CLICKS_PIPELINE)).toEqual([]);
  });

  test('a primary key that is not the grouping key is refused on the table', () => {
    const wrongKey = clicksWith((d) => { d.jobs[1].transforms = { order_clicks: OLD_ORDER_CLICKS }; d.tables[1].primaryKey = ['order_id']; });
    expect(jobUpdatingResultRule(wrongKey).map(formatProblem)).toEqual([
      'tables[1] ("order_clicks").primaryKey: is (order_id), but job "order-clicks" groups the rows of this table by (order_id, amount): an upsert by another key leaves stale rows or lets groups overwrite each other '
        + "— set primaryKey: ['order_id', 'amount']",
    ]);
  });

  test('a window TVF aggregation is append-only: no primary key needed', () => {
    const windowed = clicksWith((d) => {
      d.jobs[1].sources = ['clicks'];
      d.jobs[1].eventTime = { column: 'clicked_at', maxOutOfOrderness: Duration.seconds(10) };
      d.jobs[1].transforms = { order_clicks: "SELECT order_id, CAST(NULL AS DECIMAL(12, 2)) AS amount, COUNT(*) AS clicks FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(clicked_at), INTERVAL '1' HOUR)) GROUP BY window_start, window_end, order_id" };
      d.tables[1].primaryKey = undefined;
    });
    expect(jobUpdatingResultRule(windowed)).toEqual([]);
  });

  test('batch jobs write a final result and are not checked', () => {
    expect(jobUpdatingResultRule(clicksWith((d) => { d.jobs[1].transforms = { order_clicks: OLD_ORDER_CLICKS }; d.tables[1].primaryKey = undefined; d.jobs[1].mode = JobMode.BATCH; }))).toEqual([]);
  });
});

describe('updatingQuery reads the changelog kind from the SQL text', () => {
  test.each([
    ['GROUP BY', 'SELECT page, COUNT(*) FROM clicks GROUP BY page', 'GROUP BY without a TUMBLE/HOP/CUMULATE window TVF (a group aggregate)'],
    ['legacy group window', "SELECT page, COUNT(*) FROM clicks GROUP BY TUMBLE(clicked_at, INTERVAL '1' HOUR), page", 'GROUP BY without a TUMBLE/HOP/CUMULATE window TVF (a group aggregate)'],
    ['global aggregate', 'SELECT COUNT(*) AS n FROM clicks', 'an aggregate without GROUP BY (a global aggregate)'],
    ['DISTINCT', 'SELECT DISTINCT page FROM clicks', 'SELECT DISTINCT'],
    ['UNION', 'SELECT page FROM a UNION SELECT page FROM b', 'UNION (without ALL), INTERSECT or EXCEPT'],
    ['outer join', 'SELECT c.page FROM clicks c LEFT JOIN orders o ON o.order_id = c.order_id', 'an outer join without time bounds (a regular LEFT/RIGHT/FULL JOIN)'],
    ['anti join', 'SELECT page FROM clicks c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_id = c.order_id)', 'NOT EXISTS / NOT IN (SELECT …) (an anti join)'],
    ['Top-N', 'SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY page ORDER BY n DESC) AS rn FROM t) WHERE rn <= 3', 'ROW_NUMBER/RANK (Top-N or deduplication)'],
  ])('updating: %s', (_name, query, reason) => {
    expect(updatingQuery(query, 'ts').reasons).toEqual([reason]);
  });

  test.each([
    ['projection and filter', 'SELECT order_id, UPPER(status) AS status FROM orders WHERE amount >= 0'],
    ['window TVF aggregate', "SELECT window_start, window_end, page, COUNT(*) AS n FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE)) GROUP BY window_start, window_end, page"],
    ['inner join of two streams (forwards its insert-only inputs)', 'SELECT c.page, o.amount FROM clicks c JOIN orders o ON o.order_id = c.order_id'],
    ['interval outer join', "SELECT c.page FROM clicks c LEFT JOIN orders o ON o.order_id = c.order_id AND o.ts BETWEEN c.ts - INTERVAL '1' HOUR AND c.ts"],
    ['OVER aggregate on the time attribute', 'SELECT page, COUNT(*) OVER (PARTITION BY page ORDER BY ts RANGE BETWEEN INTERVAL \'1\' HOUR PRECEDING AND CURRENT ROW) AS n FROM clicks'],
    ['UNION ALL', 'SELECT page FROM a UNION ALL SELECT page FROM b'],
    ['keywords inside literals and comments', "SELECT 'GROUP BY x' AS note, page FROM clicks -- DISTINCT\n"],
  ])('append-only: %s', (_name, query) => {
    expect(updatingQuery(query, 'ts').reasons).toEqual([]);
  });

  test('the group key is read only from the outermost query\'s own GROUP BY', () => {
    expect(updatingQuery('SELECT o.order_id, SUM(x) FROM t o GROUP BY o.order_id').groupKey).toEqual(['order_id']);
    expect(updatingQuery(CLICKS_PIPELINE.jobs[1].transforms?.order_clicks ?? '').groupKey).toBeUndefined();
    expect(updatingQuery('SELECT UPPER(page), COUNT(*) FROM clicks GROUP BY UPPER(page)').groupKey).toBeUndefined();
  });
});

describe('jobReplaceSourcePartitionsRule: a full reload\'s compacted source has an explicit partition count', () => {
  test('fires when the customers topic derives its partitions from the workload', () => {
    const derived = exampleWith((d) => { d.topics[1].partitions = undefined; });
    expect(jobReplaceSourcePartitionsRule(derived).map(formatProblem)).toEqual([
      'jobs[1] ("customers-nightly").sources[0]: topic "customers" has no partitions, so its partition count follows its workload; a count that grows moves keys to other partitions, where only record timestamps (not offsets) tell a key\'s latest record '
        + '— give topic "customers" partitions, so that the count changes only in a reviewed change, or set writeMode: WriteMode.INCREMENTAL (upserts: upstream deletes are not applied and every run writes an equality delete per key)',
    ]);
    expect(findDefinitionProblems(derived)).toHaveLength(1);
  });

  test('passes on the example (partitions: 6)', () => {
    expect(jobReplaceSourcePartitionsRule(ORDERS_PIPELINE)).toEqual([]);
  });
});

describe('jobFreshStartRule: a fresh start loses nothing its tables were promised', () => {
  test('fires on a fresh start of an append job left at the committed offsets', () => {
    const fresh = clicksWith((d) => { d.jobs[0].stateMigration = StateMigration.freshStart('new column'); });
    expect(jobFreshStartRule(fresh).map(formatProblem)).toEqual([
      'jobs[0] ("clicks-to-lake").stateMigration: is fresh-start("new column"), but table "clicks" has no primary key: resuming from the committed consumer-group offsets, which can be ahead of the last Iceberg commit, loses the rows in between '
        + '— give it a primary key (a fresh start then replays the retained log and replayed records replace their rows), or set startPosition: StartPosition.timestamp(<safely before the last Iceberg commit>) and accept duplicate rows for the records between that instant and the commit',
    ]);
  });

  test('fires on a fresh start from the latest offsets', () => {
    const latest = exampleWith((d) => { d.jobs[0].stateMigration = StateMigration.freshStart('why'); d.jobs[0].startPosition = StartPosition.LATEST; });
    expect(jobFreshStartRule(latest).map(formatProblem)).toEqual([
      'jobs[0] ("orders-to-lake").startPosition: is latest-offset on a job with a fresh start: records between its tables\' last Iceberg commit and the start would be skipped '
        + '— remove it (a job whose tables have primary keys then replays the retained log, idempotently), or give StartPosition.timestamp(<before the last commit>)',
    ]);
  });

  test('passes for an upsert job, and for an append job that chose an earlier start', () => {
    expect(jobFreshStartRule(exampleWith((d) => { d.jobs[0].stateMigration = StateMigration.freshStart('why'); }))).toEqual([]);
    expect(jobFreshStartRule(clicksWith((d) => {
      d.jobs[0].stateMigration = StateMigration.freshStart('new column');
      d.jobs[0].startPosition = StartPosition.timestamp(new Date('2026-03-01T00:00:00Z'));
    }))).toEqual([]);
  });
});
