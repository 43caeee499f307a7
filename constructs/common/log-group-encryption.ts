import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Retention of audit, flow and broker logs: a year in production (what reviews and incident timelines reach back to,
 * and the Control Tower rule CT.CLOUDWATCH.PR.2), three months elsewhere.
 */
export function auditLogRetention(production: boolean): logs.RetentionDays {
  return production ? logs.RetentionDays.ONE_YEAR : logs.RetentionDays.THREE_MONTHS;
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
