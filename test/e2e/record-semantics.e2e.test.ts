import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { ColumnType, ComputedColumn } from '../../lib/definition/column-type';
import { JobMode } from '../../lib/definition/job-options';
import { BadRecordPolicy, CleanupPolicy, StartPosition } from '../../lib/definition/kafka-options';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { PartitionTransform } from '../../lib/definition/table-options';
import { FlinkVersion } from '../../lib/definition/flink-version';
import { Flavor } from '../../lib/flavor';
import { defaultLocalToolchain } from '../../lib/local/default-toolchain';
import { LocalRuntime, runLocalQuery } from '../../lib/local/local-runtime';
import { examplePlan } from '../support/test-app';
import { awaitCheckpoints, brokerOf, stopAndRemove } from './support/local-runtime-steps';

/**
 * Record-level behaviour on real Kafka, Flink and Iceberg, through a small pipeline of its own: event time as epoch
 * milliseconds with a watermark, a late record, undecodable records under FAIL and SKIP, and what the broker refuses.
 */
const eventColumns = [
  { name: 'event_id', type: ColumnType.STRING, nullable: false },
  { name: 'kind', type: ColumnType.STRING },
  { name: 'ts_ms', type: ColumnType.BIGINT, nullable: false },
  { name: 'event_ts', type: ColumnType.TIMESTAMP_LTZ, nullable: false, computed: ComputedColumn.epochMillis('ts_ms') },
];
const tableColumns = [
  { name: 'event_id', type: ColumnType.STRING },
  { name: 'kind', type: ColumnType.STRING },
  { name: 'event_ts', type: ColumnType.TIMESTAMP_LTZ },
];
const EVENTS: PipelineDefinition = {
  name: 'events',
  flinkVersion: FlinkVersion.V1_20,
  database: 'events',
  topics: [
    { name: 'events', key: ['event_id'], columns: eventColumns, partitions: 2, retention: Duration.days(1), cleanupPolicy: CleanupPolicy.DELETE, badRecords: BadRecordPolicy.FAIL },
    { name: 'events-lenient', key: ['event_id'], columns: eventColumns, partitions: 1, retention: Duration.days(1), cleanupPolicy: CleanupPolicy.DELETE, badRecords: BadRecordPolicy.SKIP },
  ],
  tables: [
    { name: 'events', columns: tableColumns, partitionBy: [PartitionTransform.day('event_ts')] },
    { name: 'events_lenient', columns: tableColumns },
  ],
  jobs: [
    {
      name: 'events-to-lake',
      mode: JobMode.STREAMING,
      sources: ['events'],
      sinks: ['events'],
      transforms: { events: 'SELECT event_id, kind, event_ts FROM events' },
      eventTime: { column: 'event_ts', maxOutOfOrderness: Duration.seconds(5), idleTimeout: Duration.seconds(10) },
      startPosition: StartPosition.EARLIEST,
      checkpointInterval: Duration.seconds(10),
    },
    {
      name: 'lenient-to-lake',
      mode: JobMode.STREAMING,
      sources: ['events-lenient'],
      sinks: ['events_lenient'],
      transforms: { events_lenient: 'SELECT event_id, kind, event_ts FROM `events-lenient`' },
      startPosition: StartPosition.EARLIEST,
      checkpointInterval: Duration.seconds(10),
    },
  ],
  producers: [{ name: 'event-source', topics: ['events', 'events-lenient'], serviceAccount: 'apps/event-source' }],
};
const plan = examplePlan('dev', [Flavor.SELF_HOSTED], EVENTS);
const PRODUCER = 'events-producer-event-source';
const BASE = Date.UTC(2026, 11, 5, 12, 0, 0);

let dir: string;
let runtime: LocalRuntime;
const toolchain = defaultLocalToolchain();
const query = (sql: string) => runLocalQuery({ plan, dir, toolchain, sql });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'semantics-e2e-'));
  runtime = new LocalRuntime({ plan, dir, toolchain, onLine: () => undefined });
  await runtime.start();
});

afterAll(() => stopAndRemove(runtime, dir));

test('epoch-millisecond event times: 100 records in, 100 rows out with the instants they name; a record 1 h behind the watermark is written too (no time-based operator drops it)', async () => {
  await runtime.startJob('events-to-lake');
  await runtime.awaitJobRunning('events-to-lake');
  const records = Array.from({ length: 100 }, (_, i) => ({ event_id: `e-${i}`, kind: 'click', ts_ms: BASE + i * 1000 }));
  await brokerOf(runtime).kafka.produce('events', records, PRODUCER);
  await awaitCheckpoints(runtime, 'events-to-lake', 2);
  // The watermark is now past BASE + 94 s; this record is an hour older.
  await brokerOf(runtime).kafka.produce('events', [{ event_id: 'late-1', kind: 'late', ts_ms: BASE - 3_600_000 }], PRODUCER);
  await awaitCheckpoints(runtime, 'events-to-lake', 2);
  expect(await query("SELECT COUNT(*), COUNT(DISTINCT event_id), SUM(CASE WHEN kind = 'late' THEN 1 ELSE 0 END) FROM events")).toEqual([[101, 101, 1]]);
  expect(await query("SELECT CAST(event_ts AS STRING) FROM events WHERE event_id IN ('e-0', 'late-1') ORDER BY event_id")).toEqual([
    [expect.stringMatching(/^2026-12-05 12:00:00(\.0+)?$/)],
    [expect.stringMatching(/^2026-12-05 11:00:00(\.0+)?$/)],
  ]);
});

test('BadRecordPolicy.FAIL: a record that is not JSON stops the job, and the log names the topic, partition and offset', async () => {
  // ts_ms is a BIGINT column: "x" cannot be decoded.
  await brokerOf(runtime).kafka.produce('events', [{ event_id: 'e-bad', kind: 'oops', ts_ms: 'x' }], PRODUCER);
  const ended = await runtime.run('events-to-lake')?.process.exited;
  expect(ended).not.toBe(0);
  const log = fs.readFileSync(path.join(runtime.layout.jobs, 'events-to-lake', 'flink.log'), 'utf8');
  expect(log).toMatch(/topic = events, partition = \d, leaderEpoch = \d+, offset = \d+/);
  // Nothing was committed past the bad record: the table still holds what it held.
  expect(await query('SELECT COUNT(*) FROM events')).toEqual([[101]]);
});

test('BadRecordPolicy.SKIP (json.ignore-parse-errors): a field that cannot be decoded becomes NULL and the record is kept; the others are written as they are', async () => {
  await runtime.startJob('lenient-to-lake');
  await runtime.awaitJobRunning('lenient-to-lake');
  const good = Array.from({ length: 10 }, (_, i) => ({ event_id: `g-${i}`, kind: 'ok', ts_ms: BASE + i }));
  await brokerOf(runtime).kafka.produce('events-lenient', [...good.slice(0, 5), { event_id: 'bad', kind: 'oops', ts_ms: 'x' }, ...good.slice(5)], PRODUCER);
  await awaitCheckpoints(runtime, 'lenient-to-lake', 2);
  expect(await query("SELECT COUNT(*), SUM(CASE WHEN kind = 'ok' THEN 1 ELSE 0 END) FROM events_lenient")).toEqual([[11, 10]]);
  expect(await query("SELECT event_id, event_ts FROM events_lenient WHERE kind = 'oops'")).toEqual([['bad', null]]);
});

test('isolation: a job logging in as another principal is refused by the broker (TopicAuthorizationException), and writes nothing', async () => {
  // The console log is appended to by every run of the job: only this run's part counts.
  const consoleLog = path.join(runtime.layout.logs, 'events-to-lake.log');
  const earlierRuns = fs.existsSync(consoleLog) ? fs.statSync(consoleLog).size : 0;
  const run = await runtime.startJob('events-to-lake', { principal: 'events-lenient-to-lake', fresh: true });
  const ended = await run.process.exited;
  // Flink's log and the process's console (warnings and errors), with the exit, so that a failure shows what happened.
  const logs = [
    `exit: ${ended}`,
    `--- flink.log\n${fs.readFileSync(path.join(runtime.layout.jobs, 'events-to-lake', 'flink.log'), 'utf8')}`,
    `--- console\n${fs.readFileSync(run.process.logFile).subarray(earlierRuns).toString('utf8')}`,
  ].join('\n');
  expect(ended).not.toBe(0);
  expect(logs).toMatch(/(Topic|Group)AuthorizationException/);
  expect(await query('SELECT COUNT(*) FROM events')).toEqual([[101]]);
});
