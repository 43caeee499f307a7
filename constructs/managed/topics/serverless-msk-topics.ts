import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CustomResource, DockerImage, Duration, RemovalPolicy, Stack, aws_ec2 as ec2, aws_iam as iam, aws_kms as kms, aws_lambda as lambda,
  aws_logs as logs, custom_resources as cr,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { TopicPlan } from '../../../lib/plan/pipeline-plan';
import { AwsSolutionsFinding, acknowledgeFindings } from '../../common/aws-solutions-findings';
import { GUARD_REASONS, GuardRule, acknowledgeGuardRules } from '../../common/guard-findings';
import { linkTree } from '../../common/private/link-tree';
import { acknowledgeProviderFramework, providerFrameworkRoles } from '../../common/provider-framework-findings';
import { IManagedKafkaCluster } from '../kafka/managed-kafka-cluster';

/**
 * Topic configs MSK Serverless accepts when a topic is created; others (e.g. `min.insync.replicas`, fixed by the
 * service with replication 3) are refused, so they are left out.
 */
export const SERVERLESS_TOPIC_CONFIGS: ReadonlySet<string> = new Set([
  'cleanup.policy', 'compression.type', 'max.message.bytes', 'message.timestamp.difference.max.ms',
  'message.timestamp.type', 'retention.bytes', 'retention.ms',
]);

/** Properties of {@link ServerlessMskTopics}. */
export interface ServerlessMskTopicsProps {
  /** The MSK Serverless cluster. */
  readonly cluster: IManagedKafkaCluster;
  /** VPC to reach the cluster from. */
  readonly vpc: ec2.IVpc;
  /** The plan's topics. */
  readonly topics: readonly TopicPlan[];
  /**
   * RETAIN keeps topics (and their records) when they leave the plan or the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Key of the handler's log group (the platform's key).
   * @default - CloudWatch Logs' service key
   */
  readonly logEncryptionKey?: kms.IKey;
}

/** The Lambda asset: the compiled handler with kafkajs (no dependencies of its own) next to it (hard-linked: see linkTree). */
function handlerCode(): lambda.Code {
  const runtime = join(__dirname, 'serverless-topics', 'runtime');
  return lambda.Code.fromAsset(runtime, {
    bundling: {
      // Never used: the local bundling below only copies files, so synthesis needs no Docker.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24-alpine'),
      local: {
        tryBundle(outputDir: string): boolean {
          cpSync(join(runtime, 'index.js'), join(outputDir, 'index.js'));
          linkTree(dirname(require.resolve('kafkajs/package.json')), join(outputDir, 'node_modules', 'kafkajs'));
          return true;
        },
      },
    },
  });
}

/**
 * The plan's topics on an MSK Serverless cluster. MSK Serverless has no topic API (no `AWS::MSK::Topic`), so a custom
 * resource — a Lambda function in the VPC speaking Kafka to the IAM listener with its own, topic-scoped IAM
 * permissions — creates the topics, grows their partitions and sets their configs. Replication is fixed at 3 by the
 * service; only the configs Serverless accepts are set (see {@link SERVERLESS_TOPIC_CONFIGS}).
 */
export class ServerlessMskTopics extends Construct {
  /** Planned configs left out per topic because MSK Serverless does not accept them (shown by the parity test). */
  public readonly droppedConfigs: ReadonlyMap<string, readonly string[]>;
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: ServerlessMskTopicsProps) {
    super(scope, id);
    const dropped = new Map<string, string[]>();
    const topics = props.topics.map((t) => {
      dropped.set(t.name, Object.keys(t.configs).filter((k) => !SERVERLESS_TOPIC_CONFIGS.has(k)));
      return {
        name: t.name,
        partitions: t.partitions,
        configs: Object.fromEntries(Object.entries(t.configs).filter(([k]) => SERVERLESS_TOPIC_CONFIGS.has(k))),
      };
    });
    this.droppedConfigs = dropped;

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: props.logEncryptionKey, removalPolicy: RemovalPolicy.DESTROY });
    acknowledgeGuardRules(logGroup, GUARD_REASONS.handlerLogs, [GuardRule.LOG_RETENTION_ONE_YEAR]);
    if (props.logEncryptionKey !== undefined) acknowledgeGuardRules(logGroup, GUARD_REASONS.platformKeyFromSsm, [GuardRule.LOG_GROUP_KMS]);
    const fn = new lambda.Function(this, 'Handler', {
      code: handlerCode(),
      handler: 'index.onEvent',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.minutes(5),
      memorySize: 256,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      allowAllOutbound: false,
      description: `Creates and updates the topics of MSK Serverless cluster ${props.cluster.clusterName} over Kafka`,
      logGroup,
    });
    acknowledgeGuardRules(fn, 'Runs in the platform VPC\'s private subnets (it speaks Kafka to the cluster), which a pipeline '
      + 'stack reads from SSM parameters at deploy time: guard cannot resolve the parameters, the template sets VpcConfig.', [GuardRule.LAMBDA_IN_VPC]);
    fn.connections.allowToDefaultPort(props.cluster, 'Kafka admin (MSK IAM over TLS)');
    fn.connections.allowTo(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'STS / CloudWatch Logs over HTTPS');
    iam.Grant.addToPrincipal({ grantee: fn, actions: ['kafka-cluster:Connect'], resourceArns: [props.cluster.clusterArn] });
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: [
        'kafka-cluster:CreateTopic', 'kafka-cluster:DescribeTopic', 'kafka-cluster:AlterTopic', 'kafka-cluster:DeleteTopic',
        'kafka-cluster:DescribeTopicDynamicConfiguration', 'kafka-cluster:AlterTopicDynamicConfiguration',
      ],
      resourceArns: props.topics.map((t) => props.cluster.topicArn(t.name)),
    });
    if (fn.role) {
      acknowledgeFindings(fn,
        'A function in a VPC: lambda.Function gives its role AWSLambdaBasicExecutionRole (CloudWatch Logs) and '
        + 'AWSLambdaVPCAccessExecutionRole (its network interfaces, which have no resource-level scope).',
        AwsSolutionsFinding.managedPoliciesOf(fn.role));
    }
    const provider = new cr.Provider(this, 'Provider', { onEventHandler: fn, ...providerFrameworkRoles(this, { waits: false, logEncryptionKey: props.logEncryptionKey }) });
    acknowledgeProviderFramework(provider);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::MskServerlessTopics',
      properties: {
        BootstrapServers: props.cluster.connection.bootstrapServers,
        Region: Stack.of(this).region,
        Topics: topics,
        RetainTopics: String((props.removalPolicy ?? RemovalPolicy.RETAIN) === RemovalPolicy.RETAIN),
      },
    });
    this.resource.node.addDependency(fn);
  }
}
