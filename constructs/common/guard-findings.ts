import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Name of `@cdklabs/cdk-validator-cfnguard` as a validation plugin: it qualifies acknowledged ids. */
export const GUARD_PLUGIN = 'cdk-validator-cfnguard';

/**
 * A rule of the AWS Control Tower proactive controls that cdk-validator-cfnguard runs, by the rule name guard reports
 * (the Control Tower id in the comment). An enum-like class: compare by `ruleName`.
 */
export class GuardRule {
  /** CT.CLOUDWATCH.PR.2: log groups kept at least a year. */
  public static readonly LOG_RETENTION_ONE_YEAR = new GuardRule('cloudwatch_log_group_retention_period_check');
  /** CT.CLOUDWATCH.PR.3: log groups encrypted with a KMS key. */
  public static readonly LOG_GROUP_KMS = new GuardRule('cloudwatch_log_group_encrypted_check');
  /** CT.EC2.PR.11 (launch templates): detailed monitoring. */
  public static readonly LAUNCH_TEMPLATE_MONITORING = new GuardRule('ec2_launch_template_monitoring_enabled_check');
  /** CT.KMS.PR.3: kms:CreateGrant only for AWS services (kms:GrantIsForAWSResource). */
  public static readonly KMS_GRANT_FOR_AWS_SERVICES = new GuardRule('kms_create_grant_aws_service_check');
  /** CT.LAMBDA.PR.3: functions in a VPC. */
  public static readonly LAMBDA_IN_VPC = new GuardRule('lambda_inside_vpc_check');
  /** CT.S3.PR.10: buckets encrypted with a KMS key. */
  public static readonly S3_KMS = new GuardRule('s3_bucket_default_encryption_kms_check');
  /** CT.S3.PR.2: server access logging. */
  public static readonly S3_ACCESS_LOGGING = new GuardRule('s3_bucket_logging_enabled_check');
  /** CT.S3.PR.9: S3 Object Lock. */
  public static readonly S3_OBJECT_LOCK = new GuardRule('s3_bucket_object_lock_enabled_check');
  /** CT.S3.PR.7 (versioning). */
  public static readonly S3_VERSIONING = new GuardRule('s3_bucket_versioning_enabled_check');
  /** CT.S3.PR.4: event notifications. */
  public static readonly S3_EVENT_NOTIFICATIONS = new GuardRule('s3_event_notifications_enabled_check');
  /** CT.STEPFUNCTIONS.PR.1: state machine logging. */
  public static readonly STATE_MACHINE_LOGGING = new GuardRule('step_functions_state_machine_logging_enabled_check');
  /** CT.STEPFUNCTIONS.PR.2: state machine X-Ray tracing. */
  public static readonly STATE_MACHINE_TRACING = new GuardRule('step_functions_state_machine_tracing_enabled_check');

  private constructor(public readonly ruleName: string) {}

  public toString(): string {
    return this.ruleName;
  }
}

/**
 * Acknowledges Control Tower guard findings of `scope` and every construct under it, with the reason they are
 * accepted; the acknowledgements are recorded in the construct tree and listed with their reason in the report.
 */
export function acknowledgeGuardRules(scope: IConstruct, reason: string, rules: readonly GuardRule[]): void {
  if (reason.trim().length < 40) throw new Error(`${scope.node.path}: acknowledging ${rules.join(', ')} needs a reason of its own`);
  for (const rule of rules) Validations.of(scope).acknowledge({ id: `${GUARD_PLUGIN}::${rule.ruleName}`, reason });
}

/** Reasons shared by several owners, so each reads the same wherever it is given. */
export const GUARD_REASONS = {
  deployTimeHandler: 'A deployment-time custom-resource handler that only calls AWS control-plane APIs and reads no '
    + 'pipeline data; outside the VPC it needs no network interfaces or NAT path while the stack deploys.',
  handlerLogs: 'Logs of a deployment-time handler (request ids and resource status, no data), kept a month; the '
    + 'audit trail is CloudTrail, and the platform\'s flow, control-plane and broker logs are kept a year.',
  platformKeyFromSsm: 'Encrypted with the platform\'s lakehouse KMS key, whose ARN the pipeline reads from an SSM '
    + 'parameter at deploy time: guard cannot resolve the parameter, the template sets KmsKeyId.',
  keyPolicyRoot: 'The key policy delegates to IAM of the account (the CDK default root statement); kms:CreateGrant is '
    + 'used by AWS services (EBS, MSK, S3, CloudWatch Logs) for the roles whose IAM policies grant the key, least privilege.',
  cdkSingleton: 'A handler aws-cdk-lib adds once per stack for its own custom resource; its VPC placement is not '
    + 'configurable and it only calls AWS control-plane APIs at deploy time.',
} as const;

/** Acknowledges guard findings of a construct aws-cdk-lib adds once per stack (found by its id at the stack root). */
export function acknowledgeStackSingleton(scope: IConstruct, id: string, reason: string, rules: readonly GuardRule[]): void {
  const singleton = Stack.of(scope).node.tryFindChild(id);
  if (singleton !== undefined) acknowledgeGuardRules(singleton, reason, rules);
}
