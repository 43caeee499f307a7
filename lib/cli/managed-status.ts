import { GetBootstrapBrokersCommand } from '@aws-sdk/client-kafka';
import { DescribeApplicationCommand, ListApplicationSnapshotsCommand } from '@aws-sdk/client-kinesis-analytics-v2';
import { Flavor } from '../flavor';
import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { managedApplicationName } from '../plan/plan-names';
import { platformNames } from '../plan/platform-names';
import { PriceTable } from '../pricing/price-table';
import { kpusFor } from '../sizing/flink-capacity';
import { ManagedClients } from './managed-clients';
import { explainAwsError } from './managed-errors';
import { checkpointText, jobHealth } from './managed-job-metrics';
import { findCluster, topicApiUnavailable, topicsOnCluster } from './managed-topics';
import { costControlLabel, formatTable, pipelineHeader } from './operations';

/** Jobs whose applications are described at the same time. */
export const STATUS_CONCURRENCY = 8;

interface JobStatus {
  readonly job: string;
  /** How the definition controls its cost (`costControlLabel`). */
  readonly costControl: string;
  readonly application: string;
  readonly status: string;
  readonly parallelism: string;
  readonly lastSnapshot: string;
  readonly costPerHour: string;
}

async function jobStatus(plan: PipelinePlan, jobPlan: JobPlan, clients: ManagedClients, prices: PriceTable): Promise<JobStatus> {
  const job = jobPlan.name;
  const application = managedApplicationName(plan.names, job);
  const described = await clients.flink.send(new DescribeApplicationCommand({ ApplicationName: application }));
  const detail = described.ApplicationDetail;
  const status = detail?.ApplicationStatus ?? 'UNKNOWN';
  const parallelism = detail?.ApplicationConfigurationDescription?.FlinkApplicationConfigurationDescription?.ParallelismConfigurationDescription;
  const current = parallelism?.CurrentParallelism ?? parallelism?.Parallelism;
  const perKpu = parallelism?.ParallelismPerKPU ?? 1;
  const snapshots = await clients.flink.send(new ListApplicationSnapshotsCommand({ ApplicationName: application }));
  const times = (snapshots.SnapshotSummaries ?? [])
    .filter((s) => s.SnapshotStatus === 'READY' && s.SnapshotCreationTimestamp !== undefined)
    .map((s) => s.SnapshotCreationTimestamp?.getTime() ?? 0);
  const lastSnapshot = times.length === 0 ? 'none' : new Date(Math.max(...times)).toISOString();
  // Billed while running: ⌈parallelism ÷ parallelism per KPU⌉ processing KPUs + 1 orchestration KPU, as the estimate prices it.
  let costPerHour = '-';
  if (status === 'RUNNING' && current !== undefined) {
    const kpus = kpusFor(current, perKpu);
    costPerHour = `$${(kpus * prices.get('msf.kpu', plan.environment.region).usd).toFixed(2)} (${kpus} KPUs)`;
  }
  return { job, costControl: costControlLabel(jobPlan), application, status, parallelism: current === undefined ? '-' : String(current), lastSnapshot, costPerHour };
}

/** The cluster's line (state, bootstrap brokers) and its line of the pipeline's topics with their partitions. */
async function clusterLines(plan: PipelinePlan, clients: ManagedClients): Promise<string> {
  const name = platformNames(plan.environment).kafkaCluster;
  const cluster = await findCluster(plan, clients);
  if (cluster?.ClusterArn === undefined) return `Kafka cluster ${name}: not found (the platform is not deployed in environment ${plan.environment.name})`;
  const brokers = await clients.kafka.send(new GetBootstrapBrokersCommand({ ClusterArn: cluster.ClusterArn }));
  const line = `Kafka cluster ${name}: ${cluster.State ?? 'UNKNOWN'}, bootstrap ${brokers.BootstrapBrokerStringSaslIam ?? 'none (IAM)'}`;
  const unavailable = topicApiUnavailable(cluster);
  if (unavailable !== undefined) return `${line}\nTopics (as planned; ${unavailable}): ${plan.topics.map((t) => `${t.name} ${t.partitions} partitions`).join(', ')}`;
  try {
    const topics = await topicsOnCluster(plan, cluster.ClusterArn, clients);
    return `${line}\nTopics: ${topics.map((t) => `${t.plan.name} ${t.cluster === undefined ? 'missing' : `${t.cluster.PartitionCount ?? '?'} partitions`}`).join(', ')}`;
  } catch (error) {
    // The jobs' status is still worth printing when the topic API is refused (old Kafka version, no DescribeTopic permission).
    const reason = error instanceof Error && ['BadRequestException', 'ForbiddenException'].includes(error.name) ? `${error.name}: ${error.message}` : undefined;
    if (reason === undefined) throw error;
    return `${line}\nTopics: not listed (${reason}); \`pipelines topics\` says why`;
  }
}

/** The managed flavor's status of a pipeline: one row per job and the platform's Kafka cluster with the pipeline's topics. */
export async function managedStatus(plan: PipelinePlan, clients: ManagedClients, prices: PriceTable, now: Date = new Date()): Promise<string> {
  try {
    // A few jobs at a time: hundreds of jobs one by one take minutes; all at once meet MSF's API rate limits.
    const jobs: JobStatus[] = [];
    for (let i = 0; i < plan.jobs.length; i += STATUS_CONCURRENCY) {
      jobs.push(...await Promise.all(plan.jobs.slice(i, i + STATUS_CONCURRENCY).map((job) => jobStatus(plan, job, clients, prices))));
    }
    const health = await jobHealth(plan, plan.jobs, clients, now).catch((error: unknown) => {
      // Without cloudwatch:GetMetricData the rest of the status is still worth printing.
      if (error instanceof Error && error.name === 'AccessDeniedException') return error;
      throw error;
    });
    const rows = [['job', 'application', 'status', 'parallelism', 'cost control', 'restarts', 'last checkpoint', 'last snapshot', 'cost per hour'],
      ...jobs.map((j) => {
        const h = health instanceof Error ? undefined : health.get(j.job);
        return [j.job, j.application, j.status, j.parallelism, j.costControl, h?.restarts === undefined ? '-' : String(h.restarts), checkpointText(h), j.lastSnapshot, j.costPerHour];
      })];
    const footnote = health instanceof Error
      ? `restarts and last checkpoint: not read (${health.name}: ${health.message}); the caller needs cloudwatch:GetMetricData`
      : 'restarts and last checkpoint (duration, size): AWS/KinesisAnalytics metrics of the last 10 minutes (- : none reported, e.g. a stopped job)';
    return `${pipelineHeader(plan, Flavor.MANAGED)}\n${formatTable(rows)}\n${footnote}\n${await clusterLines(plan, clients)}`;
  } catch (error) {
    return explainAwsError(error, plan);
  }
}
