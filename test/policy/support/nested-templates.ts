import * as path from 'path';
import { IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The top-level stack a (nested) stack belongs to. */
function rootStackOf(stack: Stack): Stack {
  let current = stack;
  while (current.nestedStackParent !== undefined) current = current.nestedStackParent;
  return current;
}

/**
 * The template files of every nested stack (at any depth) of the stacks a validation plugin is given. CDK hands
 * plugins only the top-level templates (`context.templatePaths`); a nested stack's template is an asset of its
 * top-level stack, written beside that stack's template under the nested stack's `templateFile` name.
 */
export function nestedTemplatePaths(context: IPolicyValidationContextBeta1): string[] {
  const topLevel = new Map(context.templatePaths.map((t) => [path.basename(t), t]));
  return context.appConstruct.node.findAll()
    .filter((c: IConstruct): c is Stack => Stack.isStack(c) && c.nested)
    .flatMap((nested) => {
      const root = topLevel.get(rootStackOf(nested).templateFile);
      return root === undefined ? [] : [path.join(path.dirname(root), nested.templateFile)];
    });
}

/**
 * A plugin that works on template files (cfn-guard), run over the nested stacks' templates too. Violations keep the
 * nested template's path, from which CDK finds the construct (and so the acknowledgements that apply); the plugin's
 * name stays the inner one, so acknowledgement ids do not change.
 */
export function withNestedTemplates(inner: IPolicyValidationPluginBeta1): IPolicyValidationPluginBeta1 {
  return {
    name: inner.name,
    version: inner.version,
    ruleIds: inner.ruleIds,
    validate: (context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 =>
      inner.validate({ ...context, templatePaths: [...context.templatePaths, ...nestedTemplatePaths(context)] }),
  };
}
