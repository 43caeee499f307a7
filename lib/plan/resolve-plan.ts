import { FlinkVersion } from '../definition/flink-version';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { Flavor } from '../flavor';
import { sizeCapacity } from '../sizing/size-capacity';
import { validateDefinition } from '../validation/validate-definition';
import { planNames } from './plan-names';
import { PipelinePlan } from './pipeline-plan';
import { planJobs } from './resolve-jobs';
import { planLakehouse } from './resolve-tables';
import { planKafka, planTopics } from './resolve-topics';
import { recordFormatsRead, resolveArtifacts } from '../catalog/resolve-artifacts';

/** Default Flink version: the only one with a Kafka → Flink → Iceberg path on both flavors today. */
export const DEFAULT_FLINK_VERSION = FlinkVersion.V1_20;

/**
 * Validates a definition and resolves it, for one environment, into the flavor-neutral plan both stacks render.
 * Throws one PipelineValidationError listing every problem.
 *
 * @param flavors the flavors the plan must be deployable on (artifacts are checked against each)
 */
export function resolvePlan(definition: PipelineDefinition, environment: PipelineEnvironment, flavors: readonly Flavor[] = Flavor.ALL): PipelinePlan {
  validateDefinition(definition);
  const kafka = planKafka(environment);
  const topics = planTopics(definition, environment, kafka);
  const lakehouse = planLakehouse(definition);
  const jobs = planJobs(definition, environment, topics, lakehouse.tables);
  const sizing = sizeCapacity({ pipelineName: definition.name, topics, jobs, environment, flavors });
  const flinkVersion = definition.flinkVersion ?? DEFAULT_FLINK_VERSION;
  const artifacts = resolveArtifacts({
    subject: `pipeline ${JSON.stringify(definition.name)}`,
    flinkVersion,
    flavors,
    writesIceberg: jobs.some((j) => j.sinks.length > 0),
    recordFormats: recordFormatsRead(topics, jobs),
    pins: definition.artifacts,
  });
  return {
    pipelineName: definition.name,
    environment,
    flavors,
    flinkVersion,
    names: planNames(definition, environment),
    kafka,
    topics,
    lakehouse,
    jobs,
    sizing,
    artifacts,
  };
}
