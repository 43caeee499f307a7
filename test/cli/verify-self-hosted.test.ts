import { GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { GetObjectCommand, GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { VerifyKubeApi } from '../support/verify-kube-api';
import { runCli as run } from './run-cli';
import { allowRealSocketTime, preloadKubeClient } from '../support/loopback-server';


allowRealSocketTime();
preloadKubeClient();
const glue = mockClient(GlueClient);
const s3 = mockClient(S3Client);
const START = Date.parse('2026-11-30T05:00:00.000Z');
let kube: VerifyKubeApi;
const savedKubeconfig = process.env.KUBECONFIG;

function metadata(snapshots: Array<[string, number, number, number]>): GetObjectCommandOutput {
  const last = snapshots[snapshots.length - 1];
  const text = `{"format-version":2,"current-snapshot-id":${last?.[0] ?? -1},"snapshots":[${snapshots.map(([id, at, added, total]) =>
    `{"snapshot-id":${id},"timestamp-ms":${at},"summary":{"added-records":"${added}","total-records":"${total}"}}`).join(',')}]}`;
  return { Body: { transformToString: () => Promise.resolve(text) }, $metadata: {} } as unknown as GetObjectCommandOutput;
}
const BEFORE = metadata([['11', START - 60_000, 200, 1200]]);
const AFTER = metadata([['11', START - 60_000, 200, 1200], ['12', START + 62_000, 2, 1202]]);

async function startKube(behaviour: ConstructorParameters<typeof VerifyKubeApi>[0] = {}): Promise<void> {
  kube = new VerifyKubeApi(behaviour);
  process.env.KUBECONFIG = await kube.start();
}

beforeEach(() => {
  glue.reset(); s3.reset();
  glue.on(GetTableCommand).resolves({ Table: { Name: 'orders', Parameters: { metadata_location: 's3://wh/orders_self_hosted.db/orders/metadata/3.metadata.json' } } });
});
afterEach(async () => {
  await kube?.stop();
  if (savedKubeconfig === undefined) delete process.env.KUBECONFIG; else process.env.KUBECONFIG = savedKubeconfig;
});
afterAll(() => { glue.restore(); s3.restore(); });

const ARGS = ['verify', '--records', '2', '-c', 'env=staging', '-c', 'flavor=self-hosted'];
const NAME = 'orders-verify-20261130-050000';

test('self-hosted verify: a KafkaUser, a Secret, a ConfigMap and a console-producer Job through the Kubernetes API, all deleted afterwards', async () => {
  await startKube();
  s3.on(GetObjectCommand).resolvesOnce(BEFORE).resolves(AFTER);
  const result = await run(ARGS);
  expect(result.err).not.toContain('could not delete');
  expect(result.code).toBe(0);
  expect(result.out).toContain(`table                      rows before  added  committed at              latency
orders_self_hosted.orders  1200         2      2026-11-30T05:01:02.000Z  57.0 s`);
  expect(kube.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    'POST /apis/kafka.strimzi.io/v1/namespaces/kafka/kafkausers',
    `GET /api/v1/namespaces/kafka/secrets/${NAME}`,
    'POST /api/v1/namespaces/orders/secrets',
    'POST /api/v1/namespaces/orders/configmaps',
    'POST /apis/batch/v1/namespaces/orders/jobs',
    `GET /apis/batch/v1/namespaces/orders/jobs/${NAME}`,
    `DELETE /apis/batch/v1/namespaces/orders/jobs/${NAME}`,
    `DELETE /api/v1/namespaces/orders/configmaps/${NAME}`,
    `DELETE /api/v1/namespaces/orders/secrets/${NAME}`,
    `DELETE /apis/kafka.strimzi.io/v1/namespaces/kafka/kafkausers/${NAME}`,
  ]);
  expect(new Set(kube.requests.map((r) => r.authorization))).toEqual(new Set(['Bearer fake-token']));
  const body = (i: number): Record<string, unknown> => kube.requests[i]?.body ?? {};
  expect(body(0)).toMatchObject({
    kind: 'KafkaUser',
    metadata: { name: NAME, namespace: 'kafka', labels: { 'strimzi.io/cluster': 'data-platform-staging', 'pipelines.verify/run': 'verify-20261130-050000' } },
    spec: { authentication: { type: 'scram-sha-512' }, authorization: { type: 'simple', acls: [{ resource: { type: 'topic', name: 'orders', patternType: 'literal' }, operations: ['Describe', 'Write'] }] } },
  });
  expect((body(2).stringData as Record<string, string>)['client.properties']).toContain('sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="orders-verify-20261130-050000" password="pw";');
  const lines = (body(3).data as Record<string, string>)['orders.txt']?.split('\n') ?? [];
  expect(lines[0]).toBe('verify-20261130-050000-0001\t{"order_id":"verify-20261130-050000-0001","customer_id":"verify-20261130-050000-0001","status":"verify-20261130-050000-0001","amount":1.5,"currency":"verify-20261130-050000-0001","order_ts":"2026-11-30T05:00:00.000Z"}');
  expect(lines).toHaveLength(3);
  const pod = (body(4).spec as { template: { spec: { containers: Array<{ image: string; command: string[] }>; volumes: Array<{ name: string; configMap?: { name: string } }> } } }).template.spec;
  expect(pod.containers[0]?.image).toBe('quay.io/strimzi/kafka:1.2.0-kafka-4.3.1');
  expect(pod.containers[0]?.command[2]).toBe([
    'set -eu', 'TAB="$(printf \'\\t\')"',
    `/opt/kafka/bin/kafka-console-producer.sh --bootstrap-server data-platform-staging-kafka-bootstrap.kafka.svc:9093 --topic orders --command-config /verify/client/client.properties --reader-property parse.key=true --reader-property "key.separator=$TAB" < /verify/records/orders.txt`,
  ].join('\n'));
  expect(pod.volumes.find((v) => v.name === 'ca')?.configMap?.name).toBe('data-platform-staging-kafka-ca');
  expect([...kube.objects.keys()].filter((k) => k.includes('/orders/') || k.includes('kafkausers'))).toEqual([]);
});

test('a failed producer Job: one line pointing at its logs, and the run\'s objects are deleted', async () => {
  await startKube({ jobStatus: { failed: 1 } });
  s3.on(GetObjectCommand).resolves(BEFORE);
  const result = await run(ARGS);
  expect(result.code).toBe(1);
  expect(result.err.split('\n').slice(-2)).toEqual([`the producer Job orders/${NAME} failed: see kubectl logs -n orders job/${NAME}`, '']);
  expect(kube.requests.filter((r) => r.method === 'DELETE')).toHaveLength(4);
});

test('no credentials Secret from the user operator: one line naming the KafkaUser, nothing left behind', async () => {
  await startKube({ userOperator: false });
  s3.on(GetObjectCommand).resolves(BEFORE);
  const result = await run(ARGS);
  expect(result.code).toBe(1);
  expect(result.err.split('\n').slice(-2)[0]).toBe(`KafkaUser kafka/${NAME} got no credentials within 120 s: is the Strimzi user operator of data-platform-staging running?`);
  expect(kube.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`/apis/kafka.strimzi.io/v1/namespaces/kafka/kafkausers/${NAME}`]);
});

test('an API server that is not reachable: one line naming the server and the context', async () => {
  await startKube();
  await kube.closeServer();
  s3.on(GetObjectCommand).resolves(BEFORE);
  const result = await run(ARGS);
  expect(result.code).toBe(1);
  expect(result.err).toMatch(/^cannot reach the Kubernetes API at https:\/\/127\.0\.0\.1:\d+ \(context test: ECONNREFUSED\): check the network path to the cluster endpoint, or run `aws eks update-kubeconfig --name data-platform-staging-eks --region us-east-1`\n$/);
});

test('a kubeconfig whose user runs an exec credential plugin (as aws eks get-token): its token is the bearer of every request', async () => {
  await startKube({ execToken: 'token-from-exec' });
  s3.on(GetObjectCommand).resolvesOnce(BEFORE).resolves(AFTER);
  const result = await run(ARGS);
  expect(result.code).toBe(0);
  expect(new Set(kube.requests.map((r) => r.authorization))).toEqual(new Set(['Bearer token-from-exec']));
});

test('no kubeconfig: one line saying how to get one', async () => {
  await startKube();
  await kube.stop();
  s3.on(GetObjectCommand).resolves(BEFORE);
  const result = await run(ARGS);
  expect(result.code).toBe(1);
  expect(result.err).toBe(`no kubeconfig (KUBECONFIG=${process.env.KUBECONFIG ?? ''} names no file): run \`aws eks update-kubeconfig --name data-platform-staging-eks --region us-east-1\`\n`);
});

test('self-hosted --dry-run needs no kubeconfig at all', async () => {
  process.env.KUBECONFIG = '/nonexistent/kubeconfig';
  const result = await run([...ARGS, '--dry-run']);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  expect(result.out).toContain('(dry run: nothing contacted)');
});

test('self-hosted --dry-run names the cluster, the objects it would create and the records, and contacts nothing', async () => {
  await startKube();
  const result = await run([...ARGS, '--dry-run']);
  expect(result.code).toBe(0);
  expect(kube.requests).toEqual([]);
  expect(glue.calls()).toHaveLength(0);
  expect(result.out.split('\n').slice(0, 7).join('\n')).toBe(`Pipeline "orders", environment "staging" (us-east-1), self-hosted
verify run verify-20261130-050000 (dry run: nothing contacted)
Kafka: Strimzi cluster data-platform-staging (namespace kafka), bootstrap data-platform-staging-kafka-bootstrap.kafka.svc:9093 (TLS + SCRAM-SHA-512)
  through the Kubernetes API of the kubeconfig's current context (EKS cluster data-platform-staging-eks), creates and deletes afterwards:
  KafkaUser kafka/${NAME} (Describe + Write on orders),
  Secret and ConfigMap orders/${NAME} (client properties, records), Job orders/${NAME} running quay.io/strimzi/kafka:1.2.0-kafka-4.3.1 kafka-console-producer.sh
topic orders: 2 records, key order_id as a plain string (not decoded, read from the value); value JSON`);
  expect(result.out).toContain('  orders_self_hosted.orders (written by orders-to-lake)');
});
