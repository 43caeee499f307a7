import { isAvroGlue } from './glue-schema-registry-plan';
import { TopicPlan } from './pipeline-plan';
import { LockedPipeline } from './schema-lock';

/**
 * The registry rendering of the Avro-Glue topics the environment's lock records (`TopicPlan.registeredSchema`).
 * CloudFormation creates an `AWS::Glue::Schema` with its first version from `SchemaDefinition`, a create-only
 * property: a changed definition would replace the schema, which fails for a named schema (and would drop the
 * versions old records were written with). So a recorded topic keeps the definition its schema was created with, and
 * `GlueSchemaRegistry` registers a changed schema as an `AWS::Glue::SchemaVersion` (checked by the registry against
 * the schema's BACKWARD mode). Topics the lock does not know are created with their schema now.
 */
export function planTopicRegistry(topics: readonly TopicPlan[], recorded: LockedPipeline | undefined): TopicPlan[] {
  return topics.map((topic) => {
    const registeredSchema = topic.owner === undefined && isAvroGlue(topic)
      ? recorded?.topics?.[topic.name]?.registeredSchema : undefined;
    return registeredSchema === undefined ? topic : { ...topic, registeredSchema };
  });
}
