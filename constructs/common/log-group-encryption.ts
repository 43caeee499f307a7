import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { GuardRule, acknowledgeGuardRules } from './guard-findings';

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
