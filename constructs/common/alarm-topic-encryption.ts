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
  allowServiceDataKeys(key, 'CloudWatchAlarmsOfThisAccount', 'cloudwatch', 'alarm:*');
}

/**
 * Lets the alert managers of this account's Amazon Managed Prometheus workspaces publish to SNS topics encrypted with
 * `key` (the self-hosted flavor's `amazon-managed-prometheus` monitoring): data keys on behalf of this account's
 * workspaces only. Granted by the platform that owns the key.
 */
export function allowPrometheusAlertNotifications(key: kms.IKey): void {
  allowServiceDataKeys(key, 'PrometheusAlertManagersOfThisAccount', 'aps', 'workspace/*');
}

/** Data keys of `key` for a service principal acting for this account's resources of `resource` (an ARN resource pattern). */
function allowServiceDataKeys(key: kms.IKey, sid: string, service: 'cloudwatch' | 'aps', resource: string): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid,
    principals: [new iam.ServicePrincipal(`${service}.amazonaws.com`)],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:${service}:${stack.region}:${stack.account}:${resource}` },
    },
  }));
}
