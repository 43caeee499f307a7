import * as cdk8s from 'cdk8s';
import { Construct } from 'constructs';
import { PipelineSignal } from '../../lib/plan/pipeline-signals';
import { PodMonitor, PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../imports/monitoring.coreos.com';
import { podMetricsEndpoint } from './pod-monitor-endpoints';
import { PrometheusRuleGroup, SignalRuleContext, signalRuleGroup } from './prometheus-signal-rules';
import { FLINK_COMPONENTS, FLINK_POD_LABELS, FLINK_TARGET_LABELS, METRICS_PORTS } from './scrape-labels';

/** Props of PipelineMonitoringChart. */
export interface PipelineMonitoringChartProps extends SignalRuleContext {
  /** `<pipeline>-<env>`: names the objects. */
  readonly prefix: string;
  /** The pipeline's signals (`pipelineSignals(plan)`). */
  readonly signals: readonly PipelineSignal[];
  /**
   * Labels on the PodMonitor and the PrometheusRule, e.g. the `release` label a kube-prometheus-stack Prometheus
   * selects them by.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A pipeline's monitoring for a prometheus-operator in the cluster, in the pipeline's namespace: a PodMonitor scraping
 * Flink's Prometheus reporter on the JobManager and TaskManager pods of its FlinkDeployments (and of the session
 * clusters of the tenants its session jobs run in), and a PrometheusRule with one alert per signal (see
 * `signalRule`; a signal without a threshold is a recording rule). The Kafka brokers and Kafka Exporter are scraped by the platform's PodMonitor.
 */
export class PipelineMonitoringChart extends cdk8s.Chart {
  public readonly podMonitor: PodMonitor;
  public readonly rule: PrometheusRule;

  constructor(scope: Construct, id: string, props: PipelineMonitoringChartProps) {
    super(scope, id, { namespace: props.namespace, labels: { ...props.labels, 'app.kubernetes.io/part-of': props.pipeline } });
    const tenants = [...new Set(Object.values(props.sessionJobs ?? {}))].sort();
    this.podMonitor = new PodMonitor(this, 'FlinkPods', {
      metadata: { name: `${props.prefix}-flink` },
      spec: {
        selector: {
          matchLabels: { ...FLINK_POD_LABELS },
          matchExpressions: [{ key: 'component', operator: 'In', values: [...FLINK_COMPONENTS] }],
        },
        namespaceSelector: { matchNames: [props.namespace, ...tenants] },
        podMetricsEndpoints: [podMetricsEndpoint(METRICS_PORTS.flink, FLINK_TARGET_LABELS)],
      },
    });
    this.rule = signalPrometheusRule(this, `${props.prefix}-signals`, signalRuleGroup(`${props.prefix}-signals`, props.signals, props));
  }
}

/** A PrometheusRule of one rule group. */
function signalPrometheusRule(scope: Construct, name: string, group: PrometheusRuleGroup): PrometheusRule {
  return new PrometheusRule(scope, 'Signals', {
    metadata: { name },
    spec: {
      groups: [{
        name: group.name,
        rules: group.rules.map((rule) => ({ ...rule, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr) })),
      }],
    },
  });
}

/** Props of SignalRulesChart. */
export interface SignalRulesChartProps {
  /** The job's namespace (the pipeline's). */
  readonly namespace: string;
  readonly pipeline: string;
  /** Name of the PrometheusRule (`<pipeline>-<env>-<job>-signals`). */
  readonly name: string;
  readonly group: PrometheusRuleGroup;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A job's signals as a PrometheusRule in its namespace, applied beside the job's FlinkDeployment. */
export class SignalRulesChart extends cdk8s.Chart {
  public readonly rule: PrometheusRule;

  constructor(scope: Construct, id: string, props: SignalRulesChartProps) {
    super(scope, id, { namespace: props.namespace, labels: { ...props.labels, 'app.kubernetes.io/part-of': props.pipeline } });
    this.rule = signalPrometheusRule(this, props.name, props.group);
  }
}
