import { Flavor } from '../flavor';
import { COST_ASSUMPTIONS } from './cost-assumptions';
import { CostContext } from './cost-context';
import { CostComponent, CostLine, costLine } from './cost-line';
import { FlavorCostModel } from './flavor-cost-model';
import { round } from './shared-costs';

/** Running application storage MSF provides (and bills) per processing KPU, GB. */
const MSF_STORAGE_PER_KPU_GB = 50;

function mskLines(ctx: CostContext): CostLine[] {
  const h = ctx.hoursPerMonth;
  const { kafka } = ctx.plan.sizing;
  const msk = kafka.managed;
  if (msk.mode === 'serverless') {
    const rf = ctx.plan.kafka.replicationFactor;
    return [
      costLine(CostComponent.KAFKA_BROKERS, 'MSK Serverless cluster', h, `1 cluster × ${h} h`, ctx.price('msk.serverless.cluster')),
      costLine(CostComponent.KAFKA_BROKERS, 'MSK Serverless partitions', kafka.partitions * h, `${kafka.partitions} partitions × ${h} h`, ctx.price('msk.serverless.partition')),
      costLine(CostComponent.KAFKA_STORAGE, 'MSK Serverless storage', kafka.retainedGiB / rf, `${round(kafka.retainedGiB)} GiB retained (all replicas) ÷ RF ${rf}`, ctx.price('msk.serverless.storage')),
      costLine(CostComponent.KAFKA_TRANSFER, 'MSK Serverless data in', ctx.gbPerMonth(kafka.ingressMBps), `${round(kafka.ingressMBps)} MB/s × 2628 GB per MB/s-month`, ctx.price('msk.serverless.data-in')),
      costLine(CostComponent.KAFKA_TRANSFER, 'MSK Serverless data out', ctx.gbPerMonth(kafka.egressMBps), `${round(kafka.egressMBps)} MB/s × 2628 GB per MB/s-month`, ctx.price('msk.serverless.data-out')),
    ];
  }
  if (msk.mode === 'express') {
    // Express brokers: the broker type of the Express family, storage billed per GB stored (not provisioned), data in per GB.
    const express = msk.instanceType.replace(/^kafka\./, 'express.');
    const rf = ctx.plan.kafka.replicationFactor;
    return [
      costLine(CostComponent.KAFKA_BROKERS, `${express} brokers`, msk.brokers * h, `${msk.brokers} brokers (${msk.brokersPerZone} per zone × ${msk.zones}) × ${h} h`, ctx.price(`msk.broker.${express}`)),
      costLine(CostComponent.KAFKA_STORAGE, 'MSK Express storage', kafka.retainedGiB / rf, `${round(kafka.retainedGiB)} GiB retained (all replicas) ÷ RF ${rf}`, ctx.price('msk.express.storage')),
      costLine(CostComponent.KAFKA_TRANSFER, 'MSK Express data in', ctx.gbPerMonth(kafka.ingressMBps), `${round(kafka.ingressMBps)} MB/s × 2628 GB per MB/s-month`, ctx.price('msk.express.data-in')),
    ];
  }
  return [
    costLine(CostComponent.KAFKA_BROKERS, `${msk.instanceType} brokers`, msk.brokers * h, `${msk.brokers} brokers (${msk.brokersPerZone} per zone × ${msk.zones}) × ${h} h`, ctx.price(`msk.broker.${msk.instanceType}`)),
    costLine(CostComponent.KAFKA_STORAGE, 'MSK broker storage', msk.brokers * msk.storagePerBrokerGiB, `${msk.brokers} brokers × ${msk.storagePerBrokerGiB} GiB`, ctx.price('msk.storage')),
    ...(kafka.tieredGiB > 0 ? [costLine(CostComponent.KAFKA_STORAGE, 'MSK tiered storage', kafka.tieredGiB, `${round(kafka.tieredGiB)} GiB in tiered storage (one copy: ingress × raw retention)`, ctx.price('msk.tiered-storage'))] : []),
  ];
}

/**
 * Managed: MSK (provisioned brokers + storage, or Serverless) and one Managed Service for Apache Flink application
 * per job: KPUs incl. the orchestration KPU, running storage and durable backups. In-cluster replication is free.
 */
export const MANAGED_COSTS: FlavorCostModel = {
  flavor: Flavor.MANAGED,
  lines(ctx: CostContext): CostLine[] {
    const lines = mskLines(ctx);
    for (const job of ctx.plan.sizing.jobs) {
      const hours = ctx.jobHoursPerMonth(job.load.hoursPerDay);
      const m = job.managed;
      const kpuFormula = m.averageKpus === m.kpus
        ? `(${m.kpus - 1} processing + 1 orchestration) KPUs`
        : `${round(m.averageKpus)} KPUs on average (${m.kpus} at initial, up to ${m.maxKpus}; incl. 1 orchestration)`;
      lines.push(costLine(CostComponent.FLINK_COMPUTE, `${job.job} application KPUs`, m.averageKpus * hours, `${kpuFormula} × ${round(hours)} h (${job.load.hoursPerDay} h/day)`, ctx.price('msf.kpu')));
      const storage = (m.averageKpus - m.orchestrationKpus) * MSF_STORAGE_PER_KPU_GB * hours / ctx.hoursPerMonth;
      lines.push(costLine(CostComponent.FLINK_STORAGE, `${job.job} running application storage`, storage,
        `${round(m.averageKpus - m.orchestrationKpus)} processing KPUs × ${MSF_STORAGE_PER_KPU_GB} GB × ${round(hours)} h ÷ ${ctx.hoursPerMonth} h`, ctx.price('msf.running-storage')));
    }
    const jobs = ctx.plan.sizing.jobs.length;
    lines.push(costLine(CostComponent.FLINK_STORAGE, 'durable application backups (snapshots)', jobs * COST_ASSUMPTIONS.stateSizePerJobGiB * COST_ASSUMPTIONS.retainedStateCopies,
      `${jobs} applications × ${COST_ASSUMPTIONS.stateSizePerJobGiB} GiB × ${COST_ASSUMPTIONS.retainedStateCopies} snapshots`, ctx.price('msf.backup')));
    return lines;
  },
};
