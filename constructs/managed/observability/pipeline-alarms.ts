import {
  Duration, Stack, aws_cloudwatch as cw, aws_cloudwatch_actions as cwActions, aws_iam as iam, aws_kms as kms, aws_sns as sns, aws_sns_subscriptions as subscriptions,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PlanNames } from '../../../lib/plan/pipeline-plan';
import { managedApplicationName } from '../../../lib/plan/plan-names';
import { PipelineSignal, SignalKind } from '../../../lib/plan/pipeline-signals';

/** CloudWatch namespace of Managed Service for Apache Flink. */
export const MSF_NAMESPACE = 'AWS/KinesisAnalytics';
/** CloudWatch namespace of Amazon MSK. */
export const MSK_NAMESPACE = 'AWS/Kafka';

/** Jobs per dashboard widget (a graph widget stays readable and well under CloudWatch's metrics per graph). */
const JOBS_PER_WIDGET = 25;

/** Properties of {@link PipelineAlarms}. */
export interface PipelineAlarmsProps {
  /** The pipeline's names: the prefix (`<pipeline>-<env>`) names the topic, the dashboard and the alarms; the jobs' MSF applications are named from them (`managedApplicationName`). */
  readonly names: PlanNames;
  /** The MSK cluster whose consumer lag and broker disk are watched. */
  readonly kafkaClusterName: string;
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

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    this.props = props;
    this.prefix = props.names.prefix;
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
   * Adds a job: the alarms of its paging signals in `scope` (the job's construct, so they share its stack), and its
   * application for the dashboard. Returns the alarms.
   */
  public addJob(scope: Construct, job: string): cw.Alarm[] {
    return this.props.signals.filter((s) => s.alarm && s.job === job).map((signal) => {
      const alarm = new cw.Alarm(scope, `Alarm-${signal.kind}${signal.topic === undefined ? '' : `-${signal.topic}`}`, {
        alarmName: `${this.prefix}-${signal.id.replace(/:/g, '-')}`,
        alarmDescription: signal.description,
        metric: this.alarmMetric(signal),
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

  private applicationName(signal: PipelineSignal): string {
    if (signal.job === undefined) throw new Error(`signal ${signal.id} belongs to no job`);
    return managedApplicationName(this.props.names, signal.job);
  }

  /** The metric (or expression) a signal is judged on. */
  private alarmMetric(signal: PipelineSignal): cw.IMetric {
    const period = signal.period;
    const msf = (metricName: string, statistic: string) => new cw.Metric({
      namespace: MSF_NAMESPACE, metricName, statistic, period, dimensionsMap: { Application: this.applicationName(signal) },
    });
    switch (signal.kind) {
      case 'downtime': return msf('downtime', 'Average');
      case 'checkpoint-duration': return msf('lastCheckpointDuration', 'Maximum');
      // The metric counts failures since the job started: alarm on its growth.
      case 'checkpoint-failures': return new cw.MathExpression({
        expression: 'RATE(failed)', usingMetrics: { failed: msf('numberOfFailedCheckpoints', 'Maximum') }, period, label: 'failed checkpoints per second',
      });
      case 'consumer-lag': return new cw.Metric({
        namespace: MSK_NAMESPACE, metricName: 'MaxOffsetLag', statistic: 'Maximum', period,
        dimensionsMap: { 'Consumer Group': signal.consumerGroup ?? '', 'Topic': signal.topic ?? '', 'Cluster Name': this.props.kafkaClusterName },
      });
      default: throw new Error(`signal ${signal.id} (${signal.kind}) has no single series to alarm on`);
    }
  }

  /** A dashboard series of a signal: the alarm metric, or a search over the per-task / per-broker series. */
  private dashboardMetric(signal: PipelineSignal): cw.IMetric {
    const label = signal.topic === undefined ? signal.job ?? signal.kind : `${signal.job ?? ''} ${signal.topic}`;
    if (signal.kind === 'backpressure') {
      return new cw.MathExpression({
        expression: `SEARCH('Namespace="${MSF_NAMESPACE}" MetricName="backPressuredTimeMsPerSecond" Application="${this.applicationName(signal)}"', 'Maximum', ${signal.period.toSeconds()})`,
        usingMetrics: {}, label, period: signal.period,
      });
    }
    if (signal.kind === 'broker-disk') {
      return new cw.MathExpression({
        expression: `SEARCH('Namespace="${MSK_NAMESPACE}" MetricName="KafkaDataLogsDiskUsed" "Cluster Name"="${this.props.kafkaClusterName}"', 'Maximum', ${signal.period.toSeconds()})`,
        usingMetrics: {}, label: 'broker data-log disk used (%)', period: signal.period,
      });
    }
    // The count since start (the alarm's RATE expression would repeat one metric id per job in a graph).
    if (signal.kind === 'checkpoint-failures') {
      return new cw.Metric({
        namespace: MSF_NAMESPACE, metricName: 'numberOfFailedCheckpoints', statistic: 'Maximum', period: signal.period, label,
        dimensionsMap: { Application: this.applicationName(signal) },
      });
    }
    const metric = this.alarmMetric(signal);
    return metric instanceof cw.Metric ? metric.with({ label }) : metric;
  }

  private widgets(): cw.IWidget[] {
    const titles: Record<SignalKind, string> = {
      'downtime': 'Downtime (ms)',
      'checkpoint-failures': 'Failed checkpoints since the job started',
      'checkpoint-duration': 'Last checkpoint duration (ms)',
      'backpressure': 'Back-pressured time (ms per second, per task)',
      'consumer-lag': 'Consumer lag: max offset lag per partition (records)',
      'broker-disk': 'Broker data-log disk used (%)',
      'records-in': 'Records in per second',
      'records-out': 'Records out per second',
      'busy-time': 'Busy time (ms per second, per task)',
      'restarts': 'Restarts',
      'under-replicated-partitions': 'Under-replicated partitions',
      'cpu': 'CPU utilization (%)',
      'memory': 'Heap memory utilization (%)',
    };
    const widgets: cw.IWidget[] = [];
    for (const kind of Object.keys(titles) as SignalKind[]) {
      const signals = this.props.signals.filter((s) => s.kind === kind);
      for (let i = 0; i < signals.length; i += JOBS_PER_WIDGET) {
        const part = signals.slice(i, i + JOBS_PER_WIDGET);
        const suffix = signals.length > JOBS_PER_WIDGET ? ` (${i / JOBS_PER_WIDGET + 1})` : '';
        const thresholds = [...new Set(part.map((s) => s.threshold))];
        widgets.push(new cw.GraphWidget({
          title: `${titles[kind]}${suffix}`,
          left: part.map((s) => this.dashboardMetric(s)),
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
