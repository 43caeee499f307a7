import { RemovalPolicy, aws_iam as iam, aws_kms as kms, aws_logs as logs, custom_resources as cr } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { GUARD_REASONS, GuardRule, acknowledgeGuardRules, acknowledgeStackSingleton } from '../../common/guard-findings';
import { logWriterRole } from '../../common/log-writer-role';

/** Properties of {@link MskBootstrapBrokers}. */
export interface MskBootstrapBrokersProps {
  /** ARN of the MSK cluster (provisioned or serverless). */
  readonly clusterArn: string;
  /**
   * Key that encrypts the lookup's log group (its key policy must admit CloudWatch Logs).
   * @default - CloudWatch Logs' service key
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * Retention of the lookup's log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * A value that changes whenever the cluster does (a provisioned cluster's `CurrentVersion`, which MSK bumps on every
   * update: brokers added, broker type, configuration, authentication). It is part of the lookup's physical id, so a
   * deploy that changes the cluster looks the brokers up again, after the cluster update completes.
   * @default - looked up when the cluster ARN changes only (an MSK Serverless cluster's one bootstrap endpoint)
   */
  readonly clusterVersion?: string;
}

/**
 * Reads the IAM bootstrap broker string of an MSK cluster at deploy time: CloudFormation does not return it as an
 * attribute, so a custom resource calls `kafka:GetBootstrapBrokers` (scoped to this cluster). The call runs on create
 * and whenever its properties change: with `clusterVersion`, on every deploy that changes the cluster (a new physical
 * id, the old one's delete is a no-op).
 */
export class MskBootstrapBrokers extends Construct {
  /** `b-1.<cluster>…:9098,b-2…:9098` (a deploy-time token). */
  public readonly saslIam: string;

  constructor(scope: Construct, id: string, props: MskBootstrapBrokersProps) {
    super(scope, id);
    const call: cr.AwsSdkCall = {
      service: 'Kafka',
      action: 'GetBootstrapBrokers',
      parameters: { ClusterArn: props.clusterArn },
      physicalResourceId: cr.PhysicalResourceId.of(props.clusterVersion === undefined ? props.clusterArn : `${props.clusterArn}@${props.clusterVersion}`),
      outputPaths: ['BootstrapBrokerStringSaslIam'],
    };
    // A role and log group of our own: the function may write that one group, and call what the policy below allows.
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const logGroup = new logs.LogGroup(this, 'Logs', { retention, encryptionKey: props.logEncryptionKey, removalPolicy: RemovalPolicy.DESTROY });
    if (retention < logs.RetentionDays.ONE_YEAR) acknowledgeGuardRules(logGroup, GUARD_REASONS.handlerLogs, [GuardRule.LOG_RETENTION_ONE_YEAR]);
    if (props.logEncryptionKey === undefined) {
      acknowledgeGuardRules(logGroup, 'Logs of the bootstrap-broker lookup (request ids and statuses), no data; CloudWatch '
        + 'Logs encrypts them at rest with its service key.', [GuardRule.LOG_GROUP_KMS]);
    }
    const role = logWriterRole(this, 'Role', logGroup, 'Reads the bootstrap brokers of the MSK cluster at deploy time');
    const resource = new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::MskBootstrapBrokers',
      role,
      logGroup,
      onCreate: call,
      onUpdate: call,
      installLatestAwsSdk: false,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['kafka:GetBootstrapBrokers'], resources: [props.clusterArn] }),
      ]),
    });
    acknowledgeStackSingleton(this, `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`, GUARD_REASONS.cdkSingleton, [GuardRule.LAMBDA_IN_VPC]);
    this.saslIam = resource.getResponseField('BootstrapBrokerStringSaslIam');
  }
}
