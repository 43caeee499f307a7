import { Duration } from 'aws-cdk-lib';
import { CostControl, JobMode, StateMigration, WriteMode } from '../definition/job-options';
import { StartPosition } from '../definition/kafka-options';
import { LOAD_GENERATOR_JOB_NAME } from '../definition/load-generator';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { sizeJob } from '../sizing/flink-capacity';
import { keyGroupsFor } from '../sizing/job-parallelism';
import { ceilUnits, round } from '../sizing/private/rounding';
import { SIZING_DEFAULTS } from '../sizing/sizing-defaults';
import { JobSizing } from '../sizing/sizing-plan';
import { loadGeneratorTopics } from '../validation/load-generator-rules';
import { estimatedRecordBytes, stringLengthFor } from './generated-fields';
import { JobPlan, TopicPlan } from './pipeline-plan';

/** What the load generator writes to one topic. */
export interface LoadTopicPlan {
  readonly topic: string;
  /** This topic's share of the generator's rate, MB/s. */
  readonly mbPerSecond: number;
  /** Estimated bytes of one generated record (key + value as the topic's formats encode it). */
  readonly recordSizeBytes: number;
  /** datagen `rows-per-second`: ⌈MB/s × 10^6 ÷ record size⌉, at least 1. */
  readonly rowsPerSecond: number;
  /** Length of generated STRING values (aimed at the topic's planned record size). */
  readonly stringLength: number;
  /** Generated timestamps lie in [now − maxPast, now]: the smallest out-of-orderness its event-time readers allow. */
  readonly maxPast: Duration;
}

/** The pipeline's load generator, resolved: a stopped streaming job writing synthetic records at a fixed rate. */
export interface LoadGeneratorPlan {
  /** Its job (name `load-generator`): not among `plan.jobs`, so sizing totals, costs, alarms and locks leave it out. */
  readonly job: JobPlan;
  /** Total rate, MB/s. */
  readonly mbPerSecond: number;
  /** Where the rate comes from: the definition, or the topics' planned peak ingress. */
  readonly rateSource: 'explicit' | 'workload-peak';
  readonly topics: LoadTopicPlan[];
  /** Its compute on each flavor while it runs (it is deployed stopped: priced only while `verify --load` runs it). */
  readonly sizing: JobSizing;
}

/** MB/s one load generator subtask is assumed to produce (datagen + serialization + Kafka producer). */
export const LOAD_GENERATOR_MBPS_PER_SUBTASK = 10;
/** Spread of generated event times when no event-time job reads the topic. */
export const DEFAULT_LOAD_MAX_PAST = Duration.seconds(5);

function maxPastFor(definition: PipelineDefinition, topic: string): Duration {
  const allowed = definition.jobs.filter((j) => j.sources.includes(topic) && j.eventTime !== undefined)
    .map((j) => j.eventTime?.maxOutOfOrderness.toMilliseconds() ?? 0);
  return allowed.length > 0 ? Duration.millis(Math.min(...allowed)) : DEFAULT_LOAD_MAX_PAST;
}

function planLoadTopic(definition: PipelineDefinition, topic: TopicPlan, mbPerSecond: number): LoadTopicPlan {
  const stringLength = stringLengthFor(topic, topic.workload?.recordSizeBytes);
  const recordSizeBytes = estimatedRecordBytes(topic, stringLength);
  const rowsPerSecond = Math.max(1, ceilUnits(mbPerSecond * 1e6 / recordSizeBytes));
  return { topic: topic.name, mbPerSecond, recordSizeBytes, rowsPerSecond, stringLength, maxPast: maxPastFor(definition, topic.name) };
}

/** The load generator's job: streaming, stateless and without checkpoints (random rows need no state; starts never restore), continuous while it runs. */
function loadGeneratorJob(definition: PipelineDefinition, parallelism: number): JobPlan {
  const interval = Duration.minutes(1);
  return {
    name: LOAD_GENERATOR_JOB_NAME,
    mode: JobMode.STREAMING,
    sources: [],
    sinks: [],
    inserts: [],
    writeMode: WriteMode.INCREMENTAL,
    stateMigration: StateMigration.RESTORE,
    startPosition: StartPosition.LATEST,
    parallelism: { initial: parallelism, max: parallelism, maxParallelism: keyGroupsFor(parallelism), source: 'derived' },
    throughputPerSubtaskMBps: LOAD_GENERATOR_MBPS_PER_SUBTASK,
    checkpointing: {
      enabled: false, interval, intervalSource: 'default', minPause: Duration.seconds(30), timeout: Duration.minutes(10), mode: 'EXACTLY_ONCE',
      incremental: true, retained: 1, checkpointPrefix: `checkpoints/${LOAD_GENERATOR_JOB_NAME}/`, savepointPrefix: `savepoints/${LOAD_GENERATOR_JOB_NAME}/`,
    },
    upgradeMode: 'stateless',
    consumerGroupId: `${definition.name}.${LOAD_GENERATOR_JOB_NAME}`,
    costControl: CostControl.CONTINUOUS,
  };
}

/**
 * Resolves the definition's load generator (validation checked its topics and rate): the rate (the definition's, else
 * the sum of its topics' planned peak ingress), shared over the topics in proportion to their peak (equally when a
 * topic has no workload), each topic's rows per second from its estimated record size, and a parallelism of
 * ⌈rate ÷ 10 MB/s⌉ (at most the smallest rows-per-second, so every subtask has rows to make).
 */
export function planLoadGenerator(definition: PipelineDefinition, environment: PipelineEnvironment, topics: readonly TopicPlan[]): LoadGeneratorPlan | undefined {
  const generator = definition.loadGenerator;
  if (generator === undefined) return undefined;
  const names = loadGeneratorTopics(definition);
  const chosen = topics.filter((t) => names.includes(t.name));
  const peaks = chosen.map((t) => t.workload?.peakIngressMBps ?? 0);
  const totalPeak = peaks.reduce((a, b) => a + b, 0);
  // A default rate is rounded to 0.001 MB/s so `verify --load` can name it as printed.
  const mbPerSecond = generator.mbPerSecond ?? round(totalPeak, 3);
  const proportional = totalPeak > 0 && peaks.every((p) => p > 0);
  const planned = chosen.map((t, i) => planLoadTopic(definition, t, mbPerSecond * (proportional ? (peaks[i] ?? 0) / totalPeak : 1 / chosen.length)));
  const cap = Math.min(environment.sizing.maxParallelism ?? Number.MAX_SAFE_INTEGER, ...planned.map((t) => t.rowsPerSecond));
  const parallelism = Math.max(1, Math.min(cap, ceilUnits(mbPerSecond / LOAD_GENERATOR_MBPS_PER_SUBTASK)));
  const job = loadGeneratorJob(definition, parallelism);
  const settings = {
    parallelismPerKpu: environment.sizing.parallelismPerKpu ?? SIZING_DEFAULTS.parallelismPerKpu,
    slotsPerTaskManager: environment.sizing.slotsPerTaskManager ?? SIZING_DEFAULTS.slotsPerTaskManager,
  };
  return { job, mbPerSecond, rateSource: generator.mbPerSecond !== undefined ? 'explicit' : 'workload-peak', topics: planned, sizing: sizeJob(job, [], settings) };
}
