import { CfnResource, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/** Name of cdk-nag's AwsSolutions pack as a validation plugin: it qualifies acknowledged ids. */
export const AWS_SOLUTIONS_PLUGIN = 'AwsSolutions';

/**
 * One finding of cdk-nag's AwsSolutions pack, by the id the validation report gives it: a rule reported once per
 * resource (`AwsSolutions-L1`) or one finding of a rule that reports several per resource
 * (`AwsSolutions-IAM5[Action::s3:List*]`). Acknowledging a granular finding leaves every other one of the same rule
 * failing: a new wildcard on an acknowledged role is still an error.
 */
export class AwsSolutionsFinding {
  /** A rule reported once per resource, e.g. `AwsSolutionsFinding.rule('L1')`. */
  public static rule(rule: string): AwsSolutionsFinding {
    return AwsSolutionsFinding.fixed(`AwsSolutions-${rule}`);
  }

  /** IAM4: the AWS managed policy `policyName` (e.g. `service-role/AWSLambdaBasicExecutionRole`) attached to a role. */
  public static managedPolicy(scope: IConstruct, policyName: string): AwsSolutionsFinding {
    const arn = iam.ManagedPolicy.fromAwsManagedPolicyName(policyName).managedPolicyArn;
    return AwsSolutionsFinding.fixed(`AwsSolutions-IAM4[Policy::${flattenReference(Stack.of(scope).resolve(arn))}]`);
  }

  /** IAM4: every AWS managed policy the role has at the time of the call (for roles aws-cdk-lib builds and owns). */
  public static managedPoliciesOf(role: iam.IRole): AwsSolutionsFinding[] {
    const cfn = role.node.defaultChild;
    if (!(cfn instanceof iam.CfnRole)) return [];
    const arns: unknown = Stack.of(role).resolve(cfn.managedPolicyArns) ?? [];
    return (Array.isArray(arns) ? arns : [])
      .map((arn) => flattenReference(arn))
      .filter((arn) => arn.includes(':iam::aws:'))
      .map((arn) => AwsSolutionsFinding.fixed(`AwsSolutions-IAM4[Policy::${arn}]`));
  }

  /** IAM5: an action with a wildcard, e.g. `kms:GenerateDataKey*`. */
  public static wildcardAction(action: string): AwsSolutionsFinding {
    return AwsSolutionsFinding.fixed(`AwsSolutions-IAM5[Action::${action}]`);
  }

  /**
   * IAM5: a resource with a wildcard, given as the ARN (token) the policy statement holds; references are written as
   * the report writes them (`<WarehouseBucket1234.Arn>/warehouse/db/table/*`), as the stack that holds the policy
   * sees them: in a nested stack, a reference to its parent's resource is a parameter of the nested stack
   * (`<referencetoParentWarehouseBucket1234ArnRef>`), which CDK only creates when it prepares the app for synthesis.
   */
  public static wildcardResource(scope: IConstruct, resourceArn: string): AwsSolutionsFinding {
    return new AwsSolutionsFinding((where = scope) => `AwsSolutions-IAM5[Resource::${flattenReference(Stack.of(where).resolve(resourceArn))}]`, Token.isUnresolved(resourceArn));
  }

  private static fixed(id: string): AwsSolutionsFinding {
    return new AwsSolutionsFinding(() => id, false);
  }

  private constructor(
    private readonly render: (where?: IConstruct) => string,
    /** Whether the id holds references, which read differently in a nested stack once the app is prepared. */
    public readonly hasReferences: boolean,
  ) {}

  /** The finding's id in the validation report, e.g. `AwsSolutions-IAM5[Resource::*]`, as the finding's scope reads it. */
  public get id(): string {
    return this.render();
  }

  /** The id as reported for a resource under `where`: references read as the stack of `where` synthesizes them. */
  public idAt(where: IConstruct): string {
    return this.render(where);
  }

  public toString(): string {
    return this.id;
  }
}

/**
 * Acknowledges AwsSolutions findings of `scope` and every construct under it, with the reason they are accepted. The
 * acknowledgements are recorded in the construct tree and listed, with their reason, in the app's validation report.
 *
 * A finding that names references (a wildcard under a bucket's ARN) is recorded once the app is prepared for
 * synthesis (a construct validation runs after that, before validation plugins do): only then does a reference read
 * as the stack of `scope` synthesizes it, a parameter when `scope` sits in a nested stack and the resource in its parent.
 */
export function acknowledgeFindings(scope: IConstruct, reason: string, findings: readonly AwsSolutionsFinding[]): void {
  if (reason.trim() === '') throw new Error(`${scope.node.path}: acknowledging ${findings.join(', ')} needs a reason`);
  const acknowledge = (list: readonly AwsSolutionsFinding[]) => {
    for (const finding of list) Validations.of(scope).acknowledge({ id: `${AWS_SOLUTIONS_PLUGIN}::${finding.idAt(scope)}`, reason });
  };
  acknowledge(findings.filter((f) => !f.hasReferences));
  const deferred = findings.filter((f) => f.hasReferences);
  if (deferred.length === 0) return;
  let recorded = false;
  scope.node.addValidation({
    validate: () => {
      // Once per construct, however often the app is synthesized.
      if (!recorded) acknowledge(deferred);
      recorded = true;
      return [];
    },
  });
}

/** The principal's construct when it is one of this app (a role made here), to acknowledge findings of its policies. */
export function principalConstruct(grantee: iam.IGrantable): IConstruct | undefined {
  const principal: unknown = grantee.grantPrincipal;
  return principal instanceof iam.Role || principal instanceof CfnResource ? principal : undefined;
}

/**
 * A resolved CloudFormation value as one string, the way AwsSolutions findings name resources: `Fn::Join` joined,
 * `Fn::GetAtt` as `<LogicalId.Attribute>`, `Ref` as `<LogicalId>`, `${x}` of `Fn::Sub` as `<x>`; anything else as JSON.
 */
function flattenReference(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const fn = value as Record<string, unknown>;
    const join = fn['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return join[1].map((part: unknown) => flattenReference(part)).join(join[0]);
    }
    const getAtt = fn['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${flattenReference(getAtt[0])}.${flattenReference(getAtt[1])}>`;
    if ('Ref' in fn) return `<${flattenReference(fn.Ref)}>`;
    if ('Fn::Sub' in fn) return flattenReference(fn['Fn::Sub']);
    if ('Fn::ImportValue' in fn) return flattenReference(fn['Fn::ImportValue']);
  }
  return JSON.stringify(value);
}
