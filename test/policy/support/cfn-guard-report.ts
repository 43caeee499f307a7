import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1, PolicyViolationBeta1, Validations } from 'aws-cdk-lib';
import { AddPipelineStacksOptions, addPipelineStacks } from '../../../lib/app/pipeline-app';
import { ORDERS_PIPELINE } from '../../../lib/examples/orders-pipeline';
import { PipelineStack } from '../../../lib/stacks/pipeline-stack';
import { PlatformStack } from '../../../lib/stacks/platform-stack';
import { testApp } from '../../support/test-app';
import { ReportedViolation } from './aws-solutions-report';
import { GUARD_PLUGIN } from '../../../constructs/common/guard-findings';
import { withNestedTemplates } from './nested-templates';

const GUARD_PACKAGE = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
const CONTROL_TOWER_RULES = path.join(GUARD_PACKAGE, 'rules', 'control-tower', 'cfn-guard');

/** Every Control Tower rule file of the package. */
export const CONTROL_TOWER_RULE_FILES: readonly string[] = fs.readdirSync(CONTROL_TOWER_RULES, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.guard')).map((f) => path.join(CONTROL_TOWER_RULES, f));

/**
 * The package's cfn-guard binary and Control Tower rules, with the JSON read here: the package's own result parser
 * (CfnGuardValidator 0.0.62) throws `Cannot read properties of undefined (reading 'to')` on the disjunction checks
 * guard reports for values it cannot resolve (a `Ref` to an SSM parameter as log bucket or KMS key, as every pipeline
 * stack has), which fails the whole synth. The plugin name is the package's, so acknowledgement ids
 * (`cdk-validator-cfnguard::<rule>`) are the ones its plugin reports.
 */
export class ControlTowerGuardRules implements IPolicyValidationPluginBeta1 {
  public readonly name = GUARD_PLUGIN;

  constructor(private readonly ruleFiles: readonly string[]) {}

  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const binary = path.join(GUARD_PACKAGE, 'bin', 'ubuntu', process.arch === 'arm64' ? 'aarch64' : 'x86_64', 'cfn-guard');
    const args = ['validate', ...this.ruleFiles.flatMap((r) => ['--rules', r]), ...context.templatePaths.flatMap((t) => ['--data', t]), '--output-format', 'json', '--show-summary', 'none', '--structured'];
    let output: string;
    try {
      output = execFileSync(binary, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    } catch (e) {
      // cfn-guard exits 19 when a rule fails; its report is still on stdout.
      output = String((e as { stdout?: string }).stdout ?? '');
    }
    const violations: PolicyViolationBeta1[] = [];
    for (const result of JSON.parse(output) as Array<{ name: string; not_compliant?: unknown[] }>) {
      for (const entry of result.not_compliant ?? []) {
        const text = JSON.stringify(entry);
        const ruleName = (entry as { Rule?: { name?: string } }).Rule?.name ?? 'unknown';
        const message = /"custom_message":"((?:[^"\\]|\\.)+)"/.exec(text)?.[1].replace(/\\n/g, ' ').trim() ?? ruleName;
        const ids = [...new Set([...text.matchAll(/"\/Resources\/([^/"]+)/g)].map((m) => m[1]))];
        violations.push({ ruleName, description: message, severity: 'error', violatingResources: ids.map((id) => ({ resourceLogicalId: id, templatePath: result.name, locations: [`/Resources/${id}`] })) });
      }
    }
    return { success: violations.length === 0, violations };
  }
}

/** The example's platform and pipeline stacks of one environment (both flavors), checked with the Control Tower rules. */
export interface GuardCheckedApp {
  readonly app: App;
  readonly stacks: ReadonlyArray<PipelineStack | PlatformStack>;
  readonly synthError?: Error;
  readonly violations: readonly ReportedViolation[];
  readonly acknowledged: readonly ReportedViolation[];
}

/**
 * Synthesizes once with the Control Tower rules of cdk-validator-cfnguard (all of them), over the top-level and the
 * nested stacks' templates, and reads the report.
 */
export function guardCheckedApp(env: string, change: (stacks: ReadonlyArray<PipelineStack | PlatformStack>) => void = () => undefined, options: AddPipelineStacksOptions = {}): GuardCheckedApp {
  const app = testApp({ env, flavor: 'both' });
  const { stacks } = addPipelineStacks(app, ORDERS_PIPELINE, options);
  change(stacks);
  Validations.of(app).addPlugins(withNestedTemplates(new ControlTowerGuardRules(CONTROL_TOWER_RULE_FILES)));
  let synthError: Error | undefined;
  try {
    app.synth();
  } catch (e) {
    synthError = e instanceof Error ? e : new Error(String(e));
  }
  const report: { pluginReports: Array<{ pluginName: string; violations: ReportedViolation[]; suppressedViolations?: ReportedViolation[] }> } =
    JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
  const plugins = report.pluginReports.filter((p) => p.pluginName === GUARD_PLUGIN);
  return {
    app,
    stacks,
    synthError,
    violations: plugins.flatMap((p) => p.violations),
    acknowledged: plugins.flatMap((p) => p.suppressedViolations ?? []),
  };
}

/** `<rule> at <construct path>` for each violating construct, sorted. */
export function guardFindings(violations: readonly ReportedViolation[]): string[] {
  return violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`)).sort();
}
