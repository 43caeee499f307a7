import * as fs from 'fs';
import * as path from 'path';
import { Match } from 'aws-cdk-lib/assertions';
import { amiTypeOf, nodesPerZone } from '../../constructs/self-hosted/platform/node-groups';
import { NodeRole } from '../../constructs/self-hosted/platform/node-role';
import { helmRelease, logicalIdsOf, manifestOf, objectOf } from './support/template-objects';
import { ZONES, platformStack } from './support/platform-stack';

const { template, stack, outdir } = platformStack();
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;

describe('EKS cluster', () => {
  test('runs Kubernetes 1.34 with a private API endpoint only', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      Version: '1.34',
      Name: 'orders-test',
      ResourcesVpcConfig: Match.objectLike({ EndpointPrivateAccess: true, EndpointPublicAccess: false }),
      AccessConfig: { AuthenticationMode: 'API', BootstrapClusterCreatorAdminPermissions: false },
      ComputeConfig: { Enabled: false },
    });
  });

  test('sends every control-plane log type to a KMS-encrypted log group kept a year where data is retained', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      Logging: { ClusterLogging: { EnabledTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].map((type) => ({ Type: type })) } },
    });
    const [keyId] = logicalIdsOf(template, 'AWS::KMS::Key').filter((id) => id.includes('ControlPlaneLogsKey'));
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/eks/orders-test/cluster', RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
  });

  test('encrypts Kubernetes secrets with a rotated KMS key', () => {
    const [keyId] = logicalIdsOf(template, 'AWS::KMS::Key').filter((id) => id.includes('SecretsKey'));
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::EKS::Cluster', {
      EncryptionConfig: [{ Provider: { KeyArn: { 'Fn::GetAtt': [keyId, 'Arn'] } }, Resources: ['secrets'] }],
    });
  });

  test('opens the public endpoint only to the given CIDRs', () => {
    const open = platformStack({ publicAccessCidrs: ['203.0.113.0/24'] }).template;
    open.hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: Match.objectLike({ EndpointPrivateAccess: true, EndpointPublicAccess: true, PublicAccessCidrs: ['203.0.113.0/24'] }),
    });
  });

  test('uses the native IAM OIDC provider (no custom-resource Lambda) for service account roles', () => {
    expect(logicalIdsOf(template, 'AWS::IAM::OIDCProvider')).toHaveLength(1);
    expect(logicalIdsOf(template, 'Custom::AWSCDKOpenIdConnectProvider')).toEqual([]);
  });
});

describe('node groups', () => {
  const nodegroups = Object.values(resources).filter((r) => r.Type === 'AWS::EKS::Nodegroup').map((r) => r.Properties);
  const byRole = (role: string) => nodegroups.filter((n) => (n.Labels as Record<string, string>)[NodeRole.LABEL_KEY] === role);

  test('system nodes are untainted, sized from the plan', () => {
    expect(byRole('system')).toEqual([expect.objectContaining({
      ScalingConfig: { MinSize: 2, MaxSize: 3, DesiredSize: 2 },
      InstanceTypes: ['m7g.large'],
      AmiType: 'AL2023_ARM_64_STANDARD',
    })]);
    expect(byRole('system')[0].Taints ?? []).toEqual([]);
  });

  test('Kafka nodes: one fixed-size group per zone, tainted for brokers, replaced one at a time', () => {
    const kafka = byRole('kafka');
    expect(kafka.map((n) => n.ScalingConfig)).toEqual([
      { MinSize: 2, MaxSize: 2, DesiredSize: 2 },
      { MinSize: 1, MaxSize: 1, DesiredSize: 1 },
      { MinSize: 1, MaxSize: 1, DesiredSize: 1 },
    ]);
    for (const group of kafka) {
      expect(group.Taints).toEqual([{ Effect: 'NO_SCHEDULE', Key: NodeRole.TAINT_KEY, Value: 'kafka' }]);
      expect(group.Subnets).toHaveLength(1);
      expect(group.UpdateConfig).toEqual({ MaxUnavailable: 1 });
    }
  });

  test('Flink nodes scale from min to max, x86 types get the x86 AMI', () => {
    expect(byRole('flink')).toEqual([expect.objectContaining({
      ScalingConfig: { MinSize: 1, MaxSize: 6, DesiredSize: 1 },
      AmiType: 'AL2023_x86_64_STANDARD',
      Taints: [{ Effect: 'NO_SCHEDULE', Key: NodeRole.TAINT_KEY, Value: 'flink' }],
    })]);
  });

  test('every node has an encrypted gp3 root volume and IMDSv2 unreachable from pods', () => {
    const templates = Object.values(resources).filter((r) => r.Type === 'AWS::EC2::LaunchTemplate').map((r) => r.Properties.LaunchTemplateData as Record<string, unknown>);
    expect(templates).toHaveLength(5);
    for (const data of templates) {
      expect(data.MetadataOptions).toEqual({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
      expect(data.BlockDeviceMappings).toEqual([{ DeviceName: '/dev/xvda', Ebs: expect.objectContaining({ Encrypted: true, VolumeType: 'gp3' }) }]);
    }
    expect(templates.map((d) => (d.BlockDeviceMappings as Array<{ Ebs: { VolumeSize: number } }>)[0].Ebs.VolumeSize).sort()).toEqual([100, 50, 50, 50, 50]);
  });

  test.each([
    ['m7g.xlarge', 'AL2023_ARM_64_STANDARD'],
    ['c7gn.large', 'AL2023_ARM_64_STANDARD'],
    ['t4g.medium', 'AL2023_ARM_64_STANDARD'],
    ['m7i.xlarge', 'AL2023_x86_64_STANDARD'],
    ['m5.large', 'AL2023_x86_64_STANDARD'],
  ])('%s runs the %s AMI', (type, ami) => {
    expect(amiTypeOf(type)).toBe(ami);
  });

  test.each([
    [3, 3, [1, 1, 1]],
    [4, 3, [2, 1, 1]],
    [1, 3, [1, 0, 0]],
    [6, 3, [2, 2, 2]],
  ])('%d nodes over %d zones: %j', (nodes, zones, expected) => {
    expect(nodesPerZone(nodes, zones)).toEqual(expected);
  });
});

describe('storage', () => {
  test('the EBS CSI driver add-on runs under its own IRSA role with the AWS managed policy', () => {
    const [roleId] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::IAM::Role' && JSON.stringify(r.Properties.ManagedPolicyArns ?? []).includes('AmazonEBSCSIDriverPolicy')) ?? [];
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'aws-ebs-csi-driver', ServiceAccountRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] }, ResolveConflicts: 'OVERWRITE' });
    expect(JSON.stringify(resources[String(roleId)].Properties.AssumeRolePolicyDocument)).toContain('sts:AssumeRoleWithWebIdentity');
  });

  test('the default storage class is encrypted gp3, bound at scheduling, expandable, retaining released volumes', () => {
    expect(objectOf(template, 'StorageClass', 'gp3-encrypted')).toMatchObject({
      metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      reclaimPolicy: 'Retain',
    });
  });

  test('released volumes are deleted where data is not retained', () => {
    expect(objectOf(platformStack({ retainData: false }).template, 'StorageClass', 'gp3-encrypted').reclaimPolicy).toBe('Delete');
  });

  test('the storage class is applied after the EBS CSI driver', () => {
    const addonId = logicalIdsOf(template, 'AWS::EKS::Addon').find((id) => resources[id].Properties.AddonName === 'aws-ebs-csi-driver');
    expect(manifestOf(template, 'StorageClass', 'gp3-encrypted').dependsOn).toContain(addonId);
  });
});

describe('pod networking', () => {
  const roleWith = (policy: string) => Object.entries(resources).filter(([, r]) => r.Type === 'AWS::IAM::Role' && JSON.stringify(r.Properties.ManagedPolicyArns ?? []).includes(policy)).map(([id]) => id);

  test('the VPC CNI add-on enforces NetworkPolicies and runs aws-node under its own IRSA role', () => {
    const [roleId] = roleWith('AmazonEKS_CNI_Policy');
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'vpc-cni',
      ServiceAccountRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
      ResolveConflicts: 'OVERWRITE',
      ConfigurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }),
    });
    expect(JSON.stringify(resources[roleId].Properties.AssumeRolePolicyDocument)).toContain('sts:AssumeRoleWithWebIdentity');
  });

  test('no node role carries the CNI policy: only aws-node\'s role does, and every node group is created after the add-on', () => {
    expect(roleWith('AmazonEKS_CNI_Policy')).toHaveLength(1);
    const nodeRoles = roleWith('AmazonEKSWorkerNodePolicy');
    expect(nodeRoles).toHaveLength(1);
    const addonId = logicalIdsOf(template, 'AWS::EKS::Addon').find((id) => resources[id].Properties.AddonName === 'vpc-cni');
    const groups = logicalIdsOf(template, 'AWS::EKS::Nodegroup');
    expect(groups.length).toBeGreaterThan(0);
    for (const id of groups) {
      expect(resources[id].Properties.NodeRole).toEqual({ 'Fn::GetAtt': [nodeRoles[0], 'Arn'] });
      expect((resources[id] as { DependsOn?: string[] }).DependsOn ?? []).toEqual(expect.arrayContaining([addonId]));
    }
  });
});

describe('Cluster Autoscaler', () => {
  const autoscaler = helmRelease(template, 'cluster-autoscaler');

  test('pinned chart and an image of the cluster minor, discovering this cluster\'s node groups', () => {
    expect(autoscaler).toMatchObject({ chart: 'cluster-autoscaler', version: '9.53.0', repository: 'https://kubernetes.github.io/autoscaler', namespace: 'kube-system' });
    expect(autoscaler.values).toMatchObject({ autoDiscovery: { clusterName: 'orders-test' }, image: { tag: 'v1.34.2' }, awsRegion: 'us-east-1' });
  });

  test('resizes only Auto Scaling groups tagged as owned by this cluster', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
        Condition: { StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/orders-test': 'owned' } },
      })]) },
    });
  });

  test('its service account is bound to its role', () => {
    const annotations = (autoscaler.values.rbac as { serviceAccount: { annotations: Record<string, string> } }).serviceAccount.annotations;
    expect(annotations['eks.amazonaws.com/role-arn']).toMatch(/^\$\{EksClusterAutoscalerRole[0-9A-F]+\.Arn\}$/);
  });
});

test('writes every applied chart as plain YAML under cdk.out/k8s/<stack>/', () => {
  const files = fs.readdirSync(path.join(outdir, 'k8s', stack.stackName)).sort();
  expect(files).toEqual(['namespaces.yaml', 'storage-class.yaml']);
  expect(fs.readFileSync(path.join(outdir, 'k8s', stack.stackName, 'namespaces.yaml'), 'utf8')).toContain('name: team-a');
});

test('the zones used are the ones given', () => {
  expect(ZONES).toHaveLength(3);
});
