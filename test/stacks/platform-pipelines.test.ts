import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { CLICKS_PIPELINE } from '../../lib/examples/clicks-pipeline';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { Flavor } from '../../lib/flavor';
import { ManagedPipelineStack } from '../../lib/stacks/managed-pipeline-stack';
import { PipelineStack } from '../../lib/stacks/pipeline-stack';
import { SelfHostedPipelineStack } from '../../lib/stacks/self-hosted-pipeline-stack';
import { objectsOfKind, tableLocationOf } from '../self-hosted/support/stack-values';
import { appliedObjects } from '../self-hosted/support/template-objects';
import { ENVIRONMENTS_CONTEXT_KEY } from '../../lib/environment/load-environments';
import { CDK_CONTEXT, exampleWith, testApp } from '../support/test-app';

/**
 * One platform, two pipelines of two teams (orders, clicks; clicks reads the orders topic as a shared input), on both
 * flavors: what each pipeline's principals may reach — Kafka ACLs (self-hosted) or IAM (managed), S3 prefixes, Glue
 * tables, Kubernetes RBAC — and nothing of the other pipeline.
 */
const app = testApp({ env: 'prod', flavor: 'both' });
const { platformStacks, pipelineStacks, platform } = addPipelineStacks(app, [ORDERS_PIPELINE, CLICKS_PIPELINE]);
const pipelineOf = <T extends PipelineStack>(type: new (...args: never[]) => T, name: string): T => {
  const found = pipelineStacks.find((s): s is T => s instanceof type && s.plan.pipelineName === name);
  if (found === undefined) throw new Error(`no ${type.name} of ${name}`);
  return found;
};
const selfHosted = { orders: pipelineOf(SelfHostedPipelineStack, 'orders'), clicks: pipelineOf(SelfHostedPipelineStack, 'clicks') };
const managed = { orders: pipelineOf(ManagedPipelineStack, 'orders'), clicks: pipelineOf(ManagedPipelineStack, 'clicks') };
const templates = new Map<PipelineStack, Template>([...Object.values(selfHosted), ...Object.values(managed)].map((s) => [s, Template.fromStack(s)]));
const templateOf = (stack: PipelineStack): Template => {
  const template = templates.get(stack);
  if (template === undefined) throw new Error(`no template of ${stack.stackName}`);
  return template;
};

type Acl = { resource: { type: string; name: string; patternType: string }; operations: string[] };
type Statement = { Action: string | string[]; Resource: unknown };

/** `<type>:<name>:<operations>` of every ACL of the KafkaUsers a pipeline stack applies, by user. */
function aclsByUser(stack: SelfHostedPipelineStack): Record<string, string[]> {
  return Object.fromEntries(objectsOfKind(templateOf(stack), 'KafkaUser', 'kafka').map((u) => [
    String(u.metadata?.name),
    ((u.spec as { authorization: { acls: Acl[] } }).authorization.acls).map((a) => `${a.resource.type}:${a.resource.name}:${a.resource.patternType}:${a.operations.join('+')}`).sort(),
  ]));
}

/** Every IAM statement of a stack's policies, resources as text (references as `<ref>`). */
function statements(stack: PipelineStack): Array<{ actions: string[]; resources: string[] }> {
  const text = (r: unknown): string => {
    if (typeof r === 'string') return r;
    const join = (r as Record<string, unknown>)['Fn::Join'];
    return Array.isArray(join) && Array.isArray(join[1]) ? join[1].map(text).join(String(join[0])) : '<ref>';
  };
  return Object.values(templateOf(stack).findResources('AWS::IAM::Policy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
    .map((s) => ({ actions: [s.Action].flat(), resources: [s.Resource].flat().map(text) }));
}

describe('one platform hosts both pipelines', () => {
  test('one platform stack per flavor, sized for both pipelines; one stack per pipeline and flavor, each after its platform', () => {
    expect(platformStacks.map((s) => s.stackName)).toEqual(['data-platform-prod-self-hosted', 'data-platform-prod-managed']);
    expect(pipelineStacks.map((s) => s.stackName)).toEqual(['orders-prod-self-hosted', 'clicks-prod-self-hosted', 'orders-prod-managed', 'clicks-prod-managed']);
    for (const stack of pipelineStacks) expect(stack.dependencies.map((d) => d.stackName)).toEqual([`data-platform-prod-${stack.flavor.id}`]);
    expect(platform.pipelines.map((p) => [p.name, p.topics])).toEqual([['orders', ['orders', 'customers']], ['clicks', ['clicks']]]);
    expect(platform.sizing.kafka.ingressMBps).toBeCloseTo(4 + 0.05 + 2);
  });

  test('the platform gives each pipeline its own namespace and lets the Flink operator watch it', () => {
    const namespaces = appliedObjects(Template.fromStack(platformStacks[0])).filter((o) => o.kind === 'Namespace').map((o) => o.metadata?.name);
    expect(namespaces).toEqual(['kafka', 'kafka-trust', 'cert-manager', 'flink-operator', 'strimzi', 'orders', 'clicks']);
  });

  test('a topic is created by its owner only: the shared input creates nothing in the reading pipeline', () => {
    const topicsOf = (stack: SelfHostedPipelineStack) => objectsOfKind(templateOf(stack), 'KafkaTopic', 'kafka').map((t) => (t.spec as { topicName: string }).topicName).sort();
    expect([topicsOf(selfHosted.orders), topicsOf(selfHosted.clicks)]).toEqual([['customers', 'orders'], ['clicks']]);
    const mskTopics = (stack: ManagedPipelineStack) => Object.values(templateOf(stack).findResources('AWS::MSK::Topic')).map((t) => t.Properties.TopicName).sort();
    expect([mskTopics(managed.orders), mskTopics(managed.clicks)]).toEqual([['customers', 'orders'], ['clicks']]);
  });
});

describe('self-hosted: Kafka principals and RBAC per job, no cross-pipeline access', () => {
  test('each job has its own KafkaUser whose ACLs name exactly its sources and its consumer group, literally', () => {
    expect(aclsByUser(selfHosted.orders)).toEqual({
      'orders-orders-to-lake': ['group:orders.orders-to-lake:literal:Describe+Read', 'topic:orders:literal:Describe+Read'],
      'orders-customers-nightly': ['group:orders.customers-nightly:literal:Describe+Read', 'topic:customers:literal:Describe+Read'],
    });
    expect(aclsByUser(selfHosted.clicks)).toEqual({
      'clicks-clicks-to-lake': ['group:clicks.clicks-to-lake:literal:Describe+Read', 'topic:clicks:literal:Describe+Read'],
      // The shared input: read access to the orders topic, granted because the clicks definition names it.
      'clicks-order-clicks': ['group:clicks.order-clicks:literal:Describe+Read', 'topic:clicks:literal:Describe+Read', 'topic:orders:literal:Describe+Read'],
    });
  });

  test('no orders principal reaches a clicks topic or group, and clicks reaches no orders group or the customers topic', () => {
    const orders = Object.values(aclsByUser(selfHosted.orders)).flat();
    const clicks = Object.values(aclsByUser(selfHosted.clicks)).flat();
    expect(orders.filter((a) => a.includes(':clicks'))).toEqual([]);
    expect(clicks.filter((a) => a.startsWith('group:orders') || a.startsWith('topic:customers'))).toEqual([]);
  });

  test('each job\'s service account may read only its own credentials secret in the Kafka namespace', () => {
    for (const [pipeline, stack] of Object.entries(selfHosted)) {
      const template = templateOf(stack);
      for (const job of stack.plan.jobs) {
        const user = `${pipeline}-${job.name}`;
        const roles = objectsOfKind(template, 'Role', 'kafka').filter((r) => r.metadata?.name === `kafka-credentials-${user}`);
        expect(roles.map((r) => (r as unknown as { rules: unknown }).rules)).toEqual([[{ apiGroups: [''], resources: ['secrets'], resourceNames: [user], verbs: ['get'] }]]);
        const binding = objectsOfKind(template, 'RoleBinding', 'kafka').find((b) => b.metadata?.name === `kafka-credentials-${user}`) as unknown as { subjects: unknown };
        expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: `flink-${job.name}`, namespace: pipeline }]);
      }
    }
  });

  test('jobs run in their pipeline\'s namespace', () => {
    for (const [pipeline, stack] of Object.entries(selfHosted)) {
      const namespaces = new Set(appliedObjects(templateOf(stack)).filter((o) => ['FlinkDeployment', 'ServiceAccount', 'ConfigMap'].includes(o.kind)).map((o) => o.metadata?.namespace));
      expect([...namespaces]).toEqual([pipeline]);
    }
  });
});

describe.each([
  ['self-hosted', selfHosted],
  ['managed', managed],
] as const)('%s: IAM and S3 prefixes per pipeline', (_flavor, stacks) => {
  test('job roles reach only their own pipeline\'s Glue database, tables and checkpoint prefix', () => {
    for (const [pipeline, other] of [['orders', 'clicks'], ['clicks', 'orders']] as const) {
      const text = JSON.stringify(statements(stacks[pipeline]));
      expect(text).toContain(`database/${pipeline}_`);
      expect(text).not.toContain(`database/${other}_`);
      expect(text).not.toContain(`/${other}/checkpoints/`);
      expect(text).not.toContain(`${other}_${stacks[pipeline].flavor.id.replace('-', '_')}.db/`);
    }
  });

  test('each pipeline\'s tables live under its own database prefix of the shared warehouse', () => {
    expect(tableLocationOf(stacks.orders, 'orders')).toMatch(/\/warehouse\/orders_[a-z_]+\.db\/orders$/);
    expect(tableLocationOf(stacks.clicks, 'clicks')).toMatch(/\/warehouse\/clicks_[a-z_]+\.db\/clicks$/);
  });
});

describe('managed: IAM per job on the shared MSK cluster', () => {
  const kafkaResources = (stack: ManagedPipelineStack, kind: 'topic' | 'group') => statements(stack)
    .filter((s) => s.actions.some((a) => a.startsWith('kafka-cluster:')))
    .flatMap((s) => s.resources).filter((r) => r.includes(`:${kind}/`))
    .map((r) => r.replace(/^.*\//, '')).sort();

  test('topics: each pipeline names only its sources (clicks adds the shared orders topic)', () => {
    expect(kafkaResources(managed.orders, 'topic')).toEqual(['customers', 'orders']);
    expect(kafkaResources(managed.clicks, 'topic')).toEqual(['clicks', 'clicks', 'orders']);
  });

  test('groups: each job only its own', () => {
    expect(kafkaResources(managed.orders, 'group')).toEqual(['orders.customers-nightly', 'orders.orders-to-lake']);
    expect(kafkaResources(managed.clicks, 'group')).toEqual(['clicks.clicks-to-lake', 'clicks.order-clicks']);
  });
});

describe('conflicts between pipelines of one platform are definition errors', () => {
  test('two pipelines creating the same topic', () => {
    const copy = exampleWith((d) => { d.name = 'orders-copy'; d.database = 'orders_copy'; d.jobs.forEach((j) => { j.consumerGroupId = `copy.${j.name}`; }); });
    expect(() => addPipelineStacks(testApp({ env: 'prod', flavor: 'both' }), [ORDERS_PIPELINE, copy])).toThrow(
      'platform "data-platform-prod" has 2 problems:\n'
      + '  - pipelines["orders-copy"].topics ("orders"): is already created by pipeline "orders" on this platform — rename it, or read the other pipeline\'s topic as a shared input: sharedFrom: "orders", which its owner grants with readers: ["orders-copy"]\n'
      + '  - pipelines["orders-copy"].topics ("customers"): is already created by pipeline "orders" on this platform — rename it, or read the other pipeline\'s topic as a shared input: sharedFrom: "orders", which its owner grants with readers: ["orders-copy"]');
  });

  test('a shared input whose owner creates no such topic, or with other partitions', () => {
    const clicks = { ...CLICKS_PIPELINE, topics: CLICKS_PIPELINE.topics.map((t) => (t.name === 'orders' ? { ...t, partitions: 6 } : t)) };
    expect(() => addPipelineStacks(testApp({ env: 'prod', flavor: 'both' }), [ORDERS_PIPELINE, clicks])).toThrow(
      'pipelines["clicks"].topics ("orders").sharedFrom: the reader assumes 6 partitions, the owner creates 3 — set partitions: 3');
  });
});

describe('a pipeline in another team\'s CDK app, against a platform it knows only by name', () => {
  // Another repository: its own App with its own cdk.json environments (here the same ones), no platform stacks.
  const teamApp = new App({ context: { [ENVIRONMENTS_CONTEXT_KEY]: CDK_CONTEXT[ENVIRONMENTS_CONTEXT_KEY], env: 'prod', flavor: 'both' }, builtinCloudFormationValidation: false });
  const { stacks, platformStacks: none } = addPipelineStacks(teamApp, CLICKS_PIPELINE, { platform: 'existing' });
  const platformApp = testApp({ env: 'prod', flavor: 'both' });
  const platformSide = addPipelineStacks(platformApp, [ORDERS_PIPELINE], { hostedPipelines: [CLICKS_PIPELINE] });

  test('the team app has only its pipeline stacks, no platform resource', () => {
    expect([stacks.map((s) => s.stackName), none]).toEqual([['clicks-prod-self-hosted', 'clicks-prod-managed'], []]);
    const platformTypes = ['AWS::EC2::VPC', 'AWS::EKS::Cluster', 'AWS::MSK::Cluster', 'AWS::MSK::ServerlessCluster', 'AWS::KMS::Key', 'Custom::AWSCDK-EKS-HelmChart'];
    for (const stack of stacks) {
      const types = new Set(Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type));
      expect(platformTypes.filter((t) => types.has(t))).toEqual([]);
    }
  });

  test('every platform value it reads is one the platform app publishes (the platform, or the owner of its shared input)', () => {
    for (const flavor of Flavor.ALL) {
      const read = Object.values(Template.fromStack(stacks.find((s) => s.flavor === flavor) ?? stacks[0]).toJSON().Parameters as Record<string, { Type: string; Default?: string }>)
        .filter((p) => p.Type === 'AWS::SSM::Parameter::Value<String>' && p.Default?.startsWith('/event-pipelines/')).map((p) => p.Default);
      const publishers = [...platformSide.platformStacks, ...platformSide.pipelineStacks].filter((s) => s.flavor === flavor);
      const published = publishers.flatMap((s) => Object.values(Template.fromStack(s).findResources('AWS::SSM::Parameter')).map((p) => p.Properties.Name));
      expect(read.length).toBeGreaterThan(3);
      expect(read).toContain(`/event-pipelines/data-platform/prod/${flavor.id}/grants/topic/orders/readers/clicks`);
      expect(read.filter((name) => !published.includes(name))).toEqual([]);
    }
  });

  test('the platform app sizes and namespaces the hosted pipeline without making its stacks', () => {
    expect(platformSide.pipelineStacks.map((s) => s.stackName)).toEqual(['orders-prod-self-hosted', 'orders-prod-managed']);
    expect(platformSide.platform.pipelines.map((p) => p.name)).toEqual(['orders', 'clicks']);
    const namespaces = appliedObjects(Template.fromStack(platformSide.platformStacks[0])).filter((o) => o.kind === 'Namespace').map((o) => o.metadata?.name);
    expect(namespaces).toContain('clicks');
  });
});
