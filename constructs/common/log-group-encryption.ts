import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { GUARD_REASONS, GuardRule, acknowledgeGuardRules } from './guard-findings';

/**
 * Retention of audit, flow and broker logs: a year in production (what reviews and incident timelines reach back to,
 * and the Control Tower rule CT.CLOUDWATCH.PR.2), three months elsewhere.
 */
export function auditLogRetention(production: boolean): logs.RetentionDays {
  return production ? logs.RetentionDays.ONE_YEAR : logs.RetentionDays.THREE_MONTHS;
}

/**
 * Acknowledges CT.CLOUDWATCH.PR.2 (a year's retention) on an audit log group kept `auditLogRetention(false)` (three
 * months), the retention a non-production environment chooses; production log groups are checked.
 */
export function acknowledgeNonProductionRetention(logGroup: IConstruct, retention: logs.RetentionDays): void {
  if (retention !== auditLogRetention(false)) return;
  acknowledgeGuardRules(logGroup, 'Audit logs of a non-production environment (production: false), kept three months by '
    + 'choice; production keeps flow, control-plane and broker logs a year.', [GuardRule.LOG_RETENTION_ONE_YEAR]);
}

/**
 * Lets CloudWatch Logs of this account and region use `key` for log groups (the key policy statement CloudWatch Logs
 * needs before a log group can name the key): encrypt and decrypt only in the encryption context of a log group of
 * this account and region.
 */
export function allowLogGroupEncryption(key: kms.IKey): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudWatchLogsOfThisAccount',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
  }));
}

/**
 * The log group of a handler function (custom-resource handlers, the provider framework, the batch stopper): kept a
 * month and removed with the stack, like every handler log group, and encrypted with `encryptionKey` — the platform
 * key, whose policy admits CloudWatch Logs (`allowLogGroupEncryption`). Without a key CloudWatch Logs' service key
 * encrypts it, acknowledged with `contents` (what the handler logs).
 */
export function handlerLogGroup(scope: Construct, id: string, encryptionKey: kms.IKey | undefined, contents: string): logs.LogGroup {
  const logGroup = new logs.LogGroup(scope, id, { retention: logs.RetentionDays.ONE_MONTH, encryptionKey, removalPolicy: RemovalPolicy.DESTROY });
  acknowledgeGuardRules(logGroup, GUARD_REASONS.handlerLogs, [GuardRule.LOG_RETENTION_ONE_YEAR]);
  acknowledgeGuardRules(logGroup, encryptionKey !== undefined ? GUARD_REASONS.platformKeyFromSsm
    : `${contents}; CloudWatch Logs encrypts them at rest with its service key.`, [GuardRule.LOG_GROUP_KMS]);
  return logGroup;
}
