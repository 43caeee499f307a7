import { JobMode } from '../definition/job-options';
import { Flavor } from '../flavor';
import { PipelinePlan } from '../plan/pipeline-plan';
import { ThresholdSignal, consumerLagSignals } from '../plan/pipeline-signals';
import { platformNames } from '../plan/platform-names';
import { ManagedClients } from './managed-clients';
import { explainAwsError } from './managed-errors';
import { SeriesQuery, readSeries } from './managed-metrics';
import { PartitionLag, formatTable, pipelineHeader } from './operations';

/** Minutes of consumer lag `lag` looks at. */
export const LAG_WINDOW_MINUTES = 5;

/** MSK's consumer-lag metrics, per consumer group and topic (namespace AWS/Kafka). */
const LAG_METRICS = ['MaxOffsetLag', 'SumOffsetLag', 'EstimatedMaxTimeLag'] as const;

function seconds(value: number | undefined): string {
  return value === undefined ? '-' : `${Math.round(value)} s`;
}

function count(value: number | undefined): string {
  return value === undefined ? '-' : String(Math.round(value));
}

/** One consumer-lag signal's figures over the window (largest values; undefined: no data point). */
interface LagFigures {
  readonly signal: ThresholdSignal;
  readonly maxOffsetLag?: number;
  readonly sumOffsetLag?: number;
  readonly maxTimeLagSeconds?: number;
}

/** MSK's lag metrics of each consumer-lag signal (group and topic) over the last `LAG_WINDOW_MINUTES` minutes. */
async function readLag(plan: PipelinePlan, clients: ManagedClients, now: Date): Promise<LagFigures[]> {
  const cluster = platformNames(plan.environment).kafkaCluster;
  const signals = consumerLagSignals(plan);
  const queries: SeriesQuery[] = signals.flatMap((signal, i) => LAG_METRICS.map((metricName) => ({
    id: `s${i}_${metricName.toLowerCase()}`,
    namespace: 'AWS/Kafka',
    metricName,
    dimensions: { 'Consumer Group': signal.consumerGroup ?? '', 'Topic': signal.topic ?? '', 'Cluster Name': cluster },
    stat: 'Maximum' as const,
  })));
  const series = queries.length === 0 ? new Map() : await readSeries(clients, queries, LAG_WINDOW_MINUTES, now);
  return signals.map((signal, i) => ({
    signal,
    maxOffsetLag: series.get(`s${i}_maxoffsetlag`)?.max,
    sumOffsetLag: series.get(`s${i}_sumoffsetlag`)?.max,
    maxTimeLagSeconds: series.get(`s${i}_estimatedmaxtimelag`)?.max,
  }));
}

/** The largest partition lag (`MaxOffsetLag`) of each consumer-lag signal over the last five minutes. */
export async function managedPartitionLag(plan: PipelinePlan, clients: ManagedClients, now: Date = new Date()): Promise<PartitionLag> {
  try {
    return new Map((await readLag(plan, clients, now)).map((f) => [f.signal.id, f.maxOffsetLag]));
  } catch (error) {
    return explainAwsError(error, plan);
  }
}

/**
 * `lag`: consumer lag of each streaming job's consumer group on each source topic, from MSK's CloudWatch metrics over
 * the last five minutes (largest value), next to the threshold of the pipeline's consumer-lag signal.
 */
export async function managedLag(plan: PipelinePlan, clients: ManagedClients, now: Date = new Date()): Promise<string> {
  try {
    const cluster = platformNames(plan.environment).kafkaCluster;
    const rows = [['job', 'consumer group', 'topic', 'max offset lag', 'sum offset lag', 'max time lag', 'threshold', 'state']];
    for (const { signal, maxOffsetLag: max, sumOffsetLag, maxTimeLagSeconds } of await readLag(plan, clients, now)) {
      const state = max === undefined ? 'NO DATA' : max > signal.threshold ? 'HIGH' : 'OK';
      rows.push([signal.job ?? '-', signal.consumerGroup ?? '-', signal.topic ?? '-', count(max), count(sumOffsetLag), seconds(maxTimeLagSeconds), String(signal.threshold), state]);
    }
    const lines = [pipelineHeader(plan, Flavor.MANAGED), formatTable(rows),
      `Largest value of the last ${LAG_WINDOW_MINUTES} minutes (AWS/Kafka, cluster ${cluster}); threshold: records one partition may fall behind (the pipeline's consumer-lag signal).`];
    if (rows.some((r) => r[7] === 'NO DATA')) {
      lines.push('NO DATA: MSK reports a group\'s lag only while it is STABLE or EMPTY and has committed offsets (a stopped or just started job has none).');
    }
    const batch = plan.jobs.filter((j) => j.mode.value === JobMode.BATCH.value).map((j) => j.name);
    if (batch.length > 0) lines.push(`Batch jobs (${batch.join(', ')}) read a bounded range per run: no lag signal.`);
    return lines.join('\n');
  } catch (error) {
    return explainAwsError(error, plan);
  }
}
