import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { NamespacesChart } from '../../../charts/namespaces-chart';
import { PipelineNetwork } from '../../../constructs/common/pipeline-network';
import { KubernetesOperators } from '../../../constructs/self-hosted/helm/kubernetes-operators';
import { EksPlatform, EksPlatformProps } from '../../../constructs/self-hosted/platform/eks-platform';
import { NodeGroupSizing } from '../../../lib/sizing/sizing-plan';
import { testApp } from '../../support/test-app';

export const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** A node group sizing for tests. */
export function nodeGroup(instanceType: string, min: number, max: number): NodeGroupSizing {
  return { instanceType, min, max, averageNodes: min, instanceTypeSource: 'derived' };
}

/** A stack with only the EKS platform, the namespaces and the operators (no pipeline). */
export function platformStack(overrides: Partial<EksPlatformProps> = {}): { stack: Stack; platform: EksPlatform; operators: KubernetesOperators; template: Template; outdir: string } {
  const app = testApp();
  const stack = new Stack(app, 'Platform', { env: { account: '111111111111', region: 'us-east-1' } });
  const network = new PipelineNetwork(stack, 'Network', { availabilityZones: ZONES });
  const platform = new EksPlatform(stack, 'Eks', {
    vpc: network.vpc,
    clusterName: 'orders-test',
    availabilityZones: ZONES,
    nodeGroups: { system: nodeGroup('m7g.large', 2, 3), kafka: nodeGroup('m7g.xlarge', 4, 4), flink: nodeGroup('m7i.xlarge', 1, 6) },
    ...overrides,
  });
  const namespaces = platform.manifests.apply(new NamespacesChart(platform.manifests.app, 'namespaces', { namespaces: [{ name: 'kafka' }, { name: 'orders' }, { name: 'team-a' }] }));
  const operators = new KubernetesOperators(stack, 'Operators', {
    cluster: platform.cluster,
    flinkNamespaces: ['orders', 'team-a'],
    kafkaNamespaces: ['kafka'],
    dependsOn: [platform.nodeGroups.system, namespaces],
  });
  const template = Template.fromStack(stack);
  return { stack, platform, operators, template, outdir: app.outdir };
}
