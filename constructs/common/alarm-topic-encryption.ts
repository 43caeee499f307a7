import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Lets CloudWatch alarms of this account and region publish to SNS topics encrypted with `key` (the key policy
 * statement CloudWatch needs, or notifications are dropped without an error): data keys for the topic only, on behalf
 * of this account's alarms. A pipeline stack imports the key by ARN and cannot change its policy, so the platform
 * that owns the key grants it.
 */
export function allowAlarmNotifications(key: kms.IKey): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudWatchAlarmsOfThisAccount',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*` },
    },
  }));
}

/**
 * Lets the alert managers of this account's Amazon Managed Prometheus workspaces publish to SNS topics encrypted with
 * `key` (the self-hosted flavor's `amazon-managed-prometheus` monitoring): data keys on behalf of this account's
 * workspaces only. Granted by the platform that owns the key.
 */
export function allowPrometheusAlertNotifications(key: kms.IKey): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'PrometheusAlertManagersOfThisAccount',
    principals: [new iam.ServicePrincipal('aps.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:aps:${stack.region}:${stack.account}:workspace/*` },
    },
  }));
}
