import { EntityNotFoundException, GetSchemaVersionCommand, GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { GetBootstrapBrokersCommand, KafkaClient, ListClustersV2Command } from '@aws-sdk/client-kafka';
import { GetObjectCommand, GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { setVerifyHooks } from '../../lib/cli/verify';
import { RecordProducer, TopicBatch } from '../../lib/cli/verify-producer';
import { runCli as run } from './run-cli';
import { readmeSession } from '../support/readme-session';


const glue = mockClient(GlueClient);
const s3 = mockClient(S3Client);
const kafka = mockClient(KafkaClient);

const START = Date.parse('2026-11-30T05:00:00.000Z');
/** The fake Kafka producer (the real one is kafkajs with MSK IAM, which needs brokers): records what it was given. */
let produced: TopicBatch[] = [];
let restore: () => void = () => undefined;

beforeEach(() => {
  glue.reset(); s3.reset(); kafka.reset();
  produced = [];
  const producer: RecordProducer = { produce: (batches) => { produced.push(...batches); return Promise.resolve(); } };
  restore = setVerifyHooks({ managedProducer: () => producer });
});
afterEach(() => restore());
afterAll(() => { glue.restore(); s3.restore(); kafka.restore(); });

const LOCATION = 's3://orders-warehouse-222222222222/warehouse/orders_managed.db/orders/metadata/00007.metadata.json';

/** An Iceberg metadata file with snapshots (id, commit time, added records, total records). */
function metadata(snapshots: Array<[string, number, number, number]>): GetObjectCommandOutput {
  const last = snapshots[snapshots.length - 1];
  const text = `{"format-version":2,"current-snapshot-id":${last?.[0] ?? -1},"snapshots":[${snapshots.map(([id, at, added, total]) =>
    `{"snapshot-id":${id},"timestamp-ms":${at},"summary":{"operation":"append","added-records":"${added}","total-records":"${total}"}}`).join(',')}]}`;
  return { Body: { transformToString: () => Promise.resolve(text) }, $metadata: {} } as unknown as GetObjectCommandOutput;
}

const BEFORE = metadata([['5230985093284798001', START - 60_000, 200, 1200]]);
const AFTER = metadata([['5230985093284798001', START - 60_000, 200, 1200], ['5230985093284798002', START + 62_000, 3, 1203]]);

function deployed(): void {
  glue.on(GetTableCommand).resolves({ Table: { Name: 'orders', DatabaseName: 'orders_managed', Parameters: { metadata_location: LOCATION, table_type: 'ICEBERG' } } });
  kafka.on(ListClustersV2Command).resolves({ ClusterInfoList: [{ ClusterName: 'data-platform-staging', ClusterArn: 'arn:aws:kafka:us-east-1:222222222222:cluster/data-platform-staging/x', State: 'ACTIVE' }] });
  kafka.on(GetBootstrapBrokersCommand).resolves({ BootstrapBrokerStringSaslIam: 'b-1.example:9098,b-2.example:9098' });
}

const ARGS = ['verify', '--records', '3', '-c', 'env=staging', '-c', 'flavor=managed'];

test('verify --dry-run prints the records, the cluster and the tables, and contacts nothing', async () => {
  const result = await run([...ARGS, '--dry-run']);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  expect(result.out).toBe(DRY_RUN);
  // The README shows a run of the built CLI at another time: the same output but for the run id and the clock.
  const timeless = (text: string) => text.replace(/\d{8}-\d{6}/g, '<run>').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>');
  expect(timeless(readmeSession('npx pipelines verify --dry-run --records 3 -c env=staging -c flavor=managed'))).toBe(timeless(result.out));
  expect(glue.calls()).toHaveLength(0);
  expect(s3.calls()).toHaveLength(0);
  expect(kafka.calls()).toHaveLength(0);
  expect(produced).toEqual([]);
});

test('verify produces to the source topic, waits for the snapshot that adds the records and prints the latency', async () => {
  deployed();
  s3.on(GetObjectCommand).resolvesOnce(BEFORE).resolvesOnce(BEFORE).resolves(AFTER);
  const result = await run(ARGS);
  expect(result.code).toBe(0);
  expect(result.out).toBe(SUCCESS);
  expect(result.err).toBe([
    'producing to orders through b-1.example:9098,b-2.example:9098',
    'waiting for verify-20261130-050000: orders_managed.orders 0/3 (0 s of 300 s)',
    '',
  ].join('\n'));
  expect(produced.map((b) => [b.topic, b.records.map((r) => r.key?.toString())])).toEqual([['orders', ['verify-20261130-050000-0001', 'verify-20261130-050000-0002', 'verify-20261130-050000-0003']]]);
  expect(glue.commandCalls(GetTableCommand)[0].args[0].input).toEqual({ DatabaseName: 'orders_managed', Name: 'orders' });
  expect(s3.commandCalls(GetObjectCommand)[0].args[0].input).toEqual({ Bucket: 'orders-warehouse-222222222222', Key: 'warehouse/orders_managed.db/orders/metadata/00007.metadata.json' });
  expect(kafka.commandCalls(ListClustersV2Command)[0].args[0].input).toEqual({ ClusterNameFilter: 'data-platform-staging' });
});

test('the records never arrive: one line with what arrived so far per table, exit code 1', async () => {
  deployed();
  s3.on(GetObjectCommand).resolves(BEFORE);
  const result = await run([...ARGS, '--timeout', '30']);
  expect(result.code).toBe(1);
  expect(result.out).toBe('');
  expect(result.err.split('\n').slice(-2)).toEqual([
    'verify run verify-20261130-050000 timed out after 30 s: orders_managed.orders 0 of 3 records (0 commits); check that orders-to-lake is running (pipelines status)',
    '',
  ]);
  expect(result.err).toContain('waiting for verify-20261130-050000: orders_managed.orders 0/3 (20 s of 30 s)');
});

test('a table that does not exist: the pipeline is not deployed, nothing is produced, exit code 1', async () => {
  deployed();
  glue.on(GetTableCommand).rejects(new EntityNotFoundException({ message: 'Table orders not found.', $metadata: {} }));
  const result = await run(ARGS);
  expect(result.code).toBe(1);
  expect(result.err).toBe('table orders_managed.orders not found: pipeline orders is not deployed as managed in environment staging (us-east-1)\n');
  expect(produced).toEqual([]);
});

test('missing credentials and throttling: one line each, exit code 1', async () => {
  glue.on(GetTableCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
  expect((await run(ARGS)).err).toBe('no AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or log in with `aws sso login`)\n');
  glue.on(GetTableCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
  expect((await run(ARGS)).err).toBe('AWS throttled the request after 5 attempts with backoff: try again later\n');
});

test('the MSK cluster is missing: one line naming it, exit code 1', async () => {
  deployed();
  s3.on(GetObjectCommand).resolves(BEFORE);
  kafka.on(ListClustersV2Command).resolves({ ClusterInfoList: [] });
  const result = await run(ARGS);
  expect(result.code).toBe(1);
  expect(result.err).toBe('MSK cluster data-platform-staging not found: the platform is not deployed in environment staging (us-east-1)\n');
});

test('a shared input is not produced to, and a table whose job also reads it is not counted (clicks example)', async () => {
  const result = await run([...ARGS, '--dry-run', '--definitions', 'lib/examples/clicks-pipeline.ts']);
  expect(result.code).toBe(0);
  expect(result.out).toContain([
    'skipped topic orders: a shared input owned by pipeline orders; its records would reach that pipeline\'s tables too (verify orders instead)',
    'not counted: table clicks_managed.order_clicks: order-clicks also reads orders, which verify does not produce to',
    'tables counted: Glue GetTable → Parameters.metadata_location → S3 GetObject → snapshots[].summary.added-records committed after the produce',
    '  clicks_managed.clicks (written by clicks-to-lake): ≥ 3 new records',
  ].join('\n'));
});

const AVRO_GLUE = ['--definitions', 'test/fixtures/avro-glue-pipeline.ts', '--export', 'AVRO_GLUE_PIPELINE'];

test('an Avro-Glue topic on managed: values in the Glue wire format with the latest schema version id of the pipeline registry', async () => {
  deployed();
  s3.on(GetObjectCommand).resolvesOnce(BEFORE).resolves(AFTER);
  glue.on(GetSchemaVersionCommand).resolves({ SchemaVersionId: '6f7c1c6e-4a4e-4d0c-9d3b-2a1e8f3b9c10', VersionNumber: 2 });
  const result = await run([...ARGS, ...AVRO_GLUE]);
  expect(result.err).not.toContain('timed out');
  expect(result.code).toBe(0);
  expect(glue.commandCalls(GetSchemaVersionCommand)[0].args[0].input).toEqual({ SchemaId: { RegistryName: 'orders-staging', SchemaName: 'orders' }, SchemaVersionNumber: { LatestVersion: true } });
  const value = produced[0]?.records[0]?.value ?? Buffer.alloc(0);
  expect(value.subarray(0, 18).toString('hex')).toBe('03006f7c1c6e4a4e4d0c9d3b2a1e8f3b9c10');
  expect(value.subarray(18, 46).toString('utf8')).toContain('verify-20261130-050000-0001');
});

test('an Avro-Glue topic on self-hosted, or a missing registry schema on managed: one line each', async () => {
  const selfHosted = await run(['verify', '-c', 'env=staging', '-c', 'flavor=self-hosted', ...AVRO_GLUE]);
  expect(selfHosted.code).toBe(1);
  expect(selfHosted.err).toBe('topic orders is Avro in the Glue Schema Registry: the self-hosted console producer writes text lines only, so verify produces JSON topics only on self-hosted\n');
  deployed();
  s3.on(GetObjectCommand).resolves(BEFORE);
  glue.on(GetSchemaVersionCommand).rejects(new EntityNotFoundException({ message: 'Schema is not found.', $metadata: {} }));
  const managed = await run([...ARGS, ...AVRO_GLUE]);
  expect(managed.err).toBe('schema orders not found in Glue registry orders-staging: the pipeline is not deployed in environment staging (us-east-1)\n');
});

// The README ("Operating it: pipelines verify") shows a real run of the same command (at another time): keep both in step.
const DRY_RUN = `Pipeline "orders", environment "staging" (us-east-1), managed
verify run verify-20261130-050000 (dry run: nothing contacted)
Kafka: MSK cluster data-platform-staging (us-east-1), bootstrap brokers from GetBootstrapBrokers (BootstrapBrokerStringSaslIam, port 9098)
  producer: kafkajs, TLS + SASL OAUTHBEARER signed by aws-msk-iam-sasl-signer-js (the default AWS credential chain), acks=all
  runs only where the brokers are reachable (inside the VPC) with kafka-cluster:Connect, DescribeTopic and WriteData on orders
topic orders: 3 records, key order_id as a plain string (not decoded, read from the value); value JSON
  key verify-20261130-050000-0001  value {"order_id":"verify-20261130-050000-0001","customer_id":"verify-20261130-050000-0001","status":"verify-20261130-050000-0001","amount":1.5,"currency":"verify-20261130-050000-0001","order_ts":"2026-11-30T05:00:00.000Z"}
  key verify-20261130-050000-0002  value {"order_id":"verify-20261130-050000-0002","customer_id":"verify-20261130-050000-0002","status":"verify-20261130-050000-0002","amount":2.5,"currency":"verify-20261130-050000-0002","order_ts":"2026-11-30T05:00:00.001Z"}
  key verify-20261130-050000-0003  value {"order_id":"verify-20261130-050000-0003","customer_id":"verify-20261130-050000-0003","status":"verify-20261130-050000-0003","amount":3.5,"currency":"verify-20261130-050000-0003","order_ts":"2026-11-30T05:00:00.002Z"}
skipped topic customers: read only by batch job customers-nightly (cron 0 2 * * *): its tables fill at the next run, not waited for
tables counted: Glue GetTable → Parameters.metadata_location → S3 GetObject → snapshots[].summary.added-records committed after the produce
  orders_managed.orders (written by orders-to-lake): ≥ 3 new records
waits up to 300 s; latency = the commit's timestamp-ms − the produce time.
Iceberg commits happen at checkpoints (orders-to-lake: every 1 minute): the latency is mostly the wait for the next checkpoint, up to one interval.
`;

const SUCCESS = `Pipeline "orders", environment "staging" (us-east-1), managed
verify run verify-20261130-050000: 3 records produced to each of orders at 2026-11-30T05:00:00.000Z
skipped topic customers: read only by batch job customers-nightly (cron 0 2 * * *): its tables fill at the next run, not waited for
table                  rows before  added  committed at              latency
orders_managed.orders  1200         3      2026-11-30T05:01:02.000Z  62.0 s
Iceberg commits happen at checkpoints (orders-to-lake: every 1 minute): the latency is mostly the wait for the next checkpoint, up to one interval.
The run's rows carry verify-20261130-050000 in their string columns (SELECT * FROM orders_managed.orders WHERE order_id LIKE 'verify-20261130-050000-%').
`;
