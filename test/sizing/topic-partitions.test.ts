import { deriveTopicPartitions, scaleWorkload } from '../../lib/sizing/topic-partitions';
import { environment } from '../support/test-app';

const prod = environment('prod');
const scaled = { ...prod, sizing: { ...prod.sizing, workloadScale: 0.1, minPartitions: 3 } };

describe('scaleWorkload', () => {
  test('applies the environment scale, the peak factor and counts reader jobs plus extra groups', () => {
    // 4 MB/s × 0.1 = 0.4 MB/s; peak 0.4 × 3 = 1.2 MB/s; 2 jobs + 1 extra group = 3 consumer groups
    const w = scaleWorkload({ ingressMBps: 4, recordSizeBytes: 1024, peakFactor: 3, extraConsumerGroups: 1 }, scaled, 2);
    expect(w.ingressMBps).toBeCloseTo(0.4, 10);
    expect(w.peakIngressMBps).toBeCloseTo(1.2, 10);
    expect(w.consumerGroups).toBe(3);
  });

  test('defaults the peak factor to 2 and extra groups to 0', () => {
    const w = scaleWorkload({ ingressMBps: 0.05, recordSizeBytes: 512 }, prod, 1);
    expect(w.peakIngressMBps).toBeCloseTo(0.1, 10);
    expect(w.consumerGroups).toBe(1);
  });
});

describe('deriveTopicPartitions = max(minPartitions, ⌈peak ÷ 10 MB/s⌉, ⌈peak ÷ consumer MB/s⌉)', () => {
  const workload = (peak: number) => ({ ingressMBps: peak / 2, peakIngressMBps: peak, recordSizeBytes: 1000, consumerGroups: 1 });

  test('the example orders topic: peak 12 MB/s, subtasks of 5 MB/s → max(3, 2, 3) = 3', () => {
    expect(deriveTopicPartitions(workload(12), prod, { consumerThroughputMBps: 5 })).toBe(3);
  });

  test('the consumer side dominates when subtasks are slower than partitions: peak 100, 5 MB/s → 20', () => {
    expect(deriveTopicPartitions(workload(100), prod, { consumerThroughputMBps: 5 })).toBe(20);
  });

  test('the write side dominates when consumers are fast: peak 100, 50 MB/s → ⌈100 ÷ 10⌉ = 10', () => {
    expect(deriveTopicPartitions(workload(100), prod, { consumerThroughputMBps: 50 })).toBe(10);
  });

  test('without readers only the write side counts: peak 45 → 5', () => {
    expect(deriveTopicPartitions(workload(45), prod)).toBe(5);
  });

  test('a custom partition write throughput: peak 45 at 15 MB/s → 3', () => {
    expect(deriveTopicPartitions(workload(45), prod, { partitionWriteMBps: 15 })).toBe(3);
  });

  test('never below the environment minimum, and the minimum without a workload', () => {
    const env = { ...prod, sizing: { ...prod.sizing, minPartitions: 6 } };
    expect(deriveTopicPartitions(workload(1), env, { consumerThroughputMBps: 5 })).toBe(6);
    expect(deriveTopicPartitions(undefined, env)).toBe(6);
  });

  test('floating-point noise does not add a partition: 0.1 × 3 MB/s at 0.1 MB/s per subtask → 3, not 4', () => {
    expect(deriveTopicPartitions(workload(0.1 * 3), { ...prod, sizing: { ...prod.sizing, minPartitions: 1 } }, { consumerThroughputMBps: 0.1 })).toBe(3);
  });
});
