import { Flavor } from '../flavor';
import { flinkJobResource } from '../plan/kubernetes-names';
import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { platformNames } from '../plan/platform-names';
import { PriceTable } from '../pricing/price-table';
import { EC2_NODE_TYPES, findInstanceType } from '../sizing/instance-types';
import { KubeApi, KubeStatusError } from './kube-api';
import { OperationError, costControlLabel, formatTable, pipelineHeader } from './operations';
import {
  FlinkResourceObject, FlinkStateSnapshotObject, KafkaObject, KubeList, flinkRestPath, jobPath, kafkaPath, memoryMiB,
  readiness, snapshotsPath,
} from './self-hosted-resources';
import { topicRows } from './self-hosted-kafka';

/** Jobs looked at at the same time (each takes a few API calls). */
const STATUS_CONCURRENCY = 8;

interface JobRow {
  readonly found: boolean;
  readonly cells: string[];
}

function time(ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) || ms <= 0 ? 'none' : new Date(ms).toISOString();
}

/** A Flink REST answer through the service proxy, or undefined when the JobManager does not answer (shown as `-`). */
async function rest<T>(api: KubeApi, plan: PipelinePlan, job: JobPlan, route: string): Promise<T | undefined> {
  try {
    return await api.proxied<T>(flinkRestPath(flinkJobResource(plan, job), route));
  } catch (error) {
    if (error instanceof KubeStatusError) return undefined;
    throw error;
  }
}

/**
 * The newest savepoint: the newest COMPLETED FlinkStateSnapshot of the job (the operator's snapshot resources, on by
 * default since operator 1.10; it labels each with `job-reference.name` and `snapshot.type`), else the legacy
 * `status.jobStatus.savepointInfo` of an operator without the snapshot CRD.
 */
export async function lastSavepoint(api: KubeApi, plan: PipelinePlan, job: JobPlan, object: FlinkResourceObject): Promise<{ at?: number; path?: string }> {
  const resource = flinkJobResource(plan, job);
  const selector = encodeURIComponent(`job-reference.name=${resource.name},snapshot.type=SAVEPOINT`);
  const snapshots = await api.find<KubeList<FlinkStateSnapshotObject>>(`${snapshotsPath(resource.namespace)}?labelSelector=${selector}`);
  const completed = (snapshots?.items ?? [])
    .filter((s) => s.status?.state === 'COMPLETED' && (s.spec?.jobReference?.kind ?? resource.kind) === resource.kind)
    .map((s) => ({ at: Date.parse(s.status?.resultTimestamp ?? ''), path: s.status?.path }))
    .filter((s) => Number.isFinite(s.at))
    .sort((a, b) => b.at - a.at);
  if (completed[0] !== undefined) return completed[0];
  const legacy = object.status?.jobStatus?.savepointInfo?.lastSavepoint;
  return { at: legacy?.timeStamp, path: legacy?.location ?? object.status?.jobStatus?.upgradeSavepointPath };
}

/**
 * What a running job costs per hour at its current size, priced like the cost model prices self-hosted Flink: EC2
 * nodes of the plan's Flink node type that hold the job's pods (its JobManager(s) and ⌈parallelism ÷ slots⌉
 * TaskManagers, with the CPU and memory of the live spec). Jobs share nodes, so a job is charged its pods' share of a
 * node: the larger of their CPU and memory fraction of the node's allocatable capacity, times the node's hourly price.
 * A job whose pods are gone (suspended, finished) costs nothing: the node autoscaler removes the nodes it freed.
 */
export function jobCostPerHour(plan: PipelinePlan, object: FlinkResourceObject, prices: PriceTable): string {
  const state = object.status?.jobStatus?.state;
  if (object.spec.job?.state === 'suspended' || state === 'FINISHED' || state === 'CANCELED' || object.spec.jobManager === undefined && object.spec.taskManager === undefined) return '-';
  const nodeType = plan.sizing.nodeGroups.flink.instanceType;
  const node = findInstanceType(EC2_NODE_TYPES, nodeType);
  const slots = Number(object.spec.flinkConfiguration?.['taskmanager.numberOfTaskSlots'] ?? '1');
  const parallelism = object.spec.job?.parallelism ?? 1;
  const jm = object.spec.jobManager?.resource; const tm = object.spec.taskManager?.resource;
  const jmMiB = memoryMiB(jm?.memory); const tmMiB = memoryMiB(tm?.memory);
  if (node === undefined || jm?.cpu === undefined || tm?.cpu === undefined || jmMiB === undefined || tmMiB === undefined) return '?';
  const taskManagers = Math.ceil(parallelism / Math.max(1, slots));
  const jobManagers = object.spec.jobManager?.replicas ?? 1;
  const cpuMillis = (jobManagers * jm.cpu + taskManagers * tm.cpu) * 1000;
  const memory = jobManagers * jmMiB + taskManagers * tmMiB;
  const share = Math.max(cpuMillis / node.allocatableCpuMillis, memory / node.allocatableMemoryMiB);
  const usd = share * prices.get(`ec2.${nodeType}`, plan.environment.region).usd;
  return `$${usd.toFixed(2)} (${jobManagers} JM + ${taskManagers} TM = ${share.toFixed(2)} × ${nodeType})`;
}

async function jobRow(api: KubeApi, plan: PipelinePlan, job: JobPlan, prices: PriceTable): Promise<JobRow> {
  const resource = flinkJobResource(plan, job);
  const object = await api.find<FlinkResourceObject>(jobPath(resource));
  const name = `${resource.kind} ${resource.namespace}/${resource.name}`;
  if (object === undefined) return { found: false, cells: [job.name, name, 'not deployed', '-', costControlLabel(job), '-', '-', '-', '-'] };
  const jobStatus = object.status?.jobStatus;
  const state = `${jobStatus?.state ?? 'UNKNOWN'} (${object.status?.lifecycleState ?? 'unknown'}${object.spec.job?.state === 'suspended' ? ', suspended' : ''})`;
  let lastCheckpoint = time(jobStatus?.checkpointInfo?.lastCheckpoint?.timeStamp);
  let restarts = '-';
  if (jobStatus?.state === 'RUNNING' && jobStatus.jobId !== undefined) {
    const checkpoints = await rest<{ latest?: { completed?: { latest_ack_timestamp?: number } | null } }>(api, plan, job, `jobs/${jobStatus.jobId}/checkpoints`);
    const acked = checkpoints?.latest?.completed?.latest_ack_timestamp;
    if (acked !== undefined) lastCheckpoint = time(acked);
    const metrics = await rest<readonly { id?: string; value?: string }[]>(api, plan, job, `jobs/${jobStatus.jobId}/metrics?get=numRestarts`);
    restarts = metrics?.find((m) => m.id === 'numRestarts')?.value ?? '-';
  }
  const savepoint = await lastSavepoint(api, plan, job, object);
  const cost = resource.kind === 'FlinkSessionJob' ? 'shared (session cluster)' : jobCostPerHour(plan, object, prices);
  return { found: true, cells: [job.name, name, state, String(object.spec.job?.parallelism ?? '-'), costControlLabel(job), lastCheckpoint, time(savepoint.at), restarts, cost] };
}

/** The platform's Strimzi Kafka: its Ready condition and the bootstrap address of each listener. */
export async function clusterLine(api: KubeApi, plan: PipelinePlan): Promise<string> {
  const names = platformNames(plan.environment);
  const kafka = await api.find<KafkaObject>(kafkaPath(names));
  const name = `Kafka ${names.kafkaNamespace}/${names.kafkaCluster}`;
  if (kafka === undefined) return `${name}: not found (the platform is not deployed in environment ${plan.environment.name})`;
  const bootstrap = (kafka.status?.listeners ?? []).map((l) => `${l.name ?? '?'} ${l.bootstrapServers ?? '?'}`).join(', ');
  return `${name}: ${readiness(kafka.status?.conditions)}, bootstrap ${bootstrap === '' ? 'none yet' : bootstrap}`;
}

/** The self-hosted status of a pipeline: one row per job, the Kafka cluster line and the pipeline's topics. */
export async function selfHostedStatus(api: KubeApi, plan: PipelinePlan, prices: PriceTable): Promise<string> {
  const rows: JobRow[] = [];
  for (let i = 0; i < plan.jobs.length; i += STATUS_CONCURRENCY) {
    rows.push(...await Promise.all(plan.jobs.slice(i, i + STATUS_CONCURRENCY).map((job) => jobRow(api, plan, job, prices))));
  }
  if (rows.length > 0 && rows.every((r) => !r.found)) {
    const first = flinkJobResource(plan, plan.jobs[0] ?? { name: '' });
    throw new OperationError(`pipeline ${plan.pipelineName} is not deployed in environment ${plan.environment.name} (context ${await api.context()}): no ${first.kind} ${first.namespace}/${first.name} — deploy stack ${plan.names.stackName(Flavor.SELF_HOSTED)}`);
  }
  const table = formatTable([['job', 'resource', 'state', 'parallelism', 'cost control', 'last checkpoint', 'last savepoint', 'restarts', 'cost per hour'], ...rows.map((r) => r.cells)]);
  const topics = formatTable(await topicRows(api, plan));
  return `${pipelineHeader(plan, Flavor.SELF_HOSTED)}, context ${await api.context()}\n${table}\n${await clusterLine(api, plan)}\n${topics}`;
}
