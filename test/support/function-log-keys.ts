import { Template } from 'aws-cdk-lib/assertions';

/**
 * The Lambda functions of a template and the KMS key of the log group each logs to (`LoggingConfig.LogGroup` → the
 * `AWS::Logs::LogGroup`'s `KmsKeyId`): `'no log group of its own'` or `'service key'` where there is none.
 */
export function functionLogKeys(template: Template, only: (logicalId: string) => boolean = () => true): Record<string, unknown> {
  type Resource = { Type: string; Properties?: { LoggingConfig?: { LogGroup?: { Ref?: string } }; KmsKeyId?: unknown } };
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const keys: Record<string, unknown> = {};
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::Lambda::Function' || !only(id)) continue;
    const ref = r.Properties?.LoggingConfig?.LogGroup?.Ref;
    const group = ref === undefined ? undefined : resources[ref];
    keys[id] = group?.Type !== 'AWS::Logs::LogGroup' ? 'no log group of its own' : group.Properties?.KmsKeyId ?? 'service key';
  }
  return keys;
}
