import * as net from 'net';
import { ColumnType, ComputedColumn } from '../../lib/definition/column-type';
import { JobMode } from '../../lib/definition/job-options';
import { KeyFormat, RecordFormat } from '../../lib/definition/kafka-options';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { AvroType, avroValueSchema } from '../../lib/plan/avro-schema';
import { PlannedColumn, TopicPlan } from '../../lib/plan/pipeline-plan';
import { Flavor } from '../../lib/flavor';
import { selectDeployment } from '../../lib/environment/load-environments';
import { sampleRecords, unsupportedTopic } from '../../lib/cli/verify-records';
import { verifyScope } from '../../lib/cli/verify-scope';
import { mskIamProducer } from '../../lib/cli/verify-msk-producer';
import { OperationError } from '../../lib/cli/operations';
import { REAL_SOCKET_TEST_TIMEOUT_MS } from '../support/loopback-server';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkJson = require('../../cdk.json') as { context: Record<string, unknown> };

const { environment } = selectDeployment(cdkJson.context['pipelines:environments'], 'staging', 'managed');
const plan = resolvePlan(ORDERS_PIPELINE, environment, [Flavor.MANAGED]);
const orders = plan.topics[0];
const AT = new Date('2026-11-30T05:00:00.000Z');
const RUN = 'verify-20261130-050000';

const col = (name: string, type: ColumnType, extra: Partial<PlannedColumn> = {}): PlannedColumn => ({ name, type, nullable: true, ...extra });
const COLUMNS: PlannedColumn[] = [
  col('id', ColumnType.STRING, { nullable: false }), col('flag', ColumnType.BOOLEAN), col('n', ColumnType.INT), col('big', ColumnType.BIGINT),
  col('f', ColumnType.FLOAT), col('d', ColumnType.DOUBLE), col('price', ColumnType.decimal(12, 2)), col('ratio', ColumnType.decimal(3, 3)),
  col('whole', ColumnType.decimal(4, 0)), col('day', ColumnType.DATE), col('local_ts', ColumnType.TIMESTAMP), col('ts', ColumnType.TIMESTAMP_LTZ),
  col('epoch_ms', ColumnType.BIGINT), col('event_ts', ColumnType.TIMESTAMP_LTZ, { computed: ComputedColumn.epochMillis('epoch_ms') }),
];
const topic = (extra: Partial<TopicPlan>): TopicPlan => ({ ...orders, name: 'all_types', key: ['id'], columns: COLUMNS, ...extra });

/** Checks a JSON value against what Flink's JSON format (ISO-8601 timestamps) accepts for the column type. */
function checkJson(column: PlannedColumn, value: unknown): void {
  const type = column.type;
  const where = `${column.name} = ${JSON.stringify(value)}`;
  if (type.decimal !== undefined) {
    expect(typeof value).toBe('number');
    const [whole, fraction = ''] = String(value).split('.');
    expect({ where, ok: (whole ?? '').replace('-', '').replace(/^0$/, '').length <= type.decimal.precision - type.decimal.scale && fraction.length <= type.decimal.scale }).toEqual({ where, ok: true });
    return;
  }
  const checks: Record<string, (v: unknown) => boolean> = {
    'STRING': (v) => typeof v === 'string' && v.startsWith(`${RUN}-`),
    'BOOLEAN': (v) => typeof v === 'boolean',
    'INT': (v) => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31,
    'BIGINT': (v) => Number.isSafeInteger(v),
    'FLOAT': (v) => typeof v === 'number' && Math.fround(v) === v,
    'DOUBLE': (v) => typeof v === 'number',
    'DATE': (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v),
    'TIMESTAMP(3)': (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/.test(v),
    'TIMESTAMP_LTZ(3)': (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v),
  };
  expect({ where, ok: checks[type.sqlType]?.(value) }).toEqual({ where, ok: true });
}

test('JSON records: every physical column has a value of its type in the format the source table reads, computed columns left out', () => {
  const records = sampleRecords('orders', topic({}), 5, RUN, AT);
  expect(records).toHaveLength(5);
  for (const [i, record] of records.entries()) {
    const value = JSON.parse(record.value.toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(COLUMNS.filter((c) => c.computed === undefined).map((c) => c.name));
    for (const column of COLUMNS.filter((c) => c.computed === undefined)) checkJson(column, value[column.name]);
    expect(value.epoch_ms).toBe(AT.getTime() + i);
    expect(record.key?.toString('utf8')).toBe(`${RUN}-000${i + 1}`);
  }
});

test('keys follow the key format: raw (not in the value), JSON object, none', () => {
  const [raw] = sampleRecords('orders', topic({ keyFormat: KeyFormat.RAW }), 1, RUN, AT);
  expect(raw?.key?.toString('utf8')).toBe(`${RUN}-0001`);
  expect(Object.keys(JSON.parse(raw?.value.toString('utf8') ?? '{}') as object)).not.toContain('id');
  const [json] = sampleRecords('orders', topic({ keyFormat: KeyFormat.JSON, key: ['id', 'n'] }), 1, RUN, AT);
  expect(JSON.parse(json?.key?.toString('utf8') ?? '')).toEqual({ id: `${RUN}-0001`, n: 1 });
  const [none] = sampleRecords('orders', topic({ key: [] }), 1, RUN, AT);
  expect(none?.key).toBeNull();
});

/** A minimal Avro binary reader for the types avroTypeOf produces (test-side, independent of the encoder). */
function readAvro(bytes: Buffer, fields: ReadonlyArray<{ name: string; type: AvroType }>): Record<string, unknown> {
  let at = 0;
  const varint = (): bigint => { let shift = 0n; let n = 0n; for (;;) { const b = bytes[at++] ?? 0; n |= BigInt(b & 0x7f) << shift; shift += 7n; if ((b & 0x80) === 0) break; } return (n >> 1n) ^ -(n & 1n); };
  const plain = (type: AvroType): unknown => {
    const base = typeof type === 'string' ? type : (type as { type: string }).type;
    switch (base) {
      case 'boolean': return bytes[at++] === 1;
      case 'int': case 'long': return varint();
      case 'float': { const v = bytes.readFloatLE(at); at += 4; return v; }
      case 'double': { const v = bytes.readDoubleLE(at); at += 8; return v; }
      case 'string': { const n = Number(varint()); const s = bytes.subarray(at, at + n).toString('utf8'); at += n; return s; }
      case 'bytes': { const n = Number(varint()); const b = bytes.subarray(at, at + n); at += n; return BigInt.asIntN(n * 8, BigInt(`0x${b.toString('hex')}`)); }
      default: throw new Error(base);
    }
  };
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (Array.isArray(f.type)) { const branch = Number(varint()); const t = (f.type as AvroType[])[branch]; out[f.name] = t === 'null' || t === undefined ? null : plain(t); } else out[f.name] = plain(f.type);
  }
  expect(at).toBe(bytes.length);
  return out;
}

test('Avro-Glue records: the Glue wire header with the schema version id, then Avro that reads back against the topic schema', () => {
  const avroTopic = topic({ valueFormat: RecordFormat.AVRO_GLUE, keyFormat: KeyFormat.FROM_VALUE });
  const [record] = sampleRecords('orders', avroTopic, 2, RUN, AT, '6f7c1c6e-4a4e-4d0c-9d3b-2a1e8f3b9c10').slice(1);
  const value = record?.value ?? Buffer.alloc(0);
  expect([...value.subarray(0, 2)]).toEqual([3, 0]);
  expect(value.subarray(2, 18).toString('hex')).toBe('6f7c1c6e4a4e4d0c9d3b2a1e8f3b9c10');
  const decoded = readAvro(value.subarray(18), avroValueSchema('orders', avroTopic).fields);
  expect(decoded).toEqual({
    id: `${RUN}-0002`, flag: false, n: 2n, big: 2n, f: 1.5, d: 1.5, price: 250n, ratio: 500n, whole: 2n,
    day: BigInt(Math.floor(AT.getTime() / 86_400_000)), local_ts: BigInt(AT.getTime() + 1), ts: BigInt(AT.getTime() + 1), epoch_ms: BigInt(AT.getTime() + 1),
  });
});

test('topics verify cannot produce to: Confluent Avro anywhere, Avro-Glue through the text-only console producer', () => {
  expect(unsupportedTopic(topic({ valueFormat: RecordFormat.AVRO }), false)).toContain('topic all_types is Confluent Avro (avro-confluent)');
  expect(unsupportedTopic(topic({ valueFormat: RecordFormat.AVRO_GLUE }), true)).toContain('the self-hosted console producer writes text lines only');
  expect(unsupportedTopic(topic({ valueFormat: RecordFormat.AVRO_GLUE }), false)).toBeUndefined();
});

test('a pipeline whose jobs read no topic a streaming job reads: one line saying there is no source topic', () => {
  const batchOnly = { ...plan, jobs: plan.jobs.filter((j) => j.mode.value === JobMode.BATCH.value) };
  expect(() => verifyScope(batchOnly, Flavor.MANAGED)).toThrow('pipeline orders has no source topic verify can produce to (topic customers: read only by batch job customers-nightly (cron 0 2 * * *): its tables fill at the next run, not waited for): nothing to verify');
  expect(() => verifyScope({ ...plan, jobs: [] }, Flavor.MANAGED)).toThrow('pipeline orders has no source topic verify can produce to (no job reads a topic): nothing to verify');
});

test('the real MSK producer (kafkajs + IAM) where no broker answers: one line saying where verify must run and what it needs', async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const produce = mskIamProducer(`127.0.0.1:${port}`, 'us-east-1').produce([{ topic: 'orders', records: sampleRecords('orders', orders, 1, RUN, AT) }]);
  await expect(produce).rejects.toThrow(OperationError);
  await expect(produce).rejects.toThrow(new RegExp(`^could not connect to the MSK brokers 127\\.0\\.0\\.1:${port} \\(.*connection timeout 10 s\\): run verify where they are reachable, inside the VPC \\(a bastion, a CI runner in it\\), with kafka-cluster:Connect and kafka-cluster:WriteData on the source topics$`));
}, REAL_SOCKET_TEST_TIMEOUT_MS);

test('a table whose query aggregates or joins counts any new row; a pass-through or filtering one every record', () => {
  const aggregating = { ...plan, jobs: plan.jobs.map((j) => ({ ...j, inserts: j.inserts.map((i) => ({ ...i, generated: false, query: 'SELECT order_id, COUNT(*) AS n FROM orders GROUP BY order_id' })) })) };
  expect(verifyScope(aggregating, Flavor.MANAGED).tables.map((t) => [t.table.name, t.oneRowPerRecord])).toEqual([['orders', false]]);
  expect(verifyScope(plan, Flavor.MANAGED).tables.map((t) => [t.table.name, t.oneRowPerRecord])).toEqual([['orders', true]]);
});
