import { flinkStateConfiguration } from '../catalog/flink-state-configuration';
import { LakehouseConnection } from '../plan/connections';
import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { renderSettingsProperties } from '../artifacts/sql-runner-contract';
import { strimziScramClientProperties } from '../sql/kafka-client-properties';
import { KafkaSourceConnection } from '../sql/kafka-source-table';
import { renderLoadGeneratorSql } from '../sql/load-generator-sql';
import { renderJobSql } from '../sql/render-job-sql';

/** Where a local job finds the local broker: as a self-hosted pod finds Strimzi's TLS + SCRAM listener. */
export interface LocalKafkaEndpoint {
  readonly bootstrapServers: string;
  /** PEM CA certificate of the broker's listener (the pods' mounted cluster CA). */
  readonly caCertificateFile: string;
  /** Properties file with the job principal's `sasl.jaas.config` (the pods' init container writes the same). */
  readonly credentialsFile: string;
}

/**
 * The self-hosted Kafka connection of a job pointed at the local broker: the same security properties as the
 * deployed SQL (SASL_SSL, SCRAM-SHA-512, PEM truststore, the login read by FileConfigProvider from a file), only the
 * paths and the bootstrap servers are local.
 */
export function localKafkaConnection(endpoint: LocalKafkaEndpoint): KafkaSourceConnection {
  return {
    bootstrapServers: endpoint.bootstrapServers,
    properties: strimziScramClientProperties(endpoint.caCertificateFile, endpoint.credentialsFile),
  };
}

/** What the runner gets for one local job. */
export interface LocalJobFiles {
  /** The job's SQL script: the self-hosted script with the local endpoints and catalog. */
  readonly script: string;
  /** The runner's settings file (`--settings-file`). */
  readonly settings: string;
  /** Flink configuration of the job's MiniCluster (what the FlinkDeployment's `flinkConfiguration` holds). */
  readonly flinkConfiguration: Record<string, string>;
}

/** Options of `localJobFiles`. */
export interface LocalJobOptions {
  /** Port of the MiniCluster's REST endpoint on 127.0.0.1 (progress is read from it). */
  readonly restPort: number;
  /**
   * Parallelism to run at.
   * @default - the plan's initial parallelism
   */
  readonly parallelism?: number;
}

/**
 * The local run of one job (or of the load generator, `plan.loadGenerator.job`):
 * - the script the self-hosted stack deploys, rendered with the local broker and the local catalog;
 * - the runner setting `table.dml-sync` (the runner waits for the job instead of returning after submitting it, which
 *   in a local MiniCluster would end the job with the client);
 * - the job's state configuration exactly as the FlinkDeployment's (`flinkStateConfiguration`: RocksDB, incremental,
 *   retained externalized checkpoints, interval, pause, timeout) under the local checkpoint directory, its key groups
 *   and parallelism, and a REST endpoint on loopback.
 */
export function localJobFiles(plan: PipelinePlan, job: JobPlan, kafka: LocalKafkaEndpoint, lakehouse: LakehouseConnection, options: LocalJobOptions): LocalJobFiles {
  const connection = localKafkaConnection(kafka);
  const generator = plan.loadGenerator;
  const script = generator !== undefined && job === generator.job
    ? renderLoadGeneratorSql(plan, generator, connection)
    : renderJobSql(plan, job, connection, lakehouse);
  const parallelism = options.parallelism ?? job.parallelism.initial;
  return {
    script,
    settings: renderSettingsProperties({ 'table.dml-sync': 'true' }),
    flinkConfiguration: {
      ...flinkStateConfiguration(plan.flinkVersion, job.checkpointing, lakehouse.checkpointBucketUri),
      'pipeline.max-parallelism': String(job.parallelism.maxParallelism),
      'parallelism.default': String(parallelism),
      'taskmanager.numberOfTaskSlots': String(parallelism),
      'rest.address': '127.0.0.1',
      'rest.bind-address': '127.0.0.1',
      'rest.port': String(options.restPort),
      // A failing job fails the run instead of restarting forever: the local run reports it (a deployment restarts it).
      'restart-strategy.type': 'fixed-delay',
      'restart-strategy.fixed-delay.attempts': '2',
      'restart-strategy.fixed-delay.delay': '2 s',
    },
  };
}

/**
 * A Flink configuration as flat `key: value` lines, unquoted: the form both Flink 1.x's `flink-conf.yaml` parser (which
 * keeps quotes as part of the value) and the YAML of `config.yaml` read the same way. A value either parser would read
 * differently (a leading quote, `#`, or a line break) is refused.
 */
export function renderFlinkConfiguration(configuration: Readonly<Record<string, string>>): string {
  return Object.entries(configuration).map(([k, v]) => {
    if (/^['"\s]|[#\n]|\s$/.test(v)) throw new Error(`Flink setting ${k} = ${JSON.stringify(v)} cannot be written as a flat configuration line`);
    return `${k}: ${v}`;
  }).join('\n') + '\n';
}
