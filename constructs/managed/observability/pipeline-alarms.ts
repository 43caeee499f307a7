import {
  Duration, Stack, aws_cloudwatch as cw, aws_cloudwatch_actions as cwActions, aws_iam as iam, aws_kms as kms, aws_logs as logs, aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { FlinkVersion } from '../../../lib/definition/flink-version';
import { PlanNames } from '../../../lib/plan/pipeline-plan';
import { fingerprintText } from '../../../lib/plan/content-fingerprint';
import { PipelineSignal, SignalKind, hasThreshold } from '../../../lib/plan/pipeline-signals';
import { JOB_STATE_LINE } from '../flink/batch-run-stopper';
import { FAILED_BATCH_RUNS_NAMESPACE, SignalMetrics } from './signal-metrics';

export { MSF_NAMESPACE, MSK_NAMESPACE } from './signal-metrics';

/** CloudWatch's longest alarm name. */
export const MAX_ALARM_NAME_LENGTH = 255;

/**
 * The alarm name of a signal: `<pipeline>-<env>-<signal id with "-" for ":">`. A signal id carries a job and a topic
 * name (Kafka allows 249 characters), so a name over CloudWatch's 255 is cut and ends with a hash of the full name:
 * still unique, still under the pipeline's prefix (which the topic policy admits).
 */
export function pipelineAlarmName(prefix: string, signal: Pick<PipelineSignal, 'id'>): string {
  const full = `${prefix}-${signal.id.replace(/:/g, '-')}`;
  if (full.length <= MAX_ALARM_NAME_LENGTH) return full;
  const hash = fingerprintText(full, `alarm name of signal ${signal.id}`, 12);
  return `${full.slice(0, MAX_ALARM_NAME_LENGTH - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** Flink's terminal job states (`JobStatus`) of a run that did not finish: failed for good, cancelled before the end. */
export const JOB_END_STATES = { failed: 'FAILED', canceled: 'CANCELED' } as const;

/** Jobs per dashboard widget (a graph widget stays readable and well under CloudWatch's metrics per graph). */
const JOBS_PER_WIDGET = 25;

/** Properties of {@link PipelineAlarms}. */
export interface PipelineAlarmsProps {
  /** The pipeline's names: the prefix (`<pipeline>-<env>`) names the topic, the dashboard and the alarms; the jobs' MSF applications are named from them (`managedApplicationName`). */
  readonly names: PlanNames;
  /** The MSK cluster whose consumer lag, broker disk and replication are watched. */
  readonly kafkaClusterName: string;
  /** The jobs' Flink version (the plan's): it names the restart counter MSF publishes. */
  readonly flinkVersion: FlinkVersion;
  /** The pipeline's signals (see `pipelineSignals`). */
  readonly signals: readonly PipelineSignal[];
  /**
   * The platform's key the topic is encrypted with; its policy must let CloudWatch alarms use it
   * (`allowAlarmNotifications`), which a pipeline stack cannot add to an imported key.
   */
  readonly encryptionKey: kms.IKey;
  /**
   * E-mail addresses subscribed to the topic (each must confirm SNS's mail).
   * @default - none
   */
  readonly emails?: readonly string[];
}

/**
 * The managed flavor's rendering of a pipeline's signals: one SNS topic (encrypted with the platform's key, TLS only) that every alarm
 * notifies on alarm and on recovery, and one CloudWatch dashboard with every signal. Alarms are added per job with
 * {@link addJob}, in the job's own scope, so they go into the same (nested) stack as the job; the dashboard names the
 * jobs' applications from the plan's names, so it needs no job to be added first.
 */
export class PipelineAlarms extends Construct {
  /** The topic every alarm notifies (subscribe e-mail or a pager to it). */
  public readonly topic: sns.Topic;
  public readonly dashboard: cw.Dashboard;
  private readonly props: PipelineAlarmsProps;
  private readonly prefix: string;
  private readonly metrics: SignalMetrics;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    this.props = props;
    this.prefix = props.names.prefix;
    this.metrics = new SignalMetrics({ names: props.names, kafkaClusterName: props.kafkaClusterName, flinkVersion: props.flinkVersion });
    const stack = Stack.of(this);
    this.topic = new sns.Topic(this, 'Topic', { topicName: `${this.prefix}-alarms`, masterKey: props.encryptionKey, enforceSSL: true });
    // The topic policy replaces SNS's default one: let this account's alarms publish.
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsOfThisAccount',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:${this.prefix}-*` },
      },
    }));
    for (const email of props.emails ?? []) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    this.dashboard = new cw.Dashboard(this, 'Dashboard', { dashboardName: `${this.prefix}-pipeline` });
    this.dashboard.addWidgets(...this.widgets());
  }

  /**
   * Adds a job: the alarms of its paging signals in `scope` (the job's construct, so they share its stack). A batch
   * job's failed runs are counted from its application's log group (`logGroup`), by a metric filter beside the alarm.
   * Returns the alarms.
   */
  public addJob(scope: Construct, job: string, logGroup?: logs.ILogGroup): cw.Alarm[] {
    return this.props.signals.filter((s) => s.alarm && s.job === job).map((signal) => {
      if (!hasThreshold(signal)) throw new Error(`signal ${signal.id} pages but has no threshold`);
      if (signal.kind === 'failed-runs') this.countFailedRuns(scope, signal, logGroup);
      const alarm = new cw.Alarm(scope, `Alarm-${signal.kind}${signal.topic === undefined ? '' : `-${signal.topic}`}`, {
        alarmName: pipelineAlarmName(this.prefix, signal),
        alarmDescription: signal.description,
        metric: this.metrics.alarmMetric(signal),
        threshold: signal.threshold,
        comparisonOperator: signal.comparison === 'greater-than'
          ? cw.ComparisonOperator.GREATER_THAN_THRESHOLD : cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: signal.evaluationPeriods,
        // No data: the job is stopped (a batch window, a deliberate stop) or the group is rebalancing.
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      });
      const action = new cwActions.SnsAction(this.topic);
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      return alarm;
    });
  }

  /**
   * Counts the runs that did not reach FINISHED, from their job-state lines, in one metric: a run that failed for good
   * (`... switched from state FAILING to FAILED.`), and a run cancelled before it finished
   * (`... switched from state CANCELLING to CANCELED.`) — the run window's stop schedule cancels a run that overran
   * its window (or an operator stopped it), which MSF reports as neither a failure nor an outage. A finished run is
   * never cancelled: the batch stopper stops its application after FINISHED, when the job is already over.
   */
  private countFailedRuns(scope: Construct, signal: PipelineSignal, logGroup: logs.ILogGroup | undefined): void {
    if (logGroup === undefined) throw new Error(`signal ${signal.id}: the job's log group is needed to count its failed runs`);
    const count = (id: string, endState: string) => new logs.MetricFilter(scope, id, {
      logGroup,
      filterPattern: logs.FilterPattern.allTerms(JOB_STATE_LINE, `to ${endState}`),
      metricNamespace: FAILED_BATCH_RUNS_NAMESPACE,
      metricName: this.metrics.failedRunsMetricName(signal),
      metricValue: '1',
    });
    count('FailedRuns', JOB_END_STATES.failed);
    count('CanceledRuns', JOB_END_STATES.canceled);
  }

  private widgets(): cw.IWidget[] {
    // In reading order: throughput and lag, then health, then capacity, then the cluster.
    const titles: Record<SignalKind, string> = {
      'records-in': 'Records in per second',
      'records-out': 'Records out per second',
      'consumer-lag': 'Consumer lag: max offset lag per partition (records)',
      'downtime': 'Downtime (ms)',
      'restarts': 'Restarts since the job started',
      'failed-runs': 'Failed batch runs',
      'checkpoint-failures': 'Failed checkpoints since the job started',
      'checkpoint-duration': 'Last checkpoint duration (ms)',
      'backpressure': 'Back-pressured time (ms per second, per task)',
      'busy-time': 'Busy time (ms per second, per task)',
      'cpu': 'CPU utilization of the busiest TaskManager (%)',
      'memory': 'Heap memory utilization of the fullest TaskManager (%)',
      'broker-disk': 'Broker data-log disk used (%)',
      'under-replicated-partitions': 'Under-replicated partitions per broker',
    };
    const widgets: cw.IWidget[] = [];
    // Kinds MSF does not publish for the jobs' runtime get no (forever empty) graph.
    for (const kind of (Object.keys(titles) as SignalKind[]).filter((k) => this.metrics.publishes(k))) {
      const signals = this.props.signals.filter((s) => s.kind === kind);
      for (let i = 0; i < signals.length; i += JOBS_PER_WIDGET) {
        const part = signals.slice(i, i + JOBS_PER_WIDGET);
        const suffix = signals.length > JOBS_PER_WIDGET ? ` (${i / JOBS_PER_WIDGET + 1})` : '';
        const thresholds = [...new Set(part.filter(hasThreshold).map((s) => s.threshold))];
        widgets.push(new cw.GraphWidget({
          title: `${titles[kind]}${suffix}`,
          left: part.map((s) => this.metrics.dashboardMetric(s)),
          // One threshold line when the part shares it.
          leftAnnotations: thresholds.length === 1 ? [{ value: thresholds[0], label: 'threshold' }] : undefined,
          width: 12,
          height: 6,
          period: Duration.minutes(1),
        }));
      }
    }
    return widgets;
  }
}
