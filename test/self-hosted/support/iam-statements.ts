import { Template } from 'aws-cdk-lib/assertions';
import { readableIntrinsics } from '../../../constructs/self-hosted/manifests/readable-intrinsics';

/** An IAM statement with actions and resources as arrays and intrinsics as `${LogicalId…}` placeholders. */
export interface ReadableStatement {
  readonly effect: string;
  readonly actions: string[];
  readonly resources: string[];
  readonly condition?: Record<string, Record<string, string | string[]>>;
}

interface CfnResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function resourcesOf(template: Template): Record<string, CfnResource> {
  return template.toJSON().Resources as Record<string, CfnResource>;
}

function readable(statement: Record<string, unknown>): ReadableStatement {
  return {
    effect: String(statement.Effect),
    actions: asArray(statement.Action).map(String),
    resources: asArray(readableIntrinsics(statement.Resource)).map(String),
    condition: statement.Condition as ReadableStatement['condition'],
  };
}

/** Every statement of the identity policies (inline, attached and managed) of a role. */
export function policyStatementsOf(template: Template, roleId: string): ReadableStatement[] {
  const resources = resourcesOf(template);
  const role = resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not a role`);
  const attachesRole = (r: CfnResource) => asArray(r.Properties.Roles).some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleId }));
  const documents = [
    ...asArray(role.Properties.Policies).map((p) => (p as { PolicyDocument: unknown }).PolicyDocument),
    ...Object.values(resources).filter((r) => (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') && attachesRole(r)).map((r) => r.Properties.PolicyDocument),
  ];
  return documents.flatMap((d) => asArray((d as { Statement: unknown }).Statement)).map((s) => readable(s as Record<string, unknown>));
}

/** The trust policy of a role: its statements, and the values of its `StringEquals` conditions (CfnJson resolved). */
export interface RoleTrust {
  readonly statements: Array<{ readonly effect: string; readonly actions: string[]; readonly principal: unknown; readonly operators: string[] }>;
  /**
   * `StringEquals` condition keys → values, the OIDC issuer of `oidcProviderId` written as `OIDC_ISSUER` (any other
   * intrinsic as `UNEXPECTED_INTRINSIC`).
   */
  readonly stringEquals: Record<string, string>;
}

/** The trust of a role assumed through the cluster's IAM OIDC provider (IRSA). */
export function trustOf(template: Template, roleId: string, oidcProviderId: string): RoleTrust {
  const resources = resourcesOf(template);
  const document = resources[roleId].Properties.AssumeRolePolicyDocument as { Statement: Array<Record<string, unknown>> };
  const issuer = JSON.stringify({ 'Fn::Select': [1, { 'Fn::Split': [':oidc-provider/', { Ref: oidcProviderId }] }] });
  const stringEquals: Record<string, string> = {};
  for (const statement of document.Statement) {
    const condition = (statement.Condition ?? {}) as Record<string, unknown>;
    const equals = condition.StringEquals as Record<string, unknown> | undefined;
    if (equals === undefined) continue;
    // A CfnJson (the condition keys hold the issuer token): its Value is a Fn::Join of JSON text and issuer intrinsics.
    const getAtt = equals['Fn::GetAtt'] as [string, string] | undefined;
    const value = getAtt ? resources[getAtt[0]].Properties.Value : equals;
    const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
    const text = join ? join[1].map((part) => typeof part === 'string' ? part : JSON.stringify(part) === issuer ? 'OIDC_ISSUER' : 'UNEXPECTED_INTRINSIC').join(join[0]) : JSON.stringify(value);
    Object.assign(stringEquals, JSON.parse(text));
  }
  return {
    statements: document.Statement.map((s) => ({ effect: String(s.Effect), actions: asArray(s.Action).map(String), principal: s.Principal, operators: Object.keys((s.Condition ?? {}) as object) })),
    stringEquals,
  };
}

/**
 * The object ARN prefix of an S3 location as the template shows it: `s3://${Bucket}/key` → `${Bucket.Arn}/key/` for a
 * bucket of the stack, `s3://${Parameter}/key` → `arn:aws:s3:::${Parameter}/key/` for a bucket read from a parameter.
 */
export function objectArnPrefix(location: string): string {
  const arn = location.startsWith('s3://${SsmParameterValue')
    ? location.replace(/^s3:\/\//, 'arn:aws:s3:::')
    : location.replace(/^s3:\/\/\$\{([A-Za-z0-9]+)\}\//, '${$1.Arn}/');
  return `${arn.replace(/\/$/, '')}/`;
}

/** Resources of the statements that read or write S3 objects. */
export function objectResourcesOf(statements: readonly ReadableStatement[]): string[] {
  return statements.filter((s) => s.actions.some((a) => /^s3:((Get|Put|Delete)Object|AbortMultipartUpload)/.test(a))).flatMap((s) => s.resources);
}

/** The values that start with none of the prefixes (expected: none). */
export function outsideOf(values: readonly string[], prefixes: readonly string[]): string[] {
  return values.filter((value) => !prefixes.some((prefix) => value.startsWith(prefix)));
}
