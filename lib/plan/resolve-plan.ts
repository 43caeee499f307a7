import { FlinkVersion } from '../definition/flink-version';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { Flavor } from '../flavor';
import { sizeCapacity } from '../sizing/size-capacity';
import { validateDefinition } from '../validation/validate-definition';
import { throwIfProblems } from '../validation/validation-problem';
import { JobMode } from '../definition/job-options';
import { StateLock, checkStateLock } from './state-lock';
import { checkSchemaLock } from './schema-compatibility';
import { plannedSchemas } from './schema-lock';
import { planTableCatalog } from './table-evolution';
import { planTopicRegistry } from './topic-registry';
import { stateFingerprint, stateShape } from './state-fingerprint';
import { freshStartPosition } from './fresh-start';
import { planNames } from './plan-names';
import { JobPlan, PipelinePlan, ProducerPlan, TablePlan, TopicPlan } from './pipeline-plan';
import { planJobs } from './resolve-jobs';
import { planLakehouse } from './resolve-tables';
import { planKafka, planTopics } from './resolve-topics';
import { planMonitoring } from './signal-thresholds';
import { planLoadGenerator } from './load-generator-plan';
import { recordFormatsRead, resolveArtifacts } from '../catalog/resolve-artifacts';

/** Default Flink version: the only one with a Kafka → Flink → Iceberg path on both flavors today. */
export const DEFAULT_FLINK_VERSION = FlinkVersion.V1_20;

/** Options of `resolvePlan`. */
export interface ResolvePlanOptions {
  /**
   * The environment's state lock (`readStateLock`): streaming jobs whose state-relevant shape changed since it are
   * refused in production (unless they opt into a fresh start) and started without state elsewhere; topics and tables
   * whose schema changed incompatibly since it are refused unless they carry a `schemaMigration` (`checkSchemaLock`).
   * @default - no check (library use, tests); the pipeline app always passes `schemas/<env>.lock.json`
   */
  readonly stateLock?: StateLock;
}

function fingerprinted(jobs: readonly JobPlan[], topics: readonly TopicPlan[], tables: readonly TablePlan[], flinkVersion: FlinkVersion): JobPlan[] {
  return jobs.map((job) => (job.mode.value === JobMode.STREAMING.value ? { ...job, stateFingerprint: stateFingerprint(stateShape(job, topics, tables, flinkVersion)) } : job));
}

/**
 * Validates a definition and resolves it, for one environment, into the flavor-neutral plan both stacks render.
 * Throws one PipelineValidationError listing every problem.
 *
 * @param flavors the flavors the plan must be deployable on (artifacts are checked against each)
 */
export function resolvePlan(input: PipelineDefinition, environment: PipelineEnvironment, flavors: readonly Flavor[] = Flavor.ALL, options: ResolvePlanOptions = {}): PipelinePlan {
  const definition = validateDefinition(input);
  const kafka = planKafka(environment);
  const topics = planTopicRegistry(planTopics(definition, environment, kafka), options.stateLock?.content?.pipelines[definition.name]);
  const unrecorded = planLakehouse(definition);
  const lakehouse = { ...unrecorded, tables: planTableCatalog(unrecorded.tables, options.stateLock?.content?.pipelines[definition.name]) };
  const flinkVersion = definition.flinkVersion ?? DEFAULT_FLINK_VERSION;
  const planned = fingerprinted(planJobs(definition, environment, topics, lakehouse.tables), topics, lakehouse.tables, flinkVersion);
  const fingerprints = Object.fromEntries(planned.flatMap((j) => (j.stateFingerprint !== undefined ? [[j.name, j.stateFingerprint]] : [])));
  const freshStartFrom = Object.fromEntries(planned.map((j) => [j.name, freshStartPosition(j, lakehouse.tables).description]));
  const state = options.stateLock === undefined
    ? { freshStarts: [], problems: [], warnings: [] }
    : checkStateLock({ pipeline: definition.name, environment, jobs: definition.jobs, fingerprints, lock: options.stateLock, freshStartFrom });
  const schemas = options.stateLock === undefined
    ? { problems: [], warnings: [] }
    : checkSchemaLock({ definition, environment, planned: plannedSchemas({ pipelineName: definition.name, topics, lakehouse, jobs: planned }), lock: options.stateLock });
  throwIfProblems(`pipeline ${JSON.stringify(definition.name)}`, [...state.problems, ...schemas.problems]);
  // A fresh start reads from where it loses nothing its sinks committed (`freshStartPosition`), not blindly from the offsets.
  const jobs = planned.map((job): JobPlan => (state.freshStarts.includes(job.name)
    ? { ...job, upgradeMode: 'stateless', startPosition: freshStartPosition(job, lakehouse.tables).position }
    : job));
  const loadGenerator = planLoadGenerator(definition, environment, topics);
  const recordedPlacement = options.stateLock?.content?.pipelines[definition.name]?.placement;
  const sizing = sizeCapacity({ pipelineName: definition.name, topics, jobs, environment, flavors, onDemandJobs: loadGenerator === undefined ? [] : [loadGenerator.sizing] });
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
    producers: (definition.producers ?? []).map((p): ProducerPlan => {
      const [namespace, name] = p.serviceAccount?.split('/') ?? [];
      return {
        name: p.name,
        topics: [...p.topics],
        roleArn: p.roleArn,
        serviceAccount: namespace !== undefined && name !== undefined ? { namespace, name } : undefined,
        securityGroupIds: [...p.network?.securityGroupIds ?? []],
        cidrs: [...p.network?.cidrs ?? []],
      };
    }),
    sizing,
    ...(recordedPlacement !== undefined ? { placement: recordedPlacement } : {}),
    stateWarnings: state.warnings,
    schemaWarnings: schemas.warnings,
    artifacts,
    monitoring: planMonitoring(definition),
    ...(loadGenerator === undefined ? {} : { loadGenerator }),
  };
}
