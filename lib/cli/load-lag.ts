import { PipelinePlan } from '../plan/pipeline-plan';
import { ThresholdSignal, consumerLagSignals } from '../plan/pipeline-signals';
import { PartitionLag } from './operations';

/** The consumer-lag signals of a pipeline whose topics the load generator writes. */
export function loadedLagSignals(plan: PipelinePlan): ThresholdSignal[] {
  const written = new Set(plan.loadGenerator?.topics.map((t) => t.topic) ?? []);
  return consumerLagSignals(plan).filter((s) => s.topic !== undefined && written.has(s.topic));
}

/** A signal's lag in one sample (`PipelineOperations.partitionLag`), in records; undefined: no figure (no data yet). */
export type LagSample = PartitionLag;

/** What the lag of one signal did during a load run. */
export interface LagVerdict {
  readonly signal: ThresholdSignal;
  /** Largest lag seen, records (undefined: never any data). */
  readonly peak?: number;
  /** Lag of the last sample with data. */
  readonly end?: number;
  /** Lag of the sample with data in the middle of the run (the start of the second half). */
  readonly middle?: number;
  /**
   * - `kept-up`: the peak stayed under the signal's threshold and the lag did not grow over the second half
   *   (end ≤ middle × 1.1 + 1,000 records: noise and checkpoint-sized bursts allowed);
   * - `fell-behind`: the lag grew over the second half or passed the threshold;
   * - `no-data`: fewer than three samples with a figure.
   */
  readonly verdict: 'kept-up' | 'fell-behind' | 'no-data';
}

/** Slack of the "lag not growing" test: the end may exceed the middle by 10 % plus this many records. */
export const LAG_GROWTH_SLACK_RECORDS = 1000;

/** Judges each signal over the samples of a run. */
export function judgeLag(signals: readonly ThresholdSignal[], samples: readonly LagSample[]): LagVerdict[] {
  return signals.map((signal) => {
    const values = samples.map((s) => s.get(signal.id)).filter((v): v is number => v !== undefined);
    if (values.length < 3) return { signal, verdict: 'no-data', ...(values.length > 0 ? { peak: Math.max(...values), end: values[values.length - 1] } : {}) };
    const peak = Math.max(...values);
    const end = values[values.length - 1] ?? 0;
    const middle = values[Math.floor(values.length / 2)] ?? 0;
    const growing = end > middle * 1.1 + LAG_GROWTH_SLACK_RECORDS;
    return { signal, peak, end, middle, verdict: growing || peak > signal.threshold ? 'fell-behind' : 'kept-up' };
  });
}
