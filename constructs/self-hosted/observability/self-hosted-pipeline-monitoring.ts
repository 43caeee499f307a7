import { Lazy, aws_aps as aps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { PipelineMonitoringChart, SignalRulesChart } from '../../../charts/observability/pipeline-monitoring-chart';
import { PrometheusRuleGroup, SignalRuleContext, signalRuleGroup } from '../../../charts/observability/prometheus-signal-rules';
import { SelfHostedMonitoring, selfHostedMonitoring } from '../../../lib/environment/self-hosted-options';
import { JobPlan, PipelinePlan } from '../../../lib/plan/pipeline-plan';
import { PipelineSignal, pipelineSignals } from '../../../lib/plan/pipeline-signals';
import { PlatformNames } from '../../../lib/plan/platform-plan';
import { KubernetesManifests } from '../manifests/kubernetes-manifests';

/** Props of SelfHostedPipelineMonitoring. */
export interface SelfHostedPipelineMonitoringProps {
  readonly plan: PipelinePlan;
  /** The platform's names: its Kafka cluster and namespace. */
  readonly platform: PlatformNames;
  /** Where the PodMonitor and the pipeline-level PrometheusRule are applied (`prometheus-operator`). */
  readonly manifests: KubernetesManifests;
  /**
   * ARN of the platform's Amazon Managed Prometheus workspace (`amazon-managed-prometheus`).
   * @default - required with `amazon-managed-prometheus`
   */
  readonly workspaceArn?: string;
}

const yaml = (groups: readonly PrometheusRuleGroup[]) => YAML.stringify({ groups }, { lineWidth: 0, aliasDuplicateObjects: false });

/**
 * The pipeline's share of the self-hosted monitoring: its signals (`pipelineSignals(plan)`) as Prometheus rules, and
 * what scrapes its Flink pods. With `prometheus-operator`, a `PipelineMonitoringChart` (PodMonitor + a PrometheusRule
 * of the pipeline-level signals) in its namespace and a PrometheusRule per job beside the job's FlinkDeployment; with
 * `amazon-managed-prometheus`, `AWS::APS::RuleGroupsNamespace`s in the platform's workspace (its scraper already finds
 * every Flink pod): one of the pipeline-level signals and one per group of jobs, holding a rule group per job; with
 * `none`, nothing. The job rules go where the job goes (`jobRules` per nested-stack shard), so a pipeline of hundreds of
 * jobs keeps each template under CloudFormation's limits.
 */
export class SelfHostedPipelineMonitoring extends Construct {
  public readonly monitoring: SelfHostedMonitoring;
  /** The pipeline-level rule group (the cluster's signals), whichever way it is applied (none with `none`). */
  public readonly ruleGroup?: PrometheusRuleGroup;
  public readonly ruleGroupsNamespace?: aps.CfnRuleGroupsNamespace;
  private readonly context: SignalRuleContext;
  private readonly signals: readonly PipelineSignal[];
  private parts = 0;

  constructor(scope: Construct, id: string, private readonly props: SelfHostedPipelineMonitoringProps) {
    super(scope, id);
    const { plan } = props;
    this.monitoring = selfHostedMonitoring(plan.environment);
    this.signals = pipelineSignals(plan);
    this.context = {
      pipeline: plan.pipelineName,
      namespace: plan.names.namespace,
      kafkaNamespace: props.platform.kafkaNamespace,
      kafkaCluster: props.platform.kafkaCluster,
      sessionJobs: plan.environment.selfHosted.sessionJobs,
    };
    if (this.monitoring === 'none') return;
    const name = `${plan.names.prefix}-signals`;
    const pipelineLevel = this.signals.filter((s) => s.job === undefined);
    this.ruleGroup = signalRuleGroup(name, pipelineLevel, this.context);
    if (this.monitoring === 'prometheus-operator') {
      props.manifests.apply(new PipelineMonitoringChart(props.manifests.app, 'monitoring', {
        ...this.context, prefix: plan.names.prefix, signals: pipelineLevel, labels: plan.environment.selfHosted.monitoringLabels,
      }));
      return;
    }
    this.ruleGroupsNamespace = new aps.CfnRuleGroupsNamespace(this, 'Rules', { workspace: this.workspaceArn(), name, data: yaml([this.ruleGroup]) });
  }

  /** The rules of the jobs placed in one shard (its scope and manifests): call `addJob` for each. */
  public jobRules(scope: Construct, manifests: KubernetesManifests): JobSignalRules {
    this.parts += 1;
    return new JobSignalRules(scope, this.parts === 1 ? 'SignalRules' : `SignalRules${this.parts}`, {
      monitoring: this.monitoring,
      context: this.context,
      signals: this.signals,
      prefix: this.props.plan.names.prefix,
      part: this.parts,
      manifests,
      labels: this.props.plan.environment.selfHosted.monitoringLabels,
      workspaceArn: this.monitoring === 'amazon-managed-prometheus' ? this.workspaceArn() : undefined,
    });
  }

  private workspaceArn(): string {
    if (this.props.workspaceArn === undefined) throw new Error(`SelfHostedPipelineMonitoring: pipeline "${this.props.plan.pipelineName}" has amazon-managed-prometheus monitoring but no workspaceArn`);
    return this.props.workspaceArn;
  }
}

/** Props of JobSignalRules. */
export interface JobSignalRulesProps {
  readonly monitoring: SelfHostedMonitoring;
  readonly context: SignalRuleContext;
  /** Every signal of the pipeline; each job takes its own. */
  readonly signals: readonly PipelineSignal[];
  /** `<pipeline>-<env>`: names the rules. */
  readonly prefix: string;
  /** The shard's number (1, 2, …): names its rule groups namespace. */
  readonly part: number;
  readonly manifests: KubernetesManifests;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default - required with `amazon-managed-prometheus` */
  readonly workspaceArn?: string;
}

/** The alert rules of the jobs of one shard: a PrometheusRule per job, or one rule groups namespace with a group per job. */
export class JobSignalRules extends Construct {
  /** A rule group per job added, in order. */
  public readonly groups: PrometheusRuleGroup[] = [];
  private namespace?: aps.CfnRuleGroupsNamespace;

  constructor(scope: Construct, id: string, private readonly props: JobSignalRulesProps) {
    super(scope, id);
  }

  /** Bytes of rule-group YAML this shard's rule groups namespace holds (0 unless `amazon-managed-prometheus`), summed per group as they are added. */
  public get bytes(): number {
    return this.byteCount;
  }

  private byteCount = 0;

  public addJob(job: JobPlan): void {
    const { props } = this;
    if (props.monitoring === 'none') return;
    const signals = props.signals.filter((s) => s.job === job.name);
    if (signals.length === 0) return;
    const name = `${props.prefix}-${job.name}-signals`;
    const group = signalRuleGroup(name, signals, props.context);
    this.groups.push(group);
    if (props.monitoring === 'prometheus-operator') {
      props.manifests.apply(new SignalRulesChart(props.manifests.app, `signals-${job.name}`, {
        namespace: props.context.namespace, pipeline: props.context.pipeline, name, group, labels: props.labels,
      }));
      return;
    }
    if (props.workspaceArn === undefined) throw new Error(`JobSignalRules: job "${job.name}" has amazon-managed-prometheus monitoring but no workspaceArn`);
    this.byteCount += Buffer.byteLength(yaml([group]));
    // One namespace per shard, written once every job of the shard is in (AMP evaluates each group on its own).
    this.namespace ??= new aps.CfnRuleGroupsNamespace(this, 'Rules', {
      workspace: props.workspaceArn,
      name: `${props.prefix}-jobs-${props.part}-signals`,
      data: Lazy.string({ produce: () => yaml(this.groups) }),
    });
  }
}
