/**
 * cfn-lint (the CloudFormation linter, from PyPI) over every template the app synthesizes: each environment of
 * cdk.json, each flavor on its own, top-level and nested stack templates (`*.nested.template.json`) alike. The linter
 * lives in `.venv-cfn-lint/` (gitignored), created here on first use with the pinned version; its rule configuration
 * is `.cfnlintrc.yaml` (every ignored rule says why there). Prints the findings' counts by rule per environment and
 * flavor, then every error; exit code 1 on any error (warnings and informational findings are counted, not fatal).
 *
 *   npm run test:cfn-lint [-- --env prod] [--flavor managed]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addPipelineStacks } from '../lib/app/pipeline-app';
import { ENVIRONMENTS_CONTEXT_KEY } from '../lib/environment/load-environments';
import { ORDERS_PIPELINE } from '../lib/examples/orders-pipeline';
import { Flavor } from '../lib/flavor';

/** The pinned cfn-lint release (its bundled resource schemas are the ones the lint uses; see `updateSpecs`). */
export const CFN_LINT_VERSION = '1.58.0';

const ROOT = path.join(__dirname, '..');
const VENV = path.join(ROOT, '.venv-cfn-lint');
const CFN_LINT = path.join(VENV, 'bin', 'cfn-lint');
const NESTED_OR_TOP = /\.template\.json$/;

interface Finding {
  readonly Rule: { readonly Id: string };
  readonly Level: string;
  readonly Message: string;
  readonly Filename: string;
  readonly Location: { readonly Path?: ReadonlyArray<string | number> };
}

function run(command: string, args: readonly string[], options: { cwd?: string; allowFailure?: boolean; timeoutMs?: number } = {}): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd: options.cwd ?? ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: options.timeoutMs });
  const status = result.status ?? 1;
  if (status !== 0 && !options.allowFailure) throw new Error(`${command} ${args.join(' ')} exited ${status}: ${result.stderr || result.error?.message || ''}`.trim());
  return { status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** The venv with the pinned cfn-lint: created or re-pinned when its version is not `CFN_LINT_VERSION`. */
function ensureCfnLint(): void {
  const installed = fs.existsSync(CFN_LINT) ? run(CFN_LINT, ['--version'], { allowFailure: true }).stdout.trim() : '';
  if (installed === `cfn-lint ${CFN_LINT_VERSION}`) return;
  if (!fs.existsSync(path.join(VENV, 'bin', 'pip'))) run('python3', ['-m', 'venv', VENV]);
  run(path.join(VENV, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `cfn-lint==${CFN_LINT_VERSION}`]);
  console.log(`installed cfn-lint ${CFN_LINT_VERSION} into ${path.relative(ROOT, VENV)}`);
}

/**
 * `cfn-lint --update-specs` fetches the newest resource schemas from the resource-provider-enhanced-schemas releases
 * on GitHub (not PyPI). Where that host is unreachable the lint uses the schemas bundled with the pinned release and
 * says so; the pin is the way to newer schemas then.
 */
function updateSpecs(): string {
  const result = run(CFN_LINT, ['--update-specs'], { allowFailure: true, timeoutMs: 120_000 });
  if (result.status === 0) return 'resource schemas updated from resource-provider-enhanced-schemas (GitHub)';
  const line = result.stderr.split('\n').find((l) => /error|resolve|connect/i.test(l)) ?? `exit ${result.status}`;
  const reason = line.replace(/^.* - ERROR - /, '').trim();
  return `resource schemas: the ones bundled with cfn-lint ${CFN_LINT_VERSION} (--update-specs failed: ${reason.slice(0, 160)})`;
}

/**
 * A resource budget per stack small enough that the example pipeline's jobs, topics and tables spill into nested
 * stacks (`ResourceShards`), as a large pipeline's do at the default budget: the nested templates get linted too.
 */
const SPILLING_RESOURCES_PER_STACK = 20;

/** Synthesizes one environment and flavor into `outdir` and returns its templates (nested ones included). */
function synthesize(env: string, flavor: Flavor, outdir: string, resourcesPerStack?: number): string[] {
  const context = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).context as Record<string, unknown>;
  const app = new App({ context: { ...context, env, flavor: flavor.id }, outdir, builtinCloudFormationValidation: false });
  addPipelineStacks(app, ORDERS_PIPELINE, { resourcesPerStack });
  app.synth();
  return fs.readdirSync(outdir).filter((f) => NESTED_OR_TOP.test(f)).sort().map((f) => path.join(outdir, f));
}

function lint(templates: readonly string[]): Finding[] {
  const result = run(CFN_LINT, ['--format', 'json', '--config-file', path.join(ROOT, '.cfnlintrc.yaml'), '--', ...templates], { allowFailure: true });
  // Exit codes are a bit mask of the levels found (2 error, 4 warning, 8 informational); 1 is cfn-lint's own failure.
  if (result.status === 1 || result.stdout.trim() === '') {
    if (result.status === 0) return [];
    throw new Error(`cfn-lint failed (exit ${result.status}): ${result.stderr.trim()}`);
  }
  return JSON.parse(result.stdout) as Finding[];
}

function countsByRule(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.Rule.Id, (counts.get(f.Rule.Id) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([rule, n]) => `${rule}×${n}`).join(' ') || 'none';
}

function parseArgs(argv: readonly string[], environments: readonly string[]): { envs: string[]; flavors: Flavor[] } {
  let envs = [...environments];
  let flavors = [...Flavor.ALL];
  for (let i = 0; i < argv.length; i++) {
    const [arg, value] = [argv[i], argv[i + 1] ?? ''];
    if (arg === '--env' && environments.includes(value)) { envs = [value]; i++; } else if (arg === '--flavor' && Flavor.tryParse(value)) {
      flavors = [Flavor.tryParse(value) as Flavor]; i++;
    } else throw new Error(`unknown argument ${JSON.stringify(arg)} ${JSON.stringify(value)}: use --env ${environments.join('|')}, --flavor ${Flavor.ALL.map((f) => f.id).join('|')}`);
  }
  return { envs, flavors };
}

function main(): number {
  const context = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).context as Record<string, unknown>;
  const { envs, flavors } = parseArgs(process.argv.slice(2), Object.keys(context[ENVIRONMENTS_CONTEXT_KEY] as object));
  ensureCfnLint();
  console.log(`cfn-lint ${CFN_LINT_VERSION}; ${updateSpecs()}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lint-'));
  const errors: Finding[] = [];
  try {
    for (const env of envs) {
      for (const flavor of flavors) {
        const outdir = path.join(work, `${env}-${flavor.id}`);
        // The app as `cdk synth` gives it, plus the pipeline stack spilled into nested stacks.
        const templates = [...synthesize(env, flavor, outdir), ...synthesize(env, flavor, `${outdir}-nested`, SPILLING_RESOURCES_PER_STACK).filter((t) => t.endsWith('.nested.template.json'))];
        const findings = lint(templates);
        const nested = templates.filter((t) => t.endsWith('.nested.template.json')).length;
        console.log(`${env} ${flavor.id}: ${templates.length} templates (${nested} nested): ${countsByRule(findings)}`);
        errors.push(...findings.filter((f) => f.Level === 'Error').map((f) => ({ ...f, Filename: `${env} ${flavor.id} ${path.basename(f.Filename)}` })));
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  for (const e of errors) console.log(`error ${e.Rule.Id} ${e.Filename} ${(e.Location.Path ?? []).join('/')}: ${e.Message}`);
  console.log(errors.length === 0 ? 'cfn-lint: 0 errors' : `cfn-lint: ${errors.length} errors`);
  return errors.length === 0 ? 0 : 1;
}

process.exitCode = main();
