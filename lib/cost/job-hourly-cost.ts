import { Flavor } from '../flavor';
import { PipelinePlan } from '../plan/pipeline-plan';
import { PriceTable } from '../pricing/price-table';
import { EC2_NODE_TYPES, findInstanceType } from '../sizing/instance-types';
import { packNodes } from '../sizing/node-groups';
import { JobSizing } from '../sizing/sizing-plan';

/** What one job costs per hour while it runs at its initial parallelism, and how that was computed. */
export interface HourlyCost {
  readonly usdPerHour: number;
  /** e.g. `3 KPUs × $0.11/KPU-hour`. */
  readonly formula: string;
}

/**
 * The hourly cost of a job while it runs at its initial size: managed, its KPUs (orchestration KPU included) ×
 * `msf.kpu`; self-hosted, the Flink nodes its JobManager and TaskManagers fill on their own × the node price (the
 * node group's instance type). For on-demand jobs such as the load generator, which the monthly estimate leaves out.
 */
export function jobHourlyCost(plan: PipelinePlan, sizing: JobSizing, flavor: Flavor, prices: PriceTable): HourlyCost {
  const region = plan.environment.region;
  if (flavor.id === Flavor.MANAGED.id) {
    const kpu = prices.get('msf.kpu', region);
    return { usdPerHour: sizing.managed.kpus * kpu.usd, formula: `${sizing.managed.kpus} KPUs × $${kpu.usd}/${kpu.unit}` };
  }
  const typeName = plan.sizing.nodeGroups.flink.instanceType;
  const type = findInstanceType(EC2_NODE_TYPES, typeName);
  const pods = [sizing.selfHosted.jobManager, ...Array.from({ length: sizing.selfHosted.taskManagers }, () => sizing.selfHosted.taskManager)];
  const nodes = type === undefined ? sizing.selfHosted.taskManagers + 1 : packNodes(pods, type);
  const node = prices.get(`ec2.${typeName}`, region);
  return { usdPerHour: nodes * node.usd, formula: `${nodes} ${typeName} node(s) for 1 JobManager + ${sizing.selfHosted.taskManagers} TaskManager(s) × $${node.usd}/${node.unit}` };
}
