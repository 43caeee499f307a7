import { aws_aps as aps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { PipelineMonitoringChart } from '../../../charts/observability/pipeline-monitoring-chart';
import { PrometheusRuleGroup, SignalRuleContext, signalRuleGroup } from '../../../charts/observability/prometheus-signal-rules';
import { SelfHostedMonitoring, selfHostedMonitoring } from '../../../lib/environment/self-hosted-options';
import { PipelinePlan } from '../../../lib/plan/pipeline-plan';
import { pipelineSignals } from '../../../lib/plan/pipeline-signals';
import { PlatformNames } from '../../../lib/plan/platform-plan';
import { KubernetesManifests } from '../manifests/kubernetes-manifests';

/** Props of SelfHostedPipelineMonitoring. */
export interface SelfHostedPipelineMonitoringProps {
  readonly plan: PipelinePlan;
  /** The platform's names: its Kafka cluster and namespace. */
  readonly platform: PlatformNames;
  /** Where the PodMonitor and PrometheusRule are applied (`prometheus-operator`). */
  readonly manifests: KubernetesManifests;
  /**
   * ARN of the platform's Amazon Managed Prometheus workspace (`amazon-managed-prometheus`).
   * @default - required with `amazon-managed-prometheus`
   */
  readonly workspaceArn?: string;
}

/**
 * The pipeline's share of the self-hosted monitoring: its signals (`pipelineSignals(plan)`) as one rule group of
 * alerts, and what scrapes its Flink pods. With `prometheus-operator`, a `PipelineMonitoringChart` (PodMonitor +
 * PrometheusRule) in its namespace; with `amazon-managed-prometheus`, an `AWS::APS::RuleGroupsNamespace` in the
 * platform's workspace (its scraper already finds every Flink pod); with `none`, nothing.
 */
export class SelfHostedPipelineMonitoring extends Construct {
  public readonly monitoring: SelfHostedMonitoring;
  /** The rule group, whichever way it is applied (none with `none`). */
  public readonly ruleGroup?: PrometheusRuleGroup;
  public readonly ruleGroupsNamespace?: aps.CfnRuleGroupsNamespace;

  constructor(scope: Construct, id: string, props: SelfHostedPipelineMonitoringProps) {
    super(scope, id);
    const { plan } = props;
    this.monitoring = selfHostedMonitoring(plan.environment);
    if (this.monitoring === 'none') return;
    const context: SignalRuleContext = {
      pipeline: plan.pipelineName,
      namespace: plan.names.namespace,
      kafkaNamespace: props.platform.kafkaNamespace,
      kafkaCluster: props.platform.kafkaCluster,
      sessionJobs: plan.environment.selfHosted.sessionJobs,
    };
    const signals = pipelineSignals(plan);
    const name = `${plan.names.prefix}-signals`;
    this.ruleGroup = signalRuleGroup(name, signals, context);
    if (this.monitoring === 'prometheus-operator') {
      props.manifests.apply(new PipelineMonitoringChart(props.manifests.app, 'monitoring', {
        ...context, prefix: plan.names.prefix, signals, labels: plan.environment.selfHosted.monitoringLabels,
      }));
      return;
    }
    if (props.workspaceArn === undefined) throw new Error(`SelfHostedPipelineMonitoring: pipeline "${plan.pipelineName}" has amazon-managed-prometheus monitoring but no workspaceArn`);
    this.ruleGroupsNamespace = new aps.CfnRuleGroupsNamespace(this, 'Rules', {
      workspace: props.workspaceArn,
      name,
      data: YAML.stringify({ groups: [this.ruleGroup] }, { lineWidth: 0, aliasDuplicateObjects: false }),
    });
  }
}
