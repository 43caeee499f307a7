import { Flavor } from '../../lib/flavor';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { StackResources, countKubernetesKinds, countTemplateResources, synthesizeStackResources } from '../../lib/report/stack-resources';
import { CDK_CONTEXT } from '../support/test-app';

describe('countTemplateResources', () => {
  const nested = { Resources: { Fn: { Type: 'AWS::Lambda::Function' }, Role: { Type: 'AWS::IAM::Role' } } };
  const template = {
    Resources: {
      Bucket: { Type: 'AWS::S3::Bucket' },
      Bucket2: { Type: 'AWS::S3::Bucket' },
      Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Interface' } },
      Gateway: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway' } },
      Chart: { Type: 'Custom::AWSCDK-EKS-HelmChart', Properties: { Release: 'strimzi', Chart: 'strimzi-kafka-operator', Version: '1.2.0' } },
      Nested: { Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': 'nested.template.json' } },
    },
  };

  test('counts types, follows nested stacks, lists Helm releases and interface endpoints', () => {
    const counted = countTemplateResources(template, (p) => (p === 'nested.template.json' ? nested : undefined));
    expect(counted.types).toEqual({
      'AWS::S3::Bucket': 2, 'AWS::EC2::VPCEndpoint': 2, 'Custom::AWSCDK-EKS-HelmChart': 1, 'AWS::CloudFormation::Stack': 1, 'AWS::Lambda::Function': 1, 'AWS::IAM::Role': 1,
    });
    expect(counted.helmReleases).toEqual(['strimzi (strimzi-kafka-operator 1.2.0)']);
    expect(counted.interfaceEndpoints).toBe(1);
  });

  test('a nested template that cannot be read is counted as the stack resource only', () => {
    expect(countTemplateResources(template).types['AWS::Lambda::Function']).toBeUndefined();
  });
});

test('countKubernetesKinds counts every document of every file by kind', () => {
  const yaml = ['apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: kafka.strimzi.io/v1\nkind: KafkaTopic\nmetadata: {name: t1}\n', 'kind: KafkaTopic\nmetadata: {name: t2}\n---\n'];
  expect(countKubernetesKinds(yaml)).toEqual({ Namespace: 1, KafkaTopic: 2 });
});

describe('synthesizeStackResources: the example app in prod (one in-process synthesis)', () => {
  let resources: StackResources[];
  beforeAll(() => { resources = synthesizeStackResources(ORDERS_PIPELINE, CDK_CONTEXT, 'prod'); });
  const of = (flavor: Flavor) => {
    const r = resources.find((x) => x.flavor === flavor);
    if (!r) throw new Error(`no stack for ${flavor.id}`);
    return r;
  };

  test('each flavor counts its platform stack and the pipeline stack on it', () => {
    expect(resources.map((r) => r.stackName)).toEqual(['data-platform-prod-self-hosted + orders-prod-self-hosted', 'data-platform-prod-managed + orders-prod-managed']);
  });

  test('the self-hosted stack has an EKS cluster, Helm releases and the pipeline as Kubernetes objects', () => {
    const self = of(Flavor.SELF_HOSTED);
    expect(self.resourceTypes['AWS::EKS::Cluster']).toBe(1);
    expect(self.helmReleases.length).toBeGreaterThanOrEqual(3);
    expect(self.kubernetesObjects).toMatchObject({ Kafka: 1, KafkaTopic: 2, KafkaUser: 2 });
    expect(self.kubernetesObjects.FlinkDeployment).toBeGreaterThanOrEqual(1);
    expect(self.resourceTypes['AWS::MSK::Cluster']).toBeUndefined();
  });

  test('the managed stack has MSK and one MSF application per job, no Kubernetes objects', () => {
    const managed = of(Flavor.MANAGED);
    expect(managed.resourceTypes['AWS::MSK::Cluster']).toBe(1);
    expect(managed.resourceTypes['AWS::KinesisAnalyticsV2::Application']).toBe(2);
    expect(managed.kubernetesObjects).toEqual({});
    expect(managed.resourceTypes['AWS::EKS::Cluster']).toBeUndefined();
  });

  test('totals are the sum of the types; both share the network: 5 interface endpoints', () => {
    for (const r of resources) {
      expect(r.totalResources).toBe(Object.values(r.resourceTypes).reduce((a, b) => a + b, 0));
      expect(r.interfaceEndpoints).toBe(5);
    }
  });
});
