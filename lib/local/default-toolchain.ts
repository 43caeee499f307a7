import { PipelinePlan } from '../plan/pipeline-plan';
import { jobPrincipal, loadGeneratorPrincipal } from '../plan/kafka-principals';
import { LocalBroker, LocalToolchain } from './local-runtime';
import { LocalKafka, startLocalKafka } from './local-kafka';
import { mavenLocalToolchain } from './local-toolchain';

/** Per consumer group, the summed lag over its partitions. */
export async function groupLag(kafka: LocalKafka, groups: readonly string[]): Promise<Record<string, number>> {
  const lag: Record<string, number> = {};
  for (const group of groups) lag[group] = 0;
  for (const p of await kafka.offsets(groups)) lag[p.group] = (lag[p.group] ?? 0) + p.lag;
  return lag;
}

/** A started local broker as the runtime uses it (the LocalKafka stays reachable for tests through `kafka`). */
export interface LocalRuntimeBroker extends LocalBroker {
  readonly kafka: LocalKafka;
}

/**
 * The toolchain `pipelines local` and the end-to-end tests run on: the runner jar and Flink from Maven
 * (`mavenLocalToolchain`), the broker from Maven Central's Kafka jars (`startLocalKafka`), each job logging in as its
 * plan principal (`<pipeline>-<job>`, the self-hosted KafkaUser).
 */
export function defaultLocalToolchain(options: { readonly cacheDir?: string } = {}): LocalToolchain {
  return mavenLocalToolchain({
    ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    async startBroker(plans, dir, onProgress): Promise<LocalRuntimeBroker> {
      const kafka = await startLocalKafka({ dir, plans, onProgress, ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}) });
      return {
        kafka,
        bootstrapServers: kafka.bootstrapServers,
        caCertificateFile: kafka.caCertificateFile,
        credentialsFile: (principal) => kafka.credentialsFile(principal),
        lag: (groups) => groupLag(kafka, groups),
        stop: () => kafka.stop(),
      };
    },
    jobPrincipal(plan: PipelinePlan, job) {
      const generator = plan.loadGenerator;
      return generator !== undefined && job === generator.job ? loadGeneratorPrincipal(plan, generator).userName : jobPrincipal(plan, job).userName;
    },
  });
}
