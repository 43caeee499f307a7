import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { handlerLogGroup } from './log-group-encryption';
import { logWriterRole } from './log-writer-role';
import { AwsSolutionsFinding, acknowledgeFindings } from './aws-solutions-findings';
import { GuardRule, acknowledgeGuardRules } from './guard-findings';

/** Ids aws-cdk-lib gives the provider framework's own functions and waiter state machine. */
const WAITER_INVOKED_FUNCTIONS = ['framework-isComplete', 'framework-onTimeout'];
const WAITER_STATE_MACHINE = 'waiter-state-machine';

/** Ids of the framework roles providerFrameworkRoles makes beside the provider. */
const OWN_ROLE_IDS = ['FrameworkOnEventRole', 'FrameworkCompleteRole'] as const;

/** The provider framework's own log group and roles, to spread into `cr.Provider` props. */
export type ProviderFrameworkRoles = Pick<cr.ProviderProps, 'logGroup' | 'frameworkOnEventRole' | 'frameworkCompleteAndTimeoutRole'>;

/**
 * A log group and execution roles of our own for a provider framework's functions, instead of the roles it would
 * create with AWSLambdaBasicExecutionRole (every log group of the account): each role may write that one log group,
 * and the framework adds only the invocations of its handlers. `waits` adds the isComplete/onTimeout role;
 * `logEncryptionKey` (the platform key) encrypts the log group.
 */
export function providerFrameworkRoles(scope: Construct, options: { readonly waits: boolean; readonly logEncryptionKey?: kms.IKey }): ProviderFrameworkRoles {
  const logGroup = handlerLogGroup(scope, 'FrameworkLogs', options.logEncryptionKey,
    'The provider framework logs custom-resource events (request ids and statuses), no data');
  const role = (id: (typeof OWN_ROLE_IDS)[number], does: string) => logWriterRole(scope, id, logGroup, `Custom-resource provider framework (${does}): writes its own log group, invokes its handler`);
  return {
    logGroup,
    frameworkOnEventRole: role('FrameworkOnEventRole', 'onEvent'),
    ...(options.waits ? { frameworkCompleteAndTimeoutRole: role('FrameworkCompleteRole', 'isComplete and onTimeout') } : {}),
  };
}

/**
 * Acknowledges the AwsSolutions findings of aws-cdk-lib's custom-resource provider framework (`cr.Provider`), whose
 * functions, roles and waiter state machine the framework builds and does not let us configure: the managed policies
 * of its roles, its invocations of function versions (`<function ARN>:*`), and its waiter's logging and tracing.
 * Only findings of the provider's own resources are acknowledged; the handlers' roles are checked like any other.
 */
export function acknowledgeProviderFramework(provider: cr.Provider): void {
  const frameworkFunctions = provider.node.children.filter((c): c is lambda.Function => c instanceof lambda.Function);
  acknowledgeFindings(provider,
    'aws-cdk-lib\'s provider framework creates its functions\' roles with AWSLambdaBasicExecutionRole (CloudWatch Logs '
    + 'only) and, for functions in a VPC, AWSLambdaVPCAccessExecutionRole (their network interfaces).',
    frameworkFunctions.flatMap((fn) => (fn.role ? AwsSolutionsFinding.managedPoliciesOf(fn.role) : [])));
  const handlers = [provider.onEventHandler, ...(provider.isCompleteHandler ? [provider.isCompleteHandler] : [])];
  // The invocation grants sit on the framework's roles: ours (providerFrameworkRoles, beside the provider) or its own.
  const ownRoles = OWN_ROLE_IDS.map((id) => provider.node.scope?.node.tryFindChild(id)).filter((c): c is iam.Role => c instanceof iam.Role);
  for (const holder of ownRoles.length > 0 ? ownRoles : [provider]) {
    acknowledgeFindings(holder,
      'The provider framework may invoke any version or alias of the handler it fronts (`<function ARN>:*`): the wildcard '
      + 'is only the qualifier of that one function.',
      handlers.map((fn) => AwsSolutionsFinding.wildcardResource(provider, `${fn.functionArn}:*`)));
  }
  for (const fn of frameworkFunctions) {
    acknowledgeGuardRules(fn, 'aws-cdk-lib\'s provider framework function: it only relays custom-resource events to our '
      + 'handler and polls it, at deploy time; it reads no pipeline data and needs no network interfaces in the VPC.', [GuardRule.LAMBDA_IN_VPC]);
  }
  const waiter = provider.node.tryFindChild(WAITER_STATE_MACHINE);
  if (waiter === undefined) return;
  acknowledgeGuardRules(waiter, 'aws-cdk-lib\'s provider framework waiter: it only loops over the isComplete handler, '
    + 'whose every call is logged; the framework offers no X-Ray setting, and execution logging would need log-delivery '
    + 'permissions on "*".', [GuardRule.STATE_MACHINE_LOGGING, GuardRule.STATE_MACHINE_TRACING]);
  acknowledgeFindings(provider,
    'The waiter state machine may invoke any version or alias of the framework\'s own isComplete and onTimeout '
    + 'functions (`<function ARN>:*`): the wildcard is only the qualifier of those two functions.',
    frameworkFunctions
      .filter((fn) => WAITER_INVOKED_FUNCTIONS.includes(fn.node.id))
      .map((fn) => AwsSolutionsFinding.wildcardResource(provider, `${fn.functionArn}:*`)));
  acknowledgeFindings(provider,
    'The waiter state machine only loops over the isComplete handler, whose every call logs to its CloudWatch log '
    + 'group, and its outcome is the custom resource\'s status; the framework keeps execution logging off (turning it '
    + 'on needs log-delivery permissions on "*").',
    [AwsSolutionsFinding.rule('SF1')]);
  acknowledgeFindings(provider,
    'aws-cdk-lib\'s provider framework has no X-Ray setting for its waiter state machine; each poll is a logged call '
    + 'of the isComplete handler.',
    [AwsSolutionsFinding.rule('SF2')]);
}
