import { Duration } from 'aws-cdk-lib';
import { CostControl, JobMode } from '../../lib/definition/job-options';
import { BadRecordPolicy, CleanupPolicy, KeyFormat, RecordFormat } from '../../lib/definition/kafka-options';
import { TopicPlan } from '../../lib/plan/pipeline-plan';
import { deriveJobParallelism, jobDemand, keyGroupsFor, topicBacklogMB } from '../../lib/sizing/job-parallelism';
import { environment } from '../support/test-app';

const prod = environment('prod');

function topic(name: string, partitions: number, ingressMBps: number, peakFactor = 2, retention = Duration.days(7)): TopicPlan {
  return {
    name, partitions, partitionsSource: 'derived', replicationFactor: 3, minInSyncReplicas: 2, retention, cleanupPolicy: CleanupPolicy.DELETE,
    key: [], keyFormat: KeyFormat.FROM_VALUE, valueFormat: RecordFormat.JSON, badRecords: BadRecordPolicy.FAIL, columns: [], configs: {},
    workload: { ingressMBps, peakIngressMBps: ingressMBps * peakFactor, recordSizeBytes: 1000, consumerGroups: 1 },
  };
}

describe('jobDemand', () => {
  const sources = [topic('a', 12, 4, 3), topic('b', 6, 2, 2)]; // average 6 MB/s, peak 12 + 4 = 16 MB/s

  test('continuous carries the peak all day', () => {
    expect(jobDemand(sources, CostControl.CONTINUOUS, JobMode.STREAMING)).toEqual({ averageMBps: 6, peakMBps: 16, initialMBps: 16, hoursPerDay: 24 });
  });

  test('autoscaled starts at the average', () => {
    expect(jobDemand(sources, CostControl.AUTOSCALED, JobMode.STREAMING).initialMBps).toBe(6);
  });

  test('a scheduled window of 4 h/day must process a day of ingress in 4 h: max(16, 6 × 24 ÷ 4 = 36) = 36', () => {
    expect(jobDemand(sources, CostControl.scheduledWindow(4), JobMode.STREAMING)).toEqual({ averageMBps: 6, peakMBps: 16, initialMBps: 36, hoursPerDay: 4 });
  });

  test('a scheduled window never goes below the peak: 20 h/day → max(16, 7.2) = 16', () => {
    expect(jobDemand(sources, CostControl.scheduledWindow(20), JobMode.STREAMING).initialMBps).toBe(16);
  });

  test('batch reads the backlog (ingress × retention) within its window', () => {
    // 0.05 MB/s × 86400 s = 4320 MB, in 1 h = 3600 s → 1.2 MB/s
    const customers = topic('customers', 6, 0.05, 2, Duration.days(1));
    expect(topicBacklogMB(customers)).toBeCloseTo(4320, 6);
    expect(jobDemand([customers], CostControl.scheduledWindow(1), JobMode.BATCH).initialMBps).toBeCloseTo(1.2, 10);
  });
});

describe('keyGroupsFor = ⌈1.5 × max⌉ rounded up to a power of two, 128–32768', () => {
  test.each([[1, 128], [3, 128], [85, 128], [86, 256], [200, 512], [30000, 32768]])('max %d → %d key groups', (max, expected) => {
    expect(keyGroupsFor(max)).toBe(expected);
  });
});

describe('deriveJobParallelism', () => {
  const orders = topic('orders', 3, 4, 3);

  test('the example orders-to-lake job, autoscaled: initial ⌈4 ÷ 5⌉ = 1, max = 3 partitions, 128 key groups', () => {
    expect(deriveJobParallelism({ sources: [orders], throughputPerSubtaskMBps: 5, environment: prod })).toEqual({ initial: 1, max: 3, maxParallelism: 128, source: 'derived' });
  });

  test('continuous: initial ⌈12 ÷ 5⌉ = 3', () => {
    expect(deriveJobParallelism({ sources: [orders], throughputPerSubtaskMBps: 5, environment: prod, costControl: CostControl.CONTINUOUS }).initial).toBe(3);
  });

  test('a derived initial never exceeds max (the partitions): 40 MB/s continuous on 3 partitions → 3', () => {
    expect(deriveJobParallelism({ sources: [topic('x', 3, 20)], throughputPerSubtaskMBps: 5, environment: prod, costControl: CostControl.CONTINUOUS }).initial).toBe(3);
  });

  test('explicit values win, even above the partitions (sizeCapacity reports that)', () => {
    expect(deriveJobParallelism({ sources: [orders], throughputPerSubtaskMBps: 5, environment: prod, explicit: { initial: 2, max: 8 } })).toEqual({ initial: 2, max: 8, maxParallelism: 128, source: 'explicit' });
  });

  test('an explicit initial alone raises the derived max to it', () => {
    expect(deriveJobParallelism({ sources: [orders], throughputPerSubtaskMBps: 5, environment: prod, explicit: { initial: 5 } })).toMatchObject({ initial: 5, max: 5 });
  });

  test('an explicit max alone bounds the derived initial', () => {
    expect(deriveJobParallelism({ sources: [topic('x', 12, 20)], throughputPerSubtaskMBps: 5, environment: prod, costControl: CostControl.CONTINUOUS, explicit: { max: 2 } })).toMatchObject({ initial: 2, max: 2 });
  });

  test('the environment cap bounds derived values', () => {
    const capped = { ...prod, sizing: { ...prod.sizing, maxParallelism: 4 } };
    expect(deriveJobParallelism({ sources: [topic('x', 12, 40)], throughputPerSubtaskMBps: 5, environment: capped, costControl: CostControl.CONTINUOUS })).toMatchObject({ initial: 4, max: 4 });
  });
});
