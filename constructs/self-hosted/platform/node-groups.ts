import { Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { GuardRule, acknowledgeGuardRules } from '../../common/guard-findings';
import { NodeGroupSizing } from '../../../lib/sizing/sizing-plan';
import { AwsSolutionsFinding, acknowledgeFindings } from '../../common/aws-solutions-findings';
import { NodeRole } from './node-role';

/** Root volume size of each node role. */
export interface NodeDiskSizes {
  /**
   * System nodes: images of the operators and add-ons.
   * @default Size.gibibytes(50)
   */
  readonly system?: Size;
  /**
   * Kafka nodes: images and logs only (broker data is on its own EBS volume).
   * @default Size.gibibytes(50)
   */
  readonly kafka?: Size;
  /**
   * Flink nodes: RocksDB keeps its working state on the node's disk; incremental checkpoints copy it to S3.
   * @default Size.gibibytes(100)
   */
  readonly flink?: Size;
}

/** Props of PipelineNodeGroups. */
export interface PipelineNodeGroupsProps {
  readonly cluster: eks.Cluster;
  /** Zones of the private subnets; Kafka nodes get one node group per zone. */
  readonly availabilityZones: string[];
  /** Node counts and instance types from the plan's sizing. */
  readonly sizing: { readonly system: NodeGroupSizing; readonly kafka: NodeGroupSizing; readonly flink: NodeGroupSizing };
  /** @default - see NodeDiskSizes */
  readonly diskSizes?: NodeDiskSizes;
}

/**
 * The AWS managed policies of the nodes' role: joining the cluster and pulling images. Not AmazonEKS_CNI_Policy: the
 * VPC CNI runs under its own role (VpcCni), so a pod that reaches the node's credentials gets no EC2 network rights.
 */
const NODE_ROLE_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly'];

/** Graviton types (`m7g`, `c7gn`, `r8g`, `t4g` …) run the arm64 AMI; every image the cluster runs is multi-arch. */
export function amiTypeOf(instanceType: string): eks.NodegroupAmiType {
  return /^[a-z]+\d+g[a-z]*\./.test(instanceType) ? eks.NodegroupAmiType.AL2023_ARM_64_STANDARD : eks.NodegroupAmiType.AL2023_X86_64_STANDARD;
}

function launchTemplateId(template: ec2.LaunchTemplate): string {
  if (template.launchTemplateId === undefined) throw new Error(`${template.node.path}: a launch template created here always has an id`);
  return template.launchTemplateId;
}

/** Spreads `nodes` over `zones` as evenly as possible: [2, 1, 1] for 4 nodes over 3 zones. */
export function nodesPerZone(nodes: number, zones: number): number[] {
  return Array.from({ length: zones }, (_, i) => Math.floor(nodes / zones) + (i < nodes % zones ? 1 : 0));
}

/**
 * The managed node groups of the self-hosted cluster, each with an encrypted gp3 root volume and IMDSv2 with a hop
 * limit of 1 (pods use their service account's role, never the node's):
 * - `System`: operators, add-ons and KRaft controllers (untainted), over all zones;
 * - `Kafka-<zone>`: one group per zone so a broker's zonal EBS volume always finds a node in its zone, fixed size
 *   (min = max), tainted for brokers only, replaced one node at a time;
 * - `Flink`: JobManagers and TaskManagers, tainted, from min to max nodes under the Cluster Autoscaler.
 */
export class PipelineNodeGroups extends Construct {
  public readonly system: eks.Nodegroup;
  public readonly kafka: eks.Nodegroup[];
  public readonly flink: eks.Nodegroup;

  /** The role of every node. */
  public readonly nodeRole: iam.Role;
  private readonly cluster: eks.Cluster;

  constructor(scope: Construct, id: string, props: PipelineNodeGroupsProps) {
    super(scope, id);
    this.cluster = props.cluster;
    this.nodeRole = new iam.Role(this, 'NodeRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: NODE_ROLE_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
      description: `Nodes of EKS cluster ${props.cluster.clusterName}: join the cluster and pull images (pods use their own roles)`,
    });
    acknowledgeFindings(this.nodeRole,
      'EKS requires these AWS managed policies on a managed node group\'s role (join the cluster, pull images). Pods use '
      + 'their service account\'s role, never the node\'s: IMDSv2 with a hop limit of 1; the VPC CNI has its own role.',
      NODE_ROLE_POLICIES.map((name) => AwsSolutionsFinding.managedPolicy(this, name)));
    const disks = props.diskSizes ?? {};
    const { system, kafka, flink } = props.sizing;
    this.system = this.nodeGroup('System', NodeRole.SYSTEM, system, system.min, system.max, disks.system ?? Size.gibibytes(50));
    this.kafka = nodesPerZone(kafka.min, props.availabilityZones.length).flatMap((nodes, i) => {
      if (nodes === 0) return [];
      const zone = props.availabilityZones[i];
      return [this.nodeGroup(`Kafka-${zone}`, NodeRole.KAFKA, kafka, nodes, nodes, disks.kafka ?? Size.gibibytes(50), [zone])];
    });
    this.flink = this.nodeGroup('Flink', NodeRole.FLINK, flink, flink.min, flink.max, disks.flink ?? Size.gibibytes(100));
  }

  /** Every node group. */
  public get all(): eks.Nodegroup[] {
    return [this.system, ...this.kafka, this.flink];
  }

  private nodeGroup(id: string, role: NodeRole, sizing: NodeGroupSizing, min: number, max: number, disk: Size, zones?: string[]): eks.Nodegroup {
    const launchTemplate = new ec2.LaunchTemplate(this, `${id}LaunchTemplate`, {
      requireImdsv2: true,
      httpPutResponseHopLimit: 1,
      blockDevices: [{
        deviceName: '/dev/xvda',
        volume: ec2.BlockDeviceVolume.ebs(disk.toGibibytes(), { volumeType: ec2.EbsDeviceVolumeType.GP3, encrypted: true, deleteOnTermination: true }),
      }],
    });
    acknowledgeGuardRules(launchTemplate, 'Nodes are observed through Kubernetes (kubelet and Prometheus metrics, the cluster '
      + 'autoscaler) at pod level; 1-minute EC2 detailed monitoring would add a per-instance charge for host metrics nothing reads.', [GuardRule.LAUNCH_TEMPLATE_MONITORING]);
    const nodegroup = this.cluster.addNodegroupCapacity(id, {
      instanceTypes: [new ec2.InstanceType(sizing.instanceType)],
      amiType: amiTypeOf(sizing.instanceType),
      minSize: min,
      maxSize: Math.max(min, max),
      desiredSize: min,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, availabilityZones: zones },
      labels: role.labels,
      taints: role.tolerations.map((t) => ({ key: t.key, value: t.value, effect: eks.TaintEffect.NO_SCHEDULE })),
      launchTemplateSpec: { id: launchTemplateId(launchTemplate), version: launchTemplate.latestVersionNumber },
      maxUnavailable: 1,
      enableNodeAutoRepair: true,
      nodeRole: this.nodeRole,
    });
    return nodegroup;
  }
}
