import { Flavor } from '../flavor';
import { findInstanceType, EC2_NODE_TYPES } from '../sizing/instance-types';
import { COST_ASSUMPTIONS } from './cost-assumptions';
import { CostContext } from './cost-context';
import { CostComponent, CostLine, costLine } from './cost-line';
import { FlavorCostModel } from './flavor-cost-model';
import { round } from './shared-costs';

/**
 * Self-hosted: the EKS control plane, three node groups (system/operators, Kafka brokers, Flink), their EBS volumes,
 * inter-AZ replication traffic between brokers, and Flink checkpoints/savepoints in S3.
 */
export const SELF_HOSTED_COSTS: FlavorCostModel = {
  flavor: Flavor.SELF_HOSTED,
  lines(ctx: CostContext): CostLine[] {
    const h = ctx.hoursPerMonth;
    const { nodeGroups, kafka, jobs } = ctx.plan.sizing;
    const rf = ctx.plan.kafka.replicationFactor;
    const lines: CostLine[] = [];
    lines.push(costLine(CostComponent.EKS_CONTROL_PLANE, 'EKS cluster', h, `1 cluster × ${h} h`, ctx.price('eks.cluster.standard')));
    const system = nodeGroups.system;
    lines.push(costLine(CostComponent.PLATFORM_NODES, `${system.instanceType} system nodes`, system.averageNodes * h, `${system.averageNodes} nodes × ${h} h`, ctx.price(`ec2.${system.instanceType}`)));
    const root = COST_ASSUMPTIONS.nodeRootVolumeGiB;
    lines.push(costLine(CostComponent.PLATFORM_NODES, 'system node root volumes', system.averageNodes * root, `${system.averageNodes} nodes × ${root} GiB`, ctx.price('ebs.gp3.storage')));

    const brokers = nodeGroups.kafka;
    lines.push(costLine(CostComponent.KAFKA_BROKERS, `${brokers.instanceType} broker nodes`, brokers.averageNodes * h, `${brokers.averageNodes} brokers × ${h} h`, ctx.price(`ec2.${brokers.instanceType}`)));
    const sh = kafka.selfHosted;
    lines.push(costLine(CostComponent.KAFKA_STORAGE, 'broker volumes (gp3)', sh.brokers * sh.storagePerBrokerGiB, `${sh.brokers} brokers × ${sh.storagePerBrokerGiB} GiB`, ctx.price('ebs.gp3.storage')));
    const controllerGiB = COST_ASSUMPTIONS.controllerVolumeGiB;
    lines.push(costLine(CostComponent.KAFKA_STORAGE, 'KRaft controller volumes + broker node root volumes', sh.controllers * controllerGiB + brokers.averageNodes * root,
      `${sh.controllers} controllers × ${controllerGiB} GiB + ${brokers.averageNodes} nodes × ${root} GiB`, ctx.price('ebs.gp3.storage')));
    if (sh.zones > 1 && rf > 1) {
      const gb = ctx.gbPerMonth(kafka.ingressMBps) * (rf - 1) * 2;
      lines.push(costLine(CostComponent.KAFKA_TRANSFER, 'broker replication across zones', gb,
        `${round(kafka.ingressMBps)} MB/s × 2628 GB per MB/s-month × (RF ${rf} − 1) follower copies in other zones × 2 directions`, ctx.price('transfer.inter-az')));
    }

    const flink = nodeGroups.flink;
    if (flink.averageNodes > 0) {
      lines.push(costLine(CostComponent.FLINK_COMPUTE, `${flink.instanceType} Flink nodes`, flink.averageNodes * h,
        `${round(flink.averageNodes)} nodes on average (min ${flink.min}, max ${flink.max}) × ${h} h`, ctx.price(`ec2.${flink.instanceType}`)));
      const vcpus = findInstanceType(EC2_NODE_TYPES, flink.instanceType)?.vcpus ?? 0;
      const perNode = root + COST_ASSUMPTIONS.flinkLocalStatePerVcpuGiB * vcpus;
      lines.push(costLine(CostComponent.FLINK_STORAGE, 'Flink node volumes (RocksDB working space)', flink.averageNodes * perNode,
        `${round(flink.averageNodes)} nodes × (${root} + ${COST_ASSUMPTIONS.flinkLocalStatePerVcpuGiB} × ${vcpus} vCPU) GiB`, ctx.price('ebs.gp3.storage')));
    }
    const stateGb = jobs.length * COST_ASSUMPTIONS.stateSizePerJobGiB * COST_ASSUMPTIONS.retainedStateCopies;
    lines.push(costLine(CostComponent.FLINK_STORAGE, 'checkpoints and savepoints in S3', stateGb,
      `${jobs.length} jobs × ${COST_ASSUMPTIONS.stateSizePerJobGiB} GiB × ${COST_ASSUMPTIONS.retainedStateCopies} copies`, ctx.price('s3.standard.storage')));
    return lines;
  },
};
