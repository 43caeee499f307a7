import { PipelineDefinition } from '../../../lib/definition/pipeline-definition';
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AddPipelineStacksOptions, addPipelineStacks } from '../../../lib/app/pipeline-app';
import { ORDERS_PIPELINE } from '../../../lib/examples/orders-pipeline';
import { ManagedPipelineStack } from '../../../lib/stacks/managed-pipeline-stack';
import { PipelineStack } from '../../../lib/stacks/pipeline-stack';
import { PlatformStack } from '../../../lib/stacks/platform-stack';
import { SelfHostedPipelineStack } from '../../../lib/stacks/self-hosted-pipeline-stack';
import { testApp } from '../../support/test-app';

/** A violation as the app's validation report (`validation-report.json`) lists it. */
export interface ReportedViolation {
  readonly ruleName: string;
  readonly severity: string;
  readonly violatingConstructs: ReadonlyArray<{ readonly constructPath: string }>;
  /** Set on acknowledged (suppressed) violations. */
  readonly acknowledgedId?: string;
  readonly acknowledgedAt?: string;
  readonly reason?: string;
}

interface ValidationReport {
  readonly pluginReports: ReadonlyArray<{
    readonly pluginName: string;
    readonly violations: readonly ReportedViolation[];
    readonly suppressedViolations?: readonly ReportedViolation[];
  }>;
}

/** An acknowledgement recorded in the construct tree. */
export interface RecordedAcknowledgement {
  readonly id: string;
  readonly path: string;
  readonly reason: string;
}

/** The example pipeline's stacks of one environment (both flavors), synthesized with the AwsSolutions checks. */
export interface CheckedApp {
  readonly app: App;
  /** Platform and pipeline stacks. */
  readonly stacks: ReadonlyArray<PipelineStack | PlatformStack>;
  /** The error `app.synth()` threw (unacknowledged errors fail synthesis), if any. */
  readonly synthError?: Error;
  /** Violations nobody acknowledged. */
  readonly violations: readonly ReportedViolation[];
  /** Violations acknowledged, with the acknowledgement's id, place and reason. */
  readonly acknowledged: readonly ReportedViolation[];
}

/**
 * Stack layouts the checks run on: the default one (the example fits in its pipeline stacks), and every job, topic and
 * table in a nested stack of its own (`resourcesPerStack: 1`), as large pipelines place them.
 */
export const LAYOUTS: Readonly<Record<'top-level' | 'nested', AddPipelineStacksOptions>> = { 'top-level': {}, nested: { resourcesPerStack: 1 } };

/**
 * Adds the example pipeline's stacks for `env` (both flavors) to a test app, lets `change` alter them, registers
 * AwsSolutionsChecks and synthesizes once, keeping the error synthesis throws and the report it writes. cdk-nag 3
 * walks the app's construct tree, nested stacks included.
 */
export function checkedApp(env: string, change: (stacks: ReadonlyArray<PipelineStack | PlatformStack>) => void = () => undefined, definition: PipelineDefinition = ORDERS_PIPELINE, options: AddPipelineStacksOptions = {}): CheckedApp {
  const app = testApp({ env, flavor: 'both' });
  const { stacks } = addPipelineStacks(app, definition, options);
  change(stacks);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let synthError: Error | undefined;
  try {
    app.synth();
  } catch (e) {
    synthError = e instanceof Error ? e : new Error(String(e));
  }
  const report: ValidationReport = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
  const plugin = report.pluginReports.filter((p) => p.pluginName === 'AwsSolutions');
  return {
    app,
    stacks,
    synthError,
    violations: plugin.flatMap((p) => p.violations),
    acknowledged: plugin.flatMap((p) => p.suppressedViolations ?? []),
  };
}

/** `<rule> at <construct path>` for each violating construct (of one stack, when given), sorted. */
export function findingsAt(violations: readonly ReportedViolation[], stackName?: string): string[] {
  return violations
    .filter((v) => v.severity === 'error')
    .flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`))
    .filter((line) => stackName === undefined || line.includes(` at ${stackName}/`))
    .sort();
}

/** `<rule> at <construct path>` for each violating construct under one construct path (a stack), any severity. */
export function constructFindings(violations: readonly ReportedViolation[], under: string): string[] {
  return violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`)).filter((line) => line.includes(` at ${under}/`));
}

/** Construct paths of the nested stacks of an app. */
export function nestedStackPaths(app: App): string[] {
  return app.node.findAll().filter((c) => Stack.isStack(c) && c.nested).map((c) => c.node.path);
}

/** Every acknowledgement recorded in the app's construct tree. */
export function recordedAcknowledgements(app: App): RecordedAcknowledgement[] {
  return app.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, path: c.node.path, reason }))));
}

/** A job's IAM role in one of the flavor stacks. */
export interface JobRole {
  readonly stack: PipelineStack;
  readonly job: string;
  readonly role: iam.Role;
}

/** The job roles of both flavors: MSF service roles and the self-hosted jobs' IRSA roles. */
export function jobRoles(stacks: ReadonlyArray<PipelineStack | PlatformStack>): JobRole[] {
  return stacks.filter((s): s is PipelineStack => s instanceof PipelineStack).flatMap((stack): JobRole[] => {
    if (stack instanceof ManagedPipelineStack) {
      return [...stack.pipeline.applications].map(([job, application]) => ({ stack, job, role: application.role }));
    }
    if (stack instanceof SelfHostedPipelineStack) return stack.pipeline.jobs.map((j) => ({ stack, job: j.job.name, role: j.role.role }));
    return [];
  });
}

/** An IAM statement as synthesized. */
export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** The statements of every AWS::IAM::Policy attached to the role, from the synthesized template. */
export function statementsOf(app: App, { stack, role }: JobRole): Statement[] {
  const template = JSON.parse(fs.readFileSync(path.join(app.outdir, stack.templateFile), 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  const roleId = stack.getLogicalId(role.node.defaultChild as iam.CfnRole);
  return Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"Ref":"${roleId}"`))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** A statement's actions as a list. */
export function actionsOf(statement: Statement): string[] {
  return typeof statement.Action === 'string' ? [statement.Action] : statement.Action;
}

/** A statement's resources as a list. */
export function resourcesOf(statement: Statement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}
