import { CfnWaitConditionHandle, aws_ssm as ssm } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { Flavor } from '../../lib/flavor';
import { PlatformNames } from '../../lib/plan/platform-plan';
import { ResourceShards } from './resource-shards';

/**
 * What a pipeline claims on its platform, each name once per platform and flavor. Tables and warehouse prefixes
 * (`<warehouse>/<database>.db/…`) belong to the claimed database; checkpoint prefixes and the stack to the pipeline
 * name.
 */
export enum ClaimKind {
  /** A Kafka topic the pipeline creates. */
  TOPIC = 'topic',
  /** A Glue database (its physical name, e.g. `orders_managed`), with its tables and warehouse prefix. */
  DATABASE = 'database',
  /** A Kafka consumer group a job commits offsets in. */
  CONSUMER_GROUP = 'consumer-group',
  /** The name of a job's, producer's or load generator's identity: Kafka user, MSF application (`<pipeline>-<job>`). */
  PRINCIPAL = 'principal',
}

/** One name a pipeline claims. */
export interface Claim {
  readonly kind: ClaimKind;
  readonly name: string;
}

/** A reader the owner of a topic allows to read it as a shared input. */
export interface ReadGrant {
  readonly topic: string;
  readonly reader: string;
}

/** A shared input of the pipeline: another pipeline's topic it reads. */
export interface SharedInput {
  readonly topic: string;
  readonly owner: string;
}

/** The SSM parameter name of a claim: `/event-pipelines/<platform>/<env>/<flavor>/claims/<kind>/<name>`. */
export function claimParameterName(names: PlatformNames, flavor: Flavor, claim: Claim): string {
  return names.parameterName(flavor, `claims/${claim.kind}/${claim.name}`);
}

/** The SSM parameter name of a read grant: `/event-pipelines/<platform>/<env>/<flavor>/grants/topic/<topic>/readers/<reader>`. */
export function readGrantParameterName(names: PlatformNames, flavor: Flavor, grant: ReadGrant): string {
  return names.parameterName(flavor, `grants/topic/${grant.topic}/readers/${grant.reader}`);
}

/** Props of PipelineClaims. */
export interface PipelineClaimsProps {
  readonly names: PlatformNames;
  readonly flavor: Flavor;
  readonly pipelineName: string;
  /** The stack that holds the claims, named in each parameter's description. */
  readonly stackName: string;
  readonly claims: readonly Claim[];
  /** Readers the owner admits to its topics: one grant parameter each. */
  readonly readGrants: readonly ReadGrant[];
  /** Shared inputs: each needs its owner's grant, read at deploy time. */
  readonly sharedInputs: readonly SharedInput[];
  /**
   * Resources one stack holds before further claims go into a nested stack.
   * @default 250
   */
  readonly resourcesPerStack?: number;
}

/**
 * Deploy-time ownership on a shared platform, where pipelines from separate CDK apps meet. Each claimed name is an SSM
 * parameter with a fixed name that the pipeline's stack creates: CloudFormation refuses to create a parameter that
 * exists, so a second pipeline claiming the same topic, database, consumer group or principal fails its deployment
 * (`<parameter> already exists in stack <the owner's stack>`). The owner publishes one grant parameter per reader of
 * its topics; a reader's stack takes each grant it needs as an `AWS::SSM::Parameter::Value<String>` parameter, so
 * without the owner's grant CloudFormation refuses the deployment before it changes anything
 * (`Unable to fetch parameters [<grant>] from parameter store for this account.`).
 *
 * Everything else of the pipeline waits for {@link gate}: a conflicting claim fails the deployment before any topic,
 * table, grant or job is touched, and the rollback deletes only what the failed stack made.
 */
export class PipelineClaims extends Construct {
  /** Depend on this to be created after every claim and grant of the pipeline. */
  public readonly gate: IConstruct;
  /** The owners' grants of the shared inputs (deploy-time values: the owner's pipeline name), by topic. */
  public readonly grants: ReadonlyMap<string, string>;

  constructor(scope: Construct, id: string, props: PipelineClaimsProps) {
    super(scope, id);
    const gate = new Construct(this, 'Gate');
    new CfnWaitConditionHandle(gate, 'Claimed');
    this.gate = gate;
    const shards = new ResourceShards<Construct>({
      scope: this, id: 'ClaimPart', budget: props.resourcesPerStack, firstUnitEstimate: 1, createShard: (shard) => shard,
    });
    const topicClaims = new Map<string, ssm.StringParameter>();
    const grantParameters = new Map<ReadGrant, ssm.StringParameter>();
    shards.addAll([
      ...props.claims.map((claim) => ({
        key: `${claim.kind}:${claim.name}`,
        build: (shard: Construct) => {
          const parameter = new ssm.StringParameter(shard, `${claim.kind}:${claim.name}`, {
            parameterName: claimParameterName(props.names, props.flavor, claim),
            stringValue: props.pipelineName,
            description: `${claim.kind} ${claim.name} is claimed by pipeline ${props.pipelineName} (stack ${props.stackName})`,
          });
          if (claim.kind === ClaimKind.TOPIC) topicClaims.set(claim.name, parameter);
          gate.node.addDependency(parameter);
        },
      })),
      ...props.readGrants.map((grant) => ({
        key: `grant:${grant.topic}:${grant.reader}`,
        build: (shard: Construct) => {
          const parameter = new ssm.StringParameter(shard, `grant:${grant.topic}:${grant.reader}`, {
            parameterName: readGrantParameterName(props.names, props.flavor, grant),
            stringValue: props.pipelineName,
            description: `pipeline ${props.pipelineName} allows pipeline ${grant.reader} to read its topic ${grant.topic}`,
          });
          grantParameters.set(grant, parameter);
          gate.node.addDependency(parameter);
        },
      })),
    ]);
    // Published only once the topic is this pipeline's: a stack that cannot claim the topic grants nothing on it.
    for (const [grant, parameter] of grantParameters) {
      const claim = topicClaims.get(grant.topic);
      if (claim !== undefined) parameter.node.addDependency(claim);
    }
    const grants = new Map<string, string>();
    for (const input of props.sharedInputs) {
      grants.set(input.topic, ssm.StringParameter.valueForStringParameter(this, readGrantParameterName(props.names, props.flavor, { topic: input.topic, reader: props.pipelineName })));
    }
    this.grants = grants;
  }
}
