import * as fs from 'fs';
import * as path from 'path';
import { CfnOutput, CfnParameter, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CLOUDFORMATION_MAX_RESOURCES, stackResourceCount } from '../../constructs/common/resource-shards';
import { ValidationProblem, throwIfProblems } from '../validation/validation-problem';

/** CloudFormation's per-template quotas this project can reach. */
export const CLOUDFORMATION_LIMITS = { resources: CLOUDFORMATION_MAX_RESOURCES, parameters: 200, outputs: 200 } as const;

function countOwn(stack: Stack, is: (c: IConstruct) => boolean): number {
  let count = 0;
  const visit = (node: IConstruct) => {
    for (const child of node.node.children) {
      if (Stack.isStack(child) && child !== stack) continue;
      if (is(child)) count++;
      visit(child);
    }
  };
  visit(stack);
  return count;
}

/** Resources, parameters and outputs of one stack (its nested stacks count once, as a resource). */
export interface StackFigures {
  readonly stack: string;
  readonly resources: number;
  readonly parameters: number;
  readonly outputs: number;
}

/** The figures of every stack (top-level and nested) under a scope, for limits and reports. */
export function stackFigures(scope: IConstruct): StackFigures[] {
  return scope.node.findAll().filter((c): c is Stack => Stack.isStack(c)).map((stack) => ({
    stack: stack.node.path,
    resources: stackResourceCount(stack),
    parameters: countOwn(stack, (c) => c instanceof CfnParameter),
    outputs: countOwn(stack, (c) => c instanceof CfnOutput),
  }));
}

/**
 * Checks every stack under the scope against CloudFormation's quotas before synthesis, so a pipeline that is still
 * too large after sharding fails with one clear error instead of CDK's `TooManyResourcesInStack` or a failed deploy.
 */
export function checkStackLimits(scope: IConstruct): void {
  const problems: ValidationProblem[] = [];
  for (const figures of stackFigures(scope)) {
    for (const quota of ['resources', 'parameters', 'outputs'] as const) {
      if (figures[quota] > CLOUDFORMATION_LIMITS[quota]) {
        problems.push({
          path: `stacks["${figures.stack}"].${quota}`,
          message: `is ${figures[quota]}, over CloudFormation's limit of ${CLOUDFORMATION_LIMITS[quota]} per stack`,
          fix: quota === 'resources'
            ? 'lower resourcesPerStack so jobs spill into more nested stacks, or split the definition into several pipelines'
            : 'split the definition into several pipelines',
        });
      }
    }
  }
  throwIfProblems('CloudFormation limits', problems);
}

/** CloudFormation's largest template, uploaded through S3 as `cdk deploy` does: 1 MB. */
export const CLOUDFORMATION_MAX_TEMPLATE_BYTES = 1_000_000;

/** Every template file of a cloud assembly directory (top-level and nested) with its size in bytes. */
export function templateSizes(assemblyDirectory: string): Array<{ readonly file: string; readonly bytes: number }> {
  return fs.readdirSync(assemblyDirectory)
    .filter((f) => f.endsWith('.template.json'))
    .map((file) => ({ file, bytes: fs.statSync(path.join(assemblyDirectory, file)).size }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** Checks the synthesized templates against CloudFormation's template size limit, with one clear error. */
export function checkTemplateSizes(assemblyDirectory: string): void {
  throwIfProblems('CloudFormation limits', templateSizes(assemblyDirectory)
    .filter((t) => t.bytes > CLOUDFORMATION_MAX_TEMPLATE_BYTES)
    .map((t) => ({
      path: `templates["${t.file}"]`,
      message: `is ${t.bytes} bytes, over CloudFormation's limit of ${CLOUDFORMATION_MAX_TEMPLATE_BYTES} bytes`,
      fix: 'lower resourcesPerStack so jobs spill into more nested stacks, or split the definition into several pipelines',
    })));
}
