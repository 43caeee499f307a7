import { Duration } from 'aws-cdk-lib';
import { CostControl, JobMode } from '../../lib/definition/job-options';
import { CleanupPolicy, RecordFormat, StartPosition, BadRecordPolicy, KeyFormat } from '../../lib/definition/kafka-options';
import { Flavor } from '../../lib/flavor';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { PipelineValidationError } from '../../lib/validation/validation-problem';
import { environment, examplePlan, exampleWith } from '../support/test-app';

describe('resolvePlan for the example pipeline', () => {
  const prod = examplePlan('prod');
  const dev = examplePlan('dev');

  test('names are derived once from pipeline and environment', () => {
    expect(prod.names.prefix).toBe('orders-prod');
    expect(prod.names.stackName(Flavor.SELF_HOSTED)).toBe('orders-prod-self-hosted');
    expect(prod.names.stackName(Flavor.MANAGED)).toBe('orders-prod-managed');
    expect(prod.names.glueDatabase('orders', Flavor.MANAGED)).toBe('orders_managed');
    expect(prod.names.glueDatabase('orders', Flavor.SELF_HOSTED)).toBe('orders_self_hosted');
    expect(prod.names.namespace).toBe('orders');
  });

  test('topics carry replication and min ISR of the environment and identical configs', () => {
    const orders = prod.topics.find((t) => t.name === 'orders');
    const customers = prod.topics.find((t) => t.name === 'customers');
    expect(orders).toMatchObject({ replicationFactor: 3, minInSyncReplicas: 2, partitionsSource: 'derived', cleanupPolicy: CleanupPolicy.DELETE, valueFormat: RecordFormat.JSON, keyFormat: KeyFormat.FROM_VALUE, badRecords: BadRecordPolicy.FAIL, key: ['order_id'] });
    expect(orders?.configs).toEqual({ 'cleanup.policy': 'delete', 'min.insync.replicas': '2', 'retention.ms': String(7 * 24 * 3600 * 1000) });
    expect(customers).toMatchObject({ partitions: 6, partitionsSource: 'explicit' });
    // max.compaction.lag.ms bounds how long a deleted key's older values survive, i.e. how late a reload sees the delete.
    expect(customers?.configs).toEqual({ 'cleanup.policy': 'compact', 'min.insync.replicas': '2', 'delete.retention.ms': String(24 * 3600 * 1000), 'max.compaction.lag.ms': String(12 * 3600 * 1000) });
    expect(dev.topics.map((t) => [t.replicationFactor, t.minInSyncReplicas])).toEqual([[1, 1], [1, 1]]);
  });

  test('derived partitions respect the environment minimum', () => {
    for (const topic of [...prod.topics, ...dev.topics]) expect(topic.partitions).toBeGreaterThanOrEqual(3);
  });

  test('the Kafka cluster refuses unclean elections and auto-created topics', () => {
    expect(prod.kafka.serverProperties).toMatchObject({
      'unclean.leader.election.enable': 'false',
      'auto.create.topics.enable': 'false',
      'min.insync.replicas': '2',
      'default.replication.factor': '3',
      'offsets.topic.replication.factor': '3',
    });
  });

  test('workloads are scaled per environment', () => {
    const orders = prod.topics.find((t) => t.name === 'orders');
    expect(orders?.workload).toEqual({ ingressMBps: 4, peakIngressMBps: 12, recordSizeBytes: 1024, consumerGroups: 1 });
  });

  test('tables: format v2, upsert on the primary key, NOT NULL key columns, partition spec kept', () => {
    const orders = prod.lakehouse.tables.find((t) => t.name === 'orders');
    expect(orders).toMatchObject({ database: 'orders', formatVersion: 2, primaryKey: ['order_id', 'order_ts'] });
    expect(orders?.properties).toMatchObject({ 'format-version': '2', 'write.upsert.enabled': 'true', 'write.distribution-mode': 'none' });
    expect(orders?.columns.filter((c) => !c.nullable).map((c) => c.name)).toEqual(['order_id', 'order_ts']);
    expect(orders?.partitionBy.map(String)).toEqual(['day(order_ts)']);
    expect(prod.lakehouse.databases).toEqual(['orders']);
  });

  test('the streaming job: watermark, group offsets, checkpoints, savepoint upgrades, stable group', () => {
    const job = prod.jobs.find((j) => j.name === 'orders-to-lake');
    expect(job).toMatchObject({
      mode: JobMode.STREAMING,
      startPosition: StartPosition.GROUP_OFFSETS,
      upgradeMode: 'savepoint',
      consumerGroupId: 'orders.orders-to-lake',
      costControl: CostControl.AUTOSCALED,
      eventTime: { column: 'order_ts', maxOutOfOrderness: Duration.seconds(30), idleTimeout: Duration.minutes(1) },
    });
    expect(job?.checkpointing).toMatchObject({ enabled: true, mode: 'EXACTLY_ONCE', incremental: true, checkpointPrefix: 'checkpoints/orders-to-lake/', savepointPrefix: 'savepoints/orders-to-lake/' });
    expect(job?.checkpointing.interval.toSeconds()).toBe(60);
    expect(job?.inserts).toEqual([{ sinkTable: 'orders', generated: false, query: expect.stringContaining('FROM orders WHERE amount >= 0') }]);
    expect(job?.parallelism.initial).toBeLessThanOrEqual(job?.parallelism.max ?? 0);
    expect(job?.parallelism.maxParallelism).toBeGreaterThanOrEqual(128);
  });

  test('commit interval: explicit when given; 3 min by default for a job writing an upsert table, 1 min for append-only', () => {
    expect(prod.jobs.find((j) => j.name === 'orders-to-lake')?.checkpointing).toMatchObject({ interval: Duration.minutes(1), intervalSource: 'explicit' });
    const upsertDefault = examplePlan('prod', Flavor.ALL, exampleWith((d) => { d.jobs[0].checkpointInterval = undefined; }));
    const upsertJob = upsertDefault.jobs.find((j) => j.name === 'orders-to-lake');
    expect(upsertJob?.checkpointing).toMatchObject({ intervalSource: 'upsert-default' });
    expect(upsertJob?.checkpointing.interval.toMinutes()).toBe(3);
    expect(24 * 60 / (upsertJob?.checkpointing.interval.toMinutes() ?? 1)).toBe(480);
    const appendOnly = examplePlan('prod', Flavor.ALL, exampleWith((d) => { d.jobs[0].checkpointInterval = undefined; d.tables[0].primaryKey = undefined; }));
    expect(appendOnly.jobs.find((j) => j.name === 'orders-to-lake')?.checkpointing).toMatchObject({ interval: Duration.minutes(1), intervalSource: 'default' });
  });

  test('table maintenance: compaction, 5 days / 10 snapshots, orphans after 3 days by default; settings from the definition; off when disabled', () => {
    expect(prod.lakehouse.tables.map((t) => t.maintenance)).toEqual([
      { compaction: true, snapshotRetentionDays: 5, snapshotsToKeep: 10, orphanFileRetentionDays: 3 },
      { compaction: true, snapshotRetentionDays: 5, snapshotsToKeep: 10, orphanFileRetentionDays: 3 },
    ]);
    const tuned = examplePlan('prod', Flavor.ALL, exampleWith((d) => {
      d.tables[0].maintenance = { compaction: false, snapshotRetention: Duration.days(2), snapshotsToKeep: 3, orphanFileRetention: Duration.days(7) };
      d.tables[1].maintenance = { enabled: false };
    }));
    expect(tuned.lakehouse.tables.map((t) => t.maintenance)).toEqual([
      { compaction: false, snapshotRetentionDays: 2, snapshotsToKeep: 3, orphanFileRetentionDays: 7 },
      undefined,
    ]);
  });

  test('the batch job: bounded, scheduled, no checkpoints, generated insert', () => {
    const job = prod.jobs.find((j) => j.name === 'customers-nightly');
    expect(job).toMatchObject({ mode: JobMode.BATCH, startPosition: StartPosition.EARLIEST, parallelism: { initial: 2, max: 6, source: 'explicit' } });
    expect(job?.boundedRead?.mode).toBe('latest-offset');
    expect(job?.schedule?.expression).toBe('0 2 * * *');
    expect(job?.checkpointing.enabled).toBe(false);
    expect(job?.inserts).toEqual([{ sinkTable: 'customers', generated: true, query: 'SELECT `customer_id`, `name`, `email`, `country`, `updated_at` FROM `customers`' }]);
  });

  test('an invalid definition is refused before anything is resolved', () => {
    const broken = exampleWith((d) => { d.jobs[0].sinks = ['nope']; });
    expect(() => resolvePlan(broken, environment('dev'))).toThrow(PipelineValidationError);
  });

  test('the plan is flavor-neutral: the same plan for one flavor or both', () => {
    const both = examplePlan('staging', Flavor.ALL);
    const managedOnly = examplePlan('staging', [Flavor.MANAGED]);
    expect(managedOnly.topics).toEqual(both.topics);
    expect(managedOnly.jobs).toEqual(both.jobs);
    expect(managedOnly.lakehouse).toEqual(both.lakehouse);
  });
});
