import { PipelineDefinition } from '../definition/pipeline-definition';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { Flavor } from '../flavor';
import { PlanNames } from './pipeline-plan';

/** The Glue database of tables that name none: the pipeline name in snake case. */
export function defaultDatabase(definition: PipelineDefinition): string {
  return definition.database ?? definition.name.replace(/-/g, '_');
}

/** The Glue database of a logical database on a flavor: `<logical>_<flavor>` (`orders_self_hosted`, `orders_managed`). */
export function glueDatabaseName(logical: string, flavor: Flavor): string {
  return `${logical}_${flavor.id.replace(/-/g, '_')}`;
}

/**
 * Names derived once from the pipeline and environment.
 * Glue database names carry the flavor (`orders_self_hosted`, `orders_managed`) so both flavors can be deployed side by
 * side in one account for comparison without writing each other's tables.
 */
export function planNames(definition: PipelineDefinition, environment: PipelineEnvironment): PlanNames {
  const prefix = `${definition.name}-${environment.name}`;
  return {
    prefix,
    namespace: definition.name,
    kafkaCluster: prefix,
    stackName: (flavor: Flavor) => `${prefix}-${flavor.id}`,
    glueDatabase: glueDatabaseName,
  };
}

/** Name of the Managed Service for Apache Flink application of a job: `<pipeline>-<env>-<job>`. */
export function managedApplicationName(names: PlanNames, job: string): string {
  return `${names.prefix}-${job}`;
}
