import { Duration, aws_cloudwatch as cw } from 'aws-cdk-lib';
import { FlinkVersion } from '../../../lib/definition/flink-version';
import { PlanNames } from '../../../lib/plan/pipeline-plan';
import { managedApplicationName } from '../../../lib/plan/plan-names';
import { PipelineSignal, SignalKind } from '../../../lib/plan/pipeline-signals';

/** CloudWatch namespace of Managed Service for Apache Flink. */
export const MSF_NAMESPACE = 'AWS/KinesisAnalytics';
/** CloudWatch namespace of Amazon MSK. */
export const MSK_NAMESPACE = 'AWS/Kafka';
/**
 * Namespace of the failed batch runs counted from the applications' logs (MSF has no metric for a bounded job that
 * failed for good); the metric is named after the application.
 */
export const FAILED_BATCH_RUNS_NAMESPACE = 'EventPipelines/FailedBatchRuns';

/** The first Flink minor whose MSF runtime publishes `numRestarts` only (`fullRestarts` was removed in 2.2). */
const NUM_RESTARTS_SINCE = FlinkVersion.V2_2;

/**
 * Signal kinds whose MSF metric is documented as published for Flink 1.13 applications only
 * (`backPressuredTimeMsPerSecond`, `busyTimeMsPerSecond`: "Metrics and dimensions in Managed Service for Apache
 * Flink"): a graph of them on a newer runtime stays empty. Self-hosted Flink reports them (Prometheus).
 */
const FLINK_1_13_ONLY: ReadonlyMap<SignalKind, string> = new Map<SignalKind, string>([['backpressure', 'backPressuredTimeMsPerSecond'], ['busy-time', 'busyTimeMsPerSecond']]);
const FLINK_1_13 = FlinkVersion.of('1.13');

/** Properties of {@link SignalMetrics}. */
export interface SignalMetricsProps {
  /** The pipeline's names: the jobs' MSF applications are named from them (`managedApplicationName`). */
  readonly names: PlanNames;
  /** The MSK cluster whose consumer lag, disk and replication are watched. */
  readonly kafkaClusterName: string;
  /** The jobs' Flink version: it decides the name of the restart counter. */
  readonly flinkVersion: FlinkVersion;
}

/**
 * The CloudWatch metrics of the pipeline's signals on the managed flavor (MSF and MSK metrics), kept apart from the
 * alarms and widgets that use them: the series an alarm is judged on, and the series a dashboard graph shows.
 */
export class SignalMetrics {
  constructor(private readonly props: SignalMetricsProps) {}

  /** MSF's restart counter of the jobs' runtime: `fullRestarts` before Flink 2.2, `numRestarts` from it. */
  public get restartsMetricName(): string {
    return this.props.flinkVersion.compareTo(NUM_RESTARTS_SINCE) >= 0 ? 'numRestarts' : 'fullRestarts';
  }

  /** Whether MSF publishes the metric of a signal kind for the jobs' Flink version (some are Flink 1.13 only). */
  public publishes(kind: SignalKind): boolean {
    return !FLINK_1_13_ONLY.has(kind) || this.props.flinkVersion.compareTo(FLINK_1_13) === 0;
  }

  /** The MSF application of a job signal. */
  public applicationName(signal: PipelineSignal): string {
    if (signal.job === undefined) throw new Error(`signal ${signal.id} belongs to no job`);
    return managedApplicationName(this.props.names, signal.job);
  }

  /** The metric a failed batch run is counted in (fed by a metric filter on the application's log group). */
  public failedRunsMetricName(signal: PipelineSignal): string {
    return this.applicationName(signal);
  }

  /** The metric (or expression) a paging signal is judged on. */
  public alarmMetric(signal: PipelineSignal): cw.IMetric {
    const period = signal.period;
    switch (signal.kind) {
      case 'downtime': return this.msf(signal, 'downtime', 'Average');
      // Counters since the job started: alarm on their growth from one period to the next.
      case 'checkpoint-failures': return new cw.MathExpression({
        expression: 'DIFF(failed)', usingMetrics: { failed: this.msf(signal, 'numberOfFailedCheckpoints', 'Maximum') }, period,
        label: `failed checkpoints per ${period.toHumanString()}`,
      });
      case 'restarts': return new cw.MathExpression({
        expression: 'DIFF(restarts)', usingMetrics: { restarts: this.msf(signal, this.restartsMetricName, 'Maximum') }, period,
        label: `restarts per ${period.toHumanString()}`,
      });
      case 'consumer-lag': return new cw.Metric({
        namespace: MSK_NAMESPACE, metricName: 'MaxOffsetLag', statistic: 'Maximum', period,
        dimensionsMap: { 'Consumer Group': signal.consumerGroup ?? '', 'Topic': signal.topic ?? '', 'Cluster Name': this.props.kafkaClusterName },
      });
      case 'failed-runs': return new cw.Metric({
        namespace: FAILED_BATCH_RUNS_NAMESPACE, metricName: this.failedRunsMetricName(signal), statistic: 'Sum', period,
      });
      default: throw new Error(`signal ${signal.id} (${signal.kind}) has no single series to alarm on`);
    }
  }

  /** A dashboard series of a signal: an application's metric, or a search over the per-task / per-broker series. */
  public dashboardMetric(signal: PipelineSignal): cw.IMetric {
    const label = signal.topic === undefined ? signal.job ?? signal.kind : `${signal.job ?? ''} ${signal.topic}`;
    const application = (metricName: string, statistic: string) => this.msf(signal, metricName, statistic).with({ label });
    switch (signal.kind) {
      case 'downtime': return application('downtime', 'Average');
      case 'checkpoint-duration': return application('lastCheckpointDuration', 'Maximum');
      case 'records-in': return application('numRecordsInPerSecond', 'Average');
      case 'records-out': return application('numRecordsOutPerSecond', 'Average');
      // One sample per TaskManager: the busiest / fullest one is the one to watch.
      case 'cpu': return application('cpuUtilization', 'Maximum');
      case 'memory': return application('heapMemoryUtilization', 'Maximum');
      // The counts since the job started (an alarm's DIFF expression would repeat one metric id per job in a graph).
      case 'checkpoint-failures': return application('numberOfFailedCheckpoints', 'Maximum');
      // Minute by minute on the graph (the alarm counts per hour).
      case 'restarts': return application(this.restartsMetricName, 'Maximum').with({ period: Duration.minutes(1) });
      case 'backpressure':
      case 'busy-time': return this.perTask(signal, FLINK_1_13_ONLY.get(signal.kind) ?? '', label);
      case 'broker-disk': return this.perBroker(signal, 'KafkaDataLogsDiskUsed', 'broker data-log disk used (%)');
      case 'under-replicated-partitions': return this.perBroker(signal, 'UnderReplicatedPartitions', 'under-replicated partitions per broker');
      default: {
        const metric = this.alarmMetric(signal);
        return metric instanceof cw.Metric ? metric.with({ label }) : metric;
      }
    }
  }

  private msf(signal: PipelineSignal, metricName: string, statistic: string): cw.Metric {
    return new cw.Metric({
      namespace: MSF_NAMESPACE, metricName, statistic, period: signal.period, dimensionsMap: { Application: this.applicationName(signal) },
    });
  }

  /** Every task's series of an application (per-task metrics have no application-level series). */
  private perTask(signal: PipelineSignal, metricName: string, label: string): cw.IMetric {
    return new cw.MathExpression({
      expression: `SEARCH('Namespace="${MSF_NAMESPACE}" MetricName="${metricName}" Application="${this.applicationName(signal)}"', 'Maximum', ${signal.period.toSeconds()})`,
      usingMetrics: {}, label, period: signal.period,
    });
  }

  /** Every broker's series of the cluster (`Cluster Name` + `Broker ID`, published at MSK's DEFAULT monitoring level). */
  private perBroker(signal: PipelineSignal, metricName: string, label: string): cw.IMetric {
    return new cw.MathExpression({
      expression: `SEARCH('Namespace="${MSK_NAMESPACE}" MetricName="${metricName}" "Cluster Name"="${this.props.kafkaClusterName}"', 'Maximum', ${signal.period.toSeconds()})`,
      usingMetrics: {}, label, period: signal.period,
    });
  }
}
