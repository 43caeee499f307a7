import { RemovalPolicy, Stack, aws_glue as glue, aws_iam as iam } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { avroValueSchemaText } from '../../lib/plan/avro-schema';
import { glueRegistryName, glueSchemaLocation, isAvroGlue } from '../../lib/plan/glue-schema-registry-plan';
import { PipelinePlan, TopicPlan } from '../../lib/plan/pipeline-plan';
import { ownedTopics } from '../../lib/plan/resolve-topics';

/** What a job that reads Avro-Glue topics may do: find and read the schema versions records point at. */
export const SCHEMA_READ_ACTIONS = ['glue:GetRegistry', 'glue:GetSchema', 'glue:GetSchemaVersion', 'glue:GetSchemaByDefinition'];
/**
 * What a producer of Avro-Glue topics may do besides reading: register a new version of its topics' schemas (which
 * the registry accepts only when BACKWARD compatible) and tag versions. Not `glue:CreateSchema`: schemas come from the
 * pipeline definition.
 */
export const SCHEMA_REGISTER_ACTIONS = [...SCHEMA_READ_ACTIONS, 'glue:RegisterSchemaVersion', 'glue:PutSchemaVersionMetadata'];

/**
 * The registry compatibility mode. BACKWARD (a reader with the new schema reads records written with the previous
 * one) accepts every change the schema lock lets through without a migration (`lib/plan/schema-compatibility.ts`):
 * adding an optional column (a `["null", T]` field with default null), widening INT → BIGINT (Avro int → long) and
 * FLOAT → DOUBLE (float → double); it refuses making a column required and narrowing a type, as the lock does. It is
 * looser than the lock on a dropped column (Avro readers ignore unknown writer fields), so the lock stays the gate.
 * Decimal precision widening: the lock accepts it; Avro's Java checker compares only the underlying bytes, while the
 * Avro specification matches decimals only with equal precision and scale (test/plan/avro-schema.test.ts).
 */
export const SCHEMA_COMPATIBILITY = 'BACKWARD';

/** Properties of {@link GlueSchemaRegistry}. */
export interface GlueSchemaRegistryProps {
  readonly plan: PipelinePlan;
  /**
   * What happens to the registry and schemas when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The pipeline's AWS Glue Schema Registry (`<pipeline>-<environment>`) with one Avro schema per `RecordFormat.AVRO_GLUE`
 * topic the pipeline owns, generated from the topic's columns, in BACKWARD compatibility mode. The same on both
 * flavors: MSK and Strimzi clients reach it through IAM (MSF application role, IRSA roles).
 */
export class GlueSchemaRegistry extends Construct {
  /** The registry of a plan, or undefined when the pipeline owns no Avro-Glue topic (nothing is created). */
  public static ifNeeded(scope: Construct, id: string, props: GlueSchemaRegistryProps): GlueSchemaRegistry | undefined {
    return ownedTopics(props.plan.topics).some(isAvroGlue) ? new GlueSchemaRegistry(scope, id, props) : undefined;
  }

  public readonly registry: glue.CfnRegistry;
  /** Schemas by topic name. */
  public readonly schemas: ReadonlyMap<string, glue.CfnSchema>;
  /** Versions registered after creation, by topic name: topics whose schema changed since the lock recorded it. */
  public readonly versions: ReadonlyMap<string, glue.CfnSchemaVersion>;

  constructor(scope: Construct, id: string, props: GlueSchemaRegistryProps) {
    super(scope, id);
    const { plan } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.registry = new glue.CfnRegistry(this, 'Resource', {
      name: glueRegistryName(plan.pipelineName, plan.environment.name),
      description: `Record schemas of pipeline ${plan.pipelineName} (${plan.environment.name}), generated from its definition`,
    });
    this.registry.applyRemovalPolicy(removalPolicy);
    const schemas = new Map<string, glue.CfnSchema>();
    const versions = new Map<string, glue.CfnSchemaVersion>();
    for (const topic of ownedTopics(plan.topics).filter(isAvroGlue)) {
      const now = avroValueSchemaText(plan.pipelineName, topic);
      const schema = new glue.CfnSchema(this, `Schema-${topic.name}`, {
        name: topic.name,
        registry: { arn: this.registry.attrArn },
        dataFormat: 'AVRO',
        compatibility: SCHEMA_COMPATIBILITY,
        // Create-only: the definition the schema was created with when the lock records one (planTopicRegistry).
        schemaDefinition: topic.registeredSchema ?? now,
        description: `Values of topic ${topic.name}`,
      });
      schema.applyRemovalPolicy(removalPolicy);
      schemas.set(topic.name, schema);
      if (topic.registeredSchema !== undefined && topic.registeredSchema !== now) {
        // The topic's schema now, as a new version (the registry checks it against BACKWARD). Kept when a later
        // definition replaces this resource: records written with a version are decoded by that version's id.
        const version = new glue.CfnSchemaVersion(this, `Version-${topic.name}`, {
          schema: { schemaArn: schema.attrArn },
          schemaDefinition: now,
        });
        version.applyRemovalPolicy(RemovalPolicy.RETAIN);
        versions.set(topic.name, version);
      }
    }
    this.schemas = schemas;
    this.versions = versions;
  }
}

function schemaArns(scope: IConstruct, plan: PipelinePlan, topics: readonly TopicPlan[]): string[] {
  const stack = Stack.of(scope);
  const arn = (resource: string, resourceName: string) => stack.formatArn({ service: 'glue', resource, resourceName, region: plan.environment.region });
  const locations = topics.map((t) => glueSchemaLocation(plan.pipelineName, plan.environment.name, plan.environment.region, t));
  const registries = [...new Set(locations.map((l) => l.registryName))];
  return [...registries.map((r) => arn('registry', r)), ...locations.map((l) => arn('schema', `${l.registryName}/${l.schemaName}`))];
}

function grantSchemas(grantee: iam.IGrantable & IConstruct, plan: PipelinePlan, topicNames: readonly string[], actions: string[]): void {
  const topics = plan.topics.filter((t) => topicNames.includes(t.name) && isAvroGlue(t));
  if (topics.length === 0) return;
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: schemaArns(grantee, plan, topics) }));
}

/** Lets a job read the schemas of the Avro-Glue topics among `topicNames` (its registry and those schemas only). */
export function grantSchemaRead(grantee: iam.IGrantable & IConstruct, plan: PipelinePlan, topicNames: readonly string[]): void {
  grantSchemas(grantee, plan, topicNames, SCHEMA_READ_ACTIONS);
}

/** Lets a producer read and register versions of the schemas of the Avro-Glue topics it writes. */
export function grantSchemaRegister(grantee: iam.IGrantable & IConstruct, plan: PipelinePlan, topicNames: readonly string[]): void {
  grantSchemas(grantee, plan, topicNames, SCHEMA_REGISTER_ACTIONS);
}
