import { RecordFormat } from '../definition/kafka-options';
import { TopicPlan } from './pipeline-plan';

/** Where the schema of an Avro-Glue topic lives in the AWS Glue Schema Registry. */
export interface GlueSchemaLocation {
  /** The registry of the pipeline that owns the topic: `<owner pipeline>-<environment>`. */
  readonly registryName: string;
  /** The schema: named after the topic. */
  readonly schemaName: string;
  readonly region: string;
}

/**
 * The registry of a pipeline in an environment, `<pipeline>-<environment>` (Glue registry names allow letters,
 * digits, `-`, `_`, `$`, `#`; pipeline and environment names are already restricted to letters, digits and `-`).
 */
export function glueRegistryName(pipeline: string, environment: string): string {
  return `${pipeline}-${environment}`;
}

/** Whether a topic's values are Avro in the Glue Schema Registry (compared by value). */
export function isAvroGlue(topic: Pick<TopicPlan, 'valueFormat'>): boolean {
  return topic.valueFormat.flinkFormat === RecordFormat.AVRO_GLUE.flinkFormat;
}

/** The registry location of a topic's value schema; a shared input's schema is in its owner's registry. */
export function glueSchemaLocation(pipeline: string, environment: string, region: string, topic: Pick<TopicPlan, 'name' | 'owner'>): GlueSchemaLocation {
  return { registryName: glueRegistryName(topic.owner ?? pipeline, environment), schemaName: topic.name, region };
}
