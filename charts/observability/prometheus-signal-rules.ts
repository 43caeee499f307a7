import { Duration } from 'aws-cdk-lib';
import { PipelineSignal, SignalKind } from '../../lib/plan/pipeline-signals';
import { SESSION_CLUSTER_NAME } from '../flink/flink-session-cluster-chart';
import { KAFKA_METRICS, KAFKA_JVM_METRICS } from '../kafka/kafka-metrics-rules';
import { FLINK_DEPLOYMENT_LABEL, STRIMZI_CLUSTER_LABEL } from './scrape-labels';

/** Severity label of alerts that page (the signal's `alarm` is true). */
export const PAGE_SEVERITY = 'critical';
/** Severity label of shown-only signals (`alarm: false`): visible among the firing alerts, routed to no receiver. */
export const INFO_SEVERITY = 'info';

/** Where a pipeline's series are: its namespace, the Kafka cluster, the jobs that run in a tenant's session cluster. */
export interface SignalRuleContext {
  /** The pipeline's name (label `pipeline` of every alert). */
  readonly pipeline: string;
  /** Namespace of the pipeline's application-mode FlinkDeployments. */
  readonly namespace: string;
  /** Namespace and name of the Strimzi Kafka cluster. */
  readonly kafkaNamespace: string;
  readonly kafkaCluster: string;
  /**
   * Jobs that run as FlinkSessionJobs: job name → tenant namespace of the session cluster.
   * @default {} (every job has its own FlinkDeployment)
   */
  readonly sessionJobs?: Readonly<Record<string, string>>;
}

/** One Prometheus rule (the shape of a rule file's `rules[]` and of `PrometheusRule.spec.groups[].rules[]`). */
export interface PrometheusAlertRule {
  readonly alert: string;
  readonly expr: string;
  /** Absent: the alert fires at the first evaluation that breaches. */
  readonly for?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** A recording rule: the signal's value kept as a series of its own (signals without a threshold). */
export interface PrometheusRecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels: Record<string, string>;
}

/** A Prometheus rule group. */
export interface PrometheusRuleGroup {
  readonly name: string;
  readonly rules: Array<PrometheusAlertRule | PrometheusRecordingRule>;
}

/** A duration in Prometheus' notation: `1h`, `5m`, `90s`. */
export function promDuration(duration: Duration): string {
  const seconds = duration.toSeconds();
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** A label matcher value, quoted and escaped for PromQL. */
function quoted(value: string): string {
  return JSON.stringify(value);
}

function matchers(labels: Record<string, string>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${quoted(v)}`).join(',')}}`;
}

/** A regular-expression matcher value: the literal `value`, escaped. */
function literal(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The series of a job: an application-mode job by its FlinkDeployment (the pods' `app` label, relabelled to
 * `flink_deployment`); a session job by Flink's `job_name` label in the tenant's namespace (Flink's reporter turns
 * characters outside `[a-zA-Z0-9:_]` into `_`), and, for the pods' CPU and memory, by its session cluster.
 */
function jobSelector(context: SignalRuleContext, job: string, pods = false): string {
  const tenant = context.sessionJobs?.[job];
  if (tenant === undefined) return matchers({ namespace: context.namespace, [FLINK_DEPLOYMENT_LABEL]: job });
  if (pods) return matchers({ namespace: tenant, [FLINK_DEPLOYMENT_LABEL]: SESSION_CLUSTER_NAME });
  return matchers({ namespace: tenant, job_name: job.replace(/[^a-zA-Z0-9:_]/g, '_') });
}

function kafkaSelector(context: SignalRuleContext): string {
  return matchers({ namespace: context.kafkaNamespace, [STRIMZI_CLUSTER_LABEL]: context.kafkaCluster });
}

/** The PromQL value of a signal (compared with its threshold), over windows of one period. */
export function signalExpression(signal: PipelineSignal, context: SignalRuleContext): string {
  const w = promDuration(signal.period);
  const job = signal.job;
  const flink = (metric: string, pods = false) => {
    if (job === undefined) throw new Error(`signal ${signal.id} (${signal.kind}) names no job: no Flink series to watch`);
    return `${metric}${jobSelector(context, job, pods)}`;
  };
  switch (signal.kind) {
    case 'consumer-lag':
      return `max by (consumergroup, topic) (max_over_time(${KAFKA_METRICS.consumerGroupLag}${matchers({ namespace: context.kafkaNamespace, consumergroup: signal.consumerGroup ?? '', topic: signal.topic ?? '' })}[${w}]))`;
    // Deprecated upstream in favour of restartingTime/failingTime, still reported by Flink 1.19–2.2; the managed
    // flavor's MSF metric of the same name keeps both renderings on one definition.
    case 'downtime': return `max(max_over_time(${flink('flink_jobmanager_job_downtime')}[${w}]))`;
    case 'restarts': return `max(increase(${flink('flink_jobmanager_job_numRestarts')}[${w}]))`;
    // A gauge of failures since the JobManager started: its growth over the period (a restarted JobManager resets it).
    case 'checkpoint-failures': return `max(increase(${flink('flink_jobmanager_job_numberOfFailedCheckpoints')}[${w}]))`;
    case 'checkpoint-duration': return `max(max_over_time(${flink('flink_jobmanager_job_lastCheckpointDuration')}[${w}]))`;
    case 'backpressure': return `max(max_over_time(${flink('flink_taskmanager_job_task_backPressuredTimeMsPerSecond')}[${w}]))`;
    case 'busy-time': return `max(max_over_time(${flink('flink_taskmanager_job_task_busyTimeMsPerSecond')}[${w}]))`;
    case 'records-in': return job === undefined ? topicRecords(signal, context, w) : `sum(avg_over_time(${flink('flink_taskmanager_job_task_numRecordsInPerSecond')}[${w}]))`;
    case 'records-out': return job === undefined ? topicRecords(signal, context, w) : `sum(avg_over_time(${flink('flink_taskmanager_job_task_numRecordsOutPerSecond')}[${w}]))`;
    case 'cpu': return job === undefined
      ? `100 * max(max_over_time(${KAFKA_JVM_METRICS.processCpuLoad}${kafkaSelector(context)}[${w}]))`
      : `100 * max(max_over_time(${flink('flink_taskmanager_Status_JVM_CPU_Load', true)}[${w}]))`;
    case 'memory': return job === undefined
      ? `100 * max(max_over_time(${KAFKA_JVM_METRICS.heapUsed}${kafkaSelector(context)}[${w}]) / ${KAFKA_JVM_METRICS.heapMax}${kafkaSelector(context)})`
      : `100 * max(max_over_time(${flink('flink_taskmanager_Status_JVM_Memory_Heap_Used', true)}[${w}]) / ${flink('flink_taskmanager_Status_JVM_Memory_Heap_Max', true)})`;
    case 'under-replicated-partitions': return `sum(max_over_time(${KAFKA_METRICS.underReplicatedPartitions}${kafkaSelector(context)}[${w}]))`;
    // The kubelet's volume statistics of the brokers' data volumes (`data-<volume>-<cluster>-brokers-<n>`).
    case 'broker-disk': {
      const claims = matchers({ namespace: context.kafkaNamespace }).replace(/}$/, `,persistentvolumeclaim=~${quoted(`data-[0-9]+-${literal(context.kafkaCluster)}-brokers-[0-9]+`)}}`);
      return `100 * max(max_over_time(kubelet_volume_stats_used_bytes${claims}[${w}]) / kubelet_volume_stats_capacity_bytes${claims})`;
    }
    // kube-state-metrics' count of failed pods of the Kubernetes Jobs the run's CronJob (named after the job) creates,
    // `<job>-<minutes since epoch>`: its growth is a run that failed for good (the scheduler fails its Job then).
    case 'failed-runs': {
      if (job === undefined) throw new Error(`signal ${signal.id} (${signal.kind}) names no job`);
      const runs = matchers({ namespace: context.namespace }).replace(/}$/, `,job_name=~${quoted(`${literal(job)}-[0-9]+`)}}`);
      return `sum(increase(kube_job_status_failed${runs}[${w}]))`;
    }
    default: return unknownKind(signal.kind);
  }
}

/** Records per second into a topic (every broker's share, from the JMX exporter rules). */
function topicRecords(signal: PipelineSignal, context: SignalRuleContext, w: string): string {
  if (signal.topic === undefined) throw new Error(`signal ${signal.id} (${signal.kind}) names neither a job nor a topic: no series to watch`);
  return `sum(rate(kafka_server_brokertopicmetrics_messagesin_total${matchers({ namespace: context.kafkaNamespace, [STRIMZI_CLUSTER_LABEL]: context.kafkaCluster, topic: signal.topic })}[${w}]))`;
}

function unknownKind(kind: never): never {
  throw new Error(`signal kind ${JSON.stringify(kind)} has no Prometheus rule`);
}

const ALERT_NAMES: Record<SignalKind, string> = {
  'consumer-lag': 'PipelineConsumerLag',
  'downtime': 'PipelineJobDown',
  'checkpoint-failures': 'PipelineCheckpointFailures',
  'checkpoint-duration': 'PipelineCheckpointDuration',
  'backpressure': 'PipelineBackpressure',
  'broker-disk': 'PipelineBrokerDisk',
  'records-in': 'PipelineRecordsIn',
  'records-out': 'PipelineRecordsOut',
  'busy-time': 'PipelineBusyTime',
  'restarts': 'PipelineJobRestarts',
  'under-replicated-partitions': 'PipelineUnderReplicatedPartitions',
  'cpu': 'PipelineCpu',
  'memory': 'PipelineMemory',
  'failed-runs': 'PipelineBatchRunFailed',
};

/**
 * A signal as an alerting rule: its value over windows of one period compared with its threshold, firing after
 * `evaluationPeriods` periods in a row (`for` = period × (evaluationPeriods − 1), the first window being the first
 * period), like the managed flavor's CloudWatch alarm on the same signal. Signals that only show (`alarm: false`) are
 * alerts too, with severity `info`: they are listed among the firing alerts but routed to no receiver (a recording
 * rule would show a value but not when it crosses the threshold).
 */
export function signalAlertRule(signal: PipelineSignal, context: SignalRuleContext): PrometheusAlertRule {
  const threshold = thresholdOf(signal);
  if (threshold === undefined) throw new Error(`signal ${signal.id} has no threshold to alert on (see signalRule)`);
  const operator = signal.comparison === 'greater-than' ? '>' : '>=';
  const forDuration = signal.period.toSeconds() * (signal.evaluationPeriods - 1);
  return {
    alert: ALERT_NAMES[signal.kind],
    expr: `${signalExpression(signal, context)} ${operator} ${threshold}`,
    ...(forDuration > 0 ? { for: promDuration(Duration.seconds(forDuration)) } : {}),
    labels: { severity: signal.alarm ? PAGE_SEVERITY : INFO_SEVERITY, ...signalLabels(signal, context) },
    annotations: {
      summary: signal.description,
      threshold: `${signal.comparison === 'greater-than' ? '>' : '≥'} ${threshold} ${signal.unit}`,
    },
  };
}

/**
 * A signal's rule: an alert (see {@link signalAlertRule}), or, for a signal without a threshold (a throughput to
 * watch, not to judge), a recording rule `pipeline_signal:<kind>:value` that keeps its value as a series for graphs.
 */
export function signalRule(signal: PipelineSignal, context: SignalRuleContext): PrometheusAlertRule | PrometheusRecordingRule {
  if (thresholdOf(signal) !== undefined) return signalAlertRule(signal, context);
  return { record: `pipeline_signal:${signal.kind.replace(/-/g, '_')}:value`, expr: signalExpression(signal, context), labels: signalLabels(signal, context) };
}

/** The signal's threshold; signals may come without one (throughput is shown, not judged). */
function thresholdOf(signal: PipelineSignal): number | undefined {
  const threshold: number | undefined = signal.threshold;
  return threshold;
}

function signalLabels(signal: PipelineSignal, context: SignalRuleContext): Record<string, string> {
  return {
    pipeline: context.pipeline,
    signal: signal.id,
    ...(signal.job === undefined ? {} : { flink_job: signal.job }),
    ...(signal.topic === undefined ? {} : { kafka_topic: signal.topic }),
  };
}

/** The rule group of a pipeline's signals, in the list's order. */
export function signalRuleGroup(name: string, signals: readonly PipelineSignal[], context: SignalRuleContext): PrometheusRuleGroup {
  return { name, rules: signals.map((signal) => signalRule(signal, context)) };
}
