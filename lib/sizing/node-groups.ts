import { PipelineEnvironment } from '../environment/pipeline-environment';
import { ValidationProblem } from '../validation/validation-problem';
import { EC2_NODE_TYPES, InstanceTypeSpec, findInstanceType } from './instance-types';
import { hoursAtPeak } from './flink-capacity';
import { PLATFORM_PODS } from './platform-pods';
import { SIZING_DEFAULTS } from './sizing-defaults';
import { JobSizing, KafkaSizing, NodeGroupSizing, PodResources } from './sizing-plan';

/**
 * Nodes of one type needed for some pods: first-fit decreasing bin packing on CPU and memory (what the scheduler
 * and a node autoscaler achieve at best). Returns Infinity if a pod fits no empty node.
 */
export function packNodes(pods: readonly PodResources[], type: InstanceTypeSpec): number {
  const sorted = [...pods].sort((a, b) => b.cpuMillis - a.cpuMillis || b.memoryMiB - a.memoryMiB);
  const free: { cpu: number; mem: number }[] = [];
  for (const pod of sorted) {
    if (pod.cpuMillis > type.allocatableCpuMillis || pod.memoryMiB > type.allocatableMemoryMiB) return Infinity;
    const node = free.find((n) => n.cpu >= pod.cpuMillis && n.mem >= pod.memoryMiB);
    if (node) { node.cpu -= pod.cpuMillis; node.mem -= pod.memoryMiB; } else {
      free.push({ cpu: type.allocatableCpuMillis - pod.cpuMillis, mem: type.allocatableMemoryMiB - pod.memoryMiB });
    }
  }
  return free.length;
}

function repeat(pod: PodResources, count: number): PodResources[] {
  return Array.from({ length: count }, () => pod);
}

function jobPods(job: JobSizing, taskManagers: number): PodResources[] {
  return [job.selfHosted.jobManager, ...repeat(job.selfHosted.taskManager, taskManagers)];
}

/** Result of {@link sizeNodeGroups}. */
export interface NodeGroupsResult {
  readonly nodeGroups: { readonly system: NodeGroupSizing; readonly kafka: NodeGroupSizing; readonly flink: NodeGroupSizing };
  readonly problems: ValidationProblem[];
}

/**
 * The self-hosted node groups.
 * - system: platform pods + KRaft controllers on `m7g.large`, at least one node per zone when Kafka replicates
 *   (controllers and operators survive a zone loss), else 1;
 * - kafka: one node per broker, of the broker type;
 * - flink: the smallest `m7g` type that holds one TaskManager and one JobManager (or the environment's
 *   `sizing.flinkNodeInstanceType`); min = jobs running all day at initial parallelism, max = every job at max at
 *   once plus the on-demand jobs (deployed stopped, e.g. the load generator); average = min + the autoscaled peak's extra nodes for the hours it is held + each scheduled job's extra
 *   nodes for its hours (scheduled windows assumed off-peak).
 */
export function sizeNodeGroups(kafka: KafkaSizing, jobs: readonly JobSizing[], environment: PipelineEnvironment, onDemand: readonly JobSizing[] = []): NodeGroupsResult {
  const problems: ValidationProblem[] = [];
  const systemType = EC2_NODE_TYPES[0];
  const systemPods = [...PLATFORM_PODS, ...repeat(kafka.selfHosted.controller, kafka.selfHosted.controllers)];
  const systemMin = environment.kafka.replicationFactor > 1 ? environment.availabilityZones.length : 1;
  const systemNodes = Math.max(systemMin, packNodes(systemPods, systemType));
  const system: NodeGroupSizing = { instanceType: systemType.name, min: systemNodes, max: systemNodes, averageNodes: systemNodes, instanceTypeSource: 'derived' };

  const brokers = kafka.selfHosted.brokers;
  const kafkaGroup: NodeGroupSizing = { instanceType: kafka.selfHosted.instanceType, min: brokers, max: brokers, averageNodes: brokers, instanceTypeSource: kafka.selfHosted.instanceTypeSource };

  const override = environment.sizing.flinkNodeInstanceType;
  const jobFits = (type: InstanceTypeSpec) => [...jobs, ...onDemand].every((j) => packNodes(jobPods(j, 1), type) === 1);
  let flinkType = EC2_NODE_TYPES.find(jobFits) ?? EC2_NODE_TYPES[EC2_NODE_TYPES.length - 1];
  if (override !== undefined) {
    const explicit = findInstanceType(EC2_NODE_TYPES, override);
    if (!explicit) {
      problems.push({ path: `environments.${environment.name}.sizing.flinkNodeInstanceType`, message: `unknown instance type ${JSON.stringify(override)}`, fix: `use one of: ${EC2_NODE_TYPES.map((t) => t.name).join(', ')}` });
    } else if (!jobFits(explicit)) {
      const tm = jobs[0]?.selfHosted.taskManager;
      problems.push({ path: `environments.${environment.name}.sizing.flinkNodeInstanceType`, message: `${override} cannot hold one TaskManager (${tm?.cpuMillis}m CPU, ${tm?.memoryMiB} MiB) and one JobManager`, fix: 'use a larger type, or fewer sizing.slotsPerTaskManager' });
    } else {
      flinkType = explicit;
    }
  }
  const allDay = jobs.filter((j) => j.load.hoursPerDay >= 24);
  const basePods = allDay.flatMap((j) => jobPods(j, j.selfHosted.taskManagers));
  const base = packNodes(basePods, flinkType);
  const atPeak = packNodes(allDay.flatMap((j) => jobPods(j, Math.ceil(j.load.peak / j.selfHosted.slotsPerTaskManager))), flinkType);
  const scheduledExtra = jobs.filter((j) => j.load.hoursPerDay < 24)
    .reduce((sum, j) => sum + (packNodes([...basePods, ...jobPods(j, j.selfHosted.taskManagers)], flinkType) - base) * j.load.hoursPerDay / 24, 0);
  // On-demand jobs (the load generator) run beside every job at its maximum: room in the maximum, nothing in the average.
  const max = packNodes([...jobs, ...onDemand].flatMap((j) => jobPods(j, j.selfHosted.maxTaskManagers)), flinkType);
  const peakHours = hoursAtPeak(SIZING_DEFAULTS.operatorScaleDownHours);
  const flink: NodeGroupSizing = {
    instanceType: flinkType.name,
    min: base,
    max,
    averageNodes: base + (atPeak - base) * peakHours / 24 + scheduledExtra,
    instanceTypeSource: override !== undefined && flinkType.name === override ? 'explicit' : 'derived',
  };
  return { nodeGroups: { system, kafka: kafkaGroup, flink }, problems };
}
