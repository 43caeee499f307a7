import { Match } from 'aws-cdk-lib/assertions';
import * as YAML from 'yaml';
import { alertManagerDefinition } from '../../constructs/self-hosted/observability/amazon-managed-prometheus';
import { PipelineEnvironment } from '../../lib/environment/pipeline-environment';
import { SelfHostedMonitoring, selfHostedMonitoring } from '../../lib/environment/self-hosted-options';
import { pipelineSignals } from '../../lib/plan/pipeline-signals';
import { CrdSchemaValidator, KubernetesObject } from '../charts/support/crd-schema-validator';
import { synthSelfHosted, synthSelfHostedPlatform } from './support/self-hosted-stacks';
import { appliedObjects } from './support/template-objects';

const validator = CrdSchemaValidator.fromDirectory();

function monitoring(value: SelfHostedMonitoring) {
  return (env: PipelineEnvironment): PipelineEnvironment => ({ ...env, selfHosted: { ...env.selfHosted, monitoring: value, ...(value === 'amazon-managed-prometheus' ? { alertEmails: ['oncall@example.com'] } : {}) } });
}

const monitoringKinds = (objects: KubernetesObject[]) => objects.filter((o) => o.apiVersion.startsWith('monitoring.coreos.com/'));

describe('defaults', () => {
  test('production environments page through Amazon Managed Prometheus, others monitor nothing unless asked', () => {
    expect(selfHostedMonitoring({ production: true, selfHosted: {} })).toBe('amazon-managed-prometheus');
    expect(selfHostedMonitoring({ production: false, selfHosted: {} })).toBe('none');
    expect(selfHostedMonitoring({ production: false, selfHosted: { monitoring: 'prometheus-operator' } })).toBe('prometheus-operator');
  });

  test('dev (none): no monitoring object, no APS resource, but the metrics are still exposed', () => {
    const platform = synthSelfHostedPlatform('dev');
    const pipeline = synthSelfHosted('dev');
    expect(monitoringKinds([...appliedObjects(platform.template), ...appliedObjects(pipeline.template)])).toEqual([]);
    for (const type of ['AWS::APS::Workspace', 'AWS::APS::Scraper', 'AWS::APS::RuleGroupsNamespace']) {
      platform.template.resourceCountIs(type, 0);
      pipeline.template.resourceCountIs(type, 0);
    }
    const kafka = appliedObjects(platform.template).find((o) => o.kind === 'Kafka') as unknown as { spec: { kafka: Record<string, unknown>; kafkaExporter?: unknown } };
    expect(kafka.spec.kafka.metricsConfig).toBeDefined();
    expect(kafka.spec.kafkaExporter).toBeDefined();
  });
});

test('the platform refuses a production environment that monitors nothing, naming the option', () => {
  expect(() => synthSelfHostedPlatform('prod', monitoring('none'))).toThrow('environments.prod.selfHosted.monitoring: is "none" in a production environment: no alert would page anyone');
});

describe('prometheus-operator', () => {
  const platform = synthSelfHostedPlatform('dev', monitoring('prometheus-operator'));
  const pipeline = synthSelfHosted('dev', monitoring('prometheus-operator'));

  test('the platform applies the Kafka PodMonitor, the pipeline its Flink PodMonitor and PrometheusRule — every one valid against the vendored CRDs', () => {
    const platformObjects = monitoringKinds(appliedObjects(platform.template));
    const pipelineObjects = monitoringKinds(appliedObjects(pipeline.template));
    expect(platformObjects.map((o) => `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`)).toEqual(['PodMonitor kafka/data-platform-dev-kafka']);
    // The pipeline-level rules beside the PodMonitor; each job's rules beside its FlinkDeployment (in its shard).
    expect(pipelineObjects.map((o) => `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`).sort()).toEqual([
      'PodMonitor orders/orders-dev-flink', 'PrometheusRule orders/orders-dev-customers-nightly-signals',
      'PrometheusRule orders/orders-dev-orders-to-lake-signals', 'PrometheusRule orders/orders-dev-signals',
    ]);
    for (const o of [...platformObjects, ...pipelineObjects]) expect({ name: o.metadata?.name, problems: validator.validate(o) }).toEqual({ name: o.metadata?.name, problems: [] });
  });

  test('monitoringLabels label every monitoring object, so a kube-prometheus-stack Prometheus selects them', () => {
    const labelled = (env: PipelineEnvironment): PipelineEnvironment => ({ ...env, selfHosted: { ...env.selfHosted, monitoring: 'prometheus-operator', monitoringLabels: { release: 'kube-prometheus-stack' } } });
    const objects = [...appliedObjects(synthSelfHostedPlatform('dev', labelled).template), ...appliedObjects(synthSelfHosted('dev', labelled).template)];
    const labels = monitoringKinds(objects).map((o) => (o.metadata?.labels as Record<string, string> | undefined)?.release);
    expect(labels).toEqual(Array(5).fill('kube-prometheus-stack'));
  });

  test('the PrometheusRule has one alert per signal of the plan; no APS resource', () => {
    const rules = monitoringKinds(appliedObjects(pipeline.template)).filter((o) => o.kind === 'PrometheusRule') as unknown as Array<{ spec: { groups: Array<{ rules: Array<{ labels: { signal: string } }> }> } }>;
    const alerted = rules.flatMap((rule) => rule.spec.groups.flatMap((g) => g.rules.map((r) => r.labels.signal)));
    expect(alerted.sort()).toEqual(pipelineSignals(pipeline.stack.plan).map((s) => s.id).sort());
    pipeline.template.resourceCountIs('AWS::APS::RuleGroupsNamespace', 0);
    platform.template.resourceCountIs('AWS::APS::Workspace', 0);
  });
});

describe('amazon-managed-prometheus (prod default)', () => {
  const platform = synthSelfHostedPlatform('prod', monitoring('amazon-managed-prometheus'));
  const pipeline = synthSelfHosted('prod');

  test('the platform has a workspace whose alert manager pages critical alerts to the encrypted alert topic', () => {
    platform.template.resourceCountIs('AWS::APS::Workspace', 1);
    platform.template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'data-platform-prod-alerts', KmsMasterKeyId: Match.anyValue() });
    platform.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    platform.template.hasResourceProperties('AWS::APS::Workspace', { Alias: 'data-platform-prod-signals', AlertManagerDefinition: Match.anyValue() });
    platform.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'PrometheusAlertManager', Principal: { Service: 'aps.amazonaws.com' }, Action: ['sns:GetTopicAttributes', 'sns:Publish'] })]) },
    });
    platform.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'PrometheusAlertManagersOfThisAccount', Principal: { Service: 'aps.amazonaws.com' } })]) },
    });
  });

  test('the alert manager definition routes severity critical to SNS (firing and resolved) and drops the rest', () => {
    const definition = YAML.parse(alertManagerDefinition('arn:aws:sns:eu-west-1:111122223333:data-platform-prod-alerts', 'eu-west-1')) as { alertmanager_config: string };
    expect(YAML.parse(definition.alertmanager_config)).toEqual({
      route: { receiver: 'silent', group_by: ['pipeline', 'alertname', 'signal'], routes: [{ receiver: 'pager', match: { severity: 'critical' } }] },
      receivers: [
        { name: 'silent' },
        { name: 'pager', sns_configs: [{ topic_arn: 'arn:aws:sns:eu-west-1:111122223333:data-platform-prod-alerts', send_resolved: true, sigv4: { region: 'eu-west-1' } }] },
      ],
    });
  });

  test('an agentless scraper of the EKS cluster writes to the workspace, with the same targets and labels as the PodMonitors', () => {
    const scrapers = platform.template.findResources('AWS::APS::Scraper');
    expect(Object.keys(scrapers)).toHaveLength(1);
    const props = Object.values(scrapers)[0].Properties as { Source: { EksConfiguration: { SubnetIds: unknown[]; SecurityGroupIds: unknown[] } }; ScrapeConfiguration: { ConfigurationBlob: string } };
    expect(props.Source.EksConfiguration.SubnetIds).toHaveLength(3);
    expect(props.Source.EksConfiguration.SecurityGroupIds).toHaveLength(1);
    const config = YAML.parse(Buffer.from(props.ScrapeConfiguration.ConfigurationBlob, 'base64').toString('utf8')) as { scrape_configs: Array<{ job_name: string; relabel_configs: Array<{ target_label?: string; regex?: string; action?: string }> }> };
    expect(config.scrape_configs.map((c) => c.job_name)).toEqual(['flink', 'strimzi', 'kubelet', 'kube-state-metrics']);
    const [flink, strimzi] = config.scrape_configs;
    expect(flink.relabel_configs.filter((r) => r.action === 'keep').map((r) => r.regex)).toEqual(['flink-native-kubernetes', 'metrics']);
    expect(flink.relabel_configs.map((r) => r.target_label).filter(Boolean)).toEqual(['namespace', 'pod', 'flink_deployment', 'flink_component']);
    expect(strimzi.relabel_configs.filter((r) => r.action === 'keep').map((r) => r.regex)).toEqual(['data-platform-prod', 'tcp-prometheus']);
    platform.template.hasResourceProperties('AWS::EKS::AccessEntry', { Username: 'aps-collector-user', Type: 'STANDARD' });
    expect(appliedObjects(platform.template).filter((o) => o.kind.startsWith('ClusterRole')).map((o) => o.metadata?.name)).toEqual(['aps-collector-role', 'aps-collector-user-role-binding']);
  });

  test('the platform publishes the workspace; the pipeline adds its alerts to it as a rule groups namespace, one alert per signal', () => {
    platform.template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/event-pipelines/data-platform/prod/self-hosted/monitoring/prometheus-workspace-arn' });
    const namespaces = Object.values(pipeline.template.findResources('AWS::APS::RuleGroupsNamespace')).map((r) => r.Properties as { Name: string; Data: string; Workspace: unknown });
    // The pipeline-level signals, and one namespace per shard of jobs with a rule group per job.
    expect(namespaces.map((n) => n.Name)).toEqual(['orders-prod-signals', 'orders-prod-jobs-1-signals']);
    const parameter = (namespaces[0].Workspace as { Ref: string }).Ref;
    expect(pipeline.template.toJSON().Parameters[parameter].Default).toBe('/event-pipelines/data-platform/prod/self-hosted/monitoring/prometheus-workspace-arn');
    const groups = namespaces.flatMap((n) => (YAML.parse(n.Data) as { groups: Array<{ name: string; rules: Array<{ alert: string; expr: string; labels: Record<string, string> }> }> }).groups);
    expect(groups.map((g) => g.name)).toEqual(['orders-prod-signals', 'orders-prod-orders-to-lake-signals', 'orders-prod-customers-nightly-signals']);
    const signals = pipelineSignals(pipeline.stack.plan);
    const rules = groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.labels.signal).sort()).toEqual(signals.map((s) => s.id).sort());
    // Signals without a threshold (throughput) are recording rules, without a severity.
    for (const rule of rules) {
      const signal = signals.find((s) => s.id === rule.labels.signal);
      expect({ id: signal?.id, severity: rule.labels.severity }).toEqual({ id: signal?.id, severity: signal?.threshold === undefined ? undefined : signal.alarm ? 'critical' : 'info' });
    }
    expect(monitoringKinds(appliedObjects(pipeline.template))).toEqual([]);
  });
});
