import { GetBootstrapBrokersCommand, KafkaClient, ListClustersV2Command } from '@aws-sdk/client-kafka';
import { DescribeApplicationCommand, KinesisAnalyticsV2Client, ListApplicationSnapshotsCommand } from '@aws-sdk/client-kinesis-analytics-v2';
import { PipelinePlan } from '../plan/pipeline-plan';
import { managedApplicationName } from '../plan/plan-names';
import { platformNames } from '../plan/platform-names';
import { PriceTable } from '../pricing/price-table';
import { kpusFor } from '../sizing/flink-capacity';
import { OperationError } from './operations';

/**
 * Attempts per AWS call: the SDK's standard retry mode backs off exponentially (with jitter) between attempts and
 * retries throttling errors.
 */
export const STATUS_MAX_ATTEMPTS = 5;

/** Jobs whose applications are described at the same time. */
export const STATUS_CONCURRENCY = 8;

/** A failure of `pipelines status` worth one line (exit code 1). */
export class StatusError extends OperationError {}

/** The AWS clients `status` uses (made per region by default; tests mock them). */
export interface StatusClients {
  readonly flink: KinesisAnalyticsV2Client;
  readonly kafka: KafkaClient;
}

/** Clients for a region with the SDK's standard retry (backoff) over `STATUS_MAX_ATTEMPTS` attempts. */
export function statusClients(region: string): StatusClients {
  const config = { region, maxAttempts: STATUS_MAX_ATTEMPTS, retryMode: 'standard' };
  return { flink: new KinesisAnalyticsV2Client(config), kafka: new KafkaClient(config) };
}

interface JobStatus {
  readonly job: string;
  readonly application: string;
  readonly status: string;
  readonly parallelism: string;
  readonly lastSnapshot: string;
  readonly costPerHour: string;
}

async function jobStatus(plan: PipelinePlan, job: string, clients: StatusClients, prices: PriceTable): Promise<JobStatus> {
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
  return { job, application, status, parallelism: current === undefined ? '-' : String(current), lastSnapshot, costPerHour };
}

async function clusterLine(plan: PipelinePlan, clients: StatusClients): Promise<string> {
  const name = platformNames(plan.environment).kafkaCluster;
  const listed = await clients.kafka.send(new ListClustersV2Command({ ClusterNameFilter: name }));
  const cluster = (listed.ClusterInfoList ?? []).find((c) => c.ClusterName === name);
  if (cluster?.ClusterArn === undefined) return `Kafka cluster ${name}: not found (the platform is not deployed in environment ${plan.environment.name})`;
  const brokers = await clients.kafka.send(new GetBootstrapBrokersCommand({ ClusterArn: cluster.ClusterArn }));
  return `Kafka cluster ${name}: ${cluster.State ?? 'UNKNOWN'}, bootstrap ${brokers.BootstrapBrokerStringSaslIam ?? 'none (IAM)'}`;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** Turns the SDK's failures into one line each; anything else is rethrown. */
function explain(error: unknown, plan: PipelinePlan): never {
  const name = error instanceof Error ? error.name : '';
  if (name === 'CredentialsProviderError') {
    throw new StatusError('no AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or log in with `aws sso login`)');
  }
  if (name === 'ResourceNotFoundException') {
    throw new StatusError(`pipeline ${plan.pipelineName} is not deployed in environment ${plan.environment.name} (${plan.environment.region}): ${error instanceof Error ? error.message : ''}`);
  }
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException' || name === 'LimitExceededException') {
    throw new StatusError(`AWS throttled the request after ${STATUS_MAX_ATTEMPTS} attempts with backoff: try again later`);
  }
  throw error;
}

/** The managed flavor's status of a pipeline: one row per job and the platform's Kafka cluster line. */
export async function managedStatus(plan: PipelinePlan, clients: StatusClients, prices: PriceTable): Promise<string> {
  try {
    // A few jobs at a time: hundreds of jobs one by one take minutes; all at once meet MSF's API rate limits.
    const jobs: JobStatus[] = [];
    for (let i = 0; i < plan.jobs.length; i += STATUS_CONCURRENCY) {
      jobs.push(...await Promise.all(plan.jobs.slice(i, i + STATUS_CONCURRENCY).map((job) => jobStatus(plan, job.name, clients, prices))));
    }
    const rows = [['job', 'application', 'status', 'parallelism', 'last snapshot', 'cost per hour'],
      ...jobs.map((j) => [j.job, j.application, j.status, j.parallelism, j.lastSnapshot, j.costPerHour])];
    const header = `Pipeline "${plan.pipelineName}", environment "${plan.environment.name}" (${plan.environment.region}), managed`;
    return `${header}\n${table(rows)}\n${await clusterLine(plan, clients)}`;
  } catch (error) {
    return explain(error, plan);
  }
}
