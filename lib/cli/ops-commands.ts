import { Clock } from '../clock';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { Flavor } from '../flavor';
import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { PriceTable } from '../pricing/price-table';
import { CliArguments, UsageError, stringOption } from './cli-arguments';
import { dryRunFor } from './dry-run';
import { ActionOptions, OperationError, PipelineOperations, StateChoice, findJob } from './operations';
import { verifyPipeline } from './verify';
import { verifyUnderLoad } from './verify-load';

/** The operations verbs (each also in `COMMAND_FLAGS`). */
export const OPERATION_VERBS = ['status', 'scale', 'snapshot', 'start', 'stop', 'topics', 'lag', 'verify'] as const;
export type OperationVerb = typeof OPERATION_VERBS[number];

export function isOperationVerb(word: string | undefined): word is OperationVerb {
  return (OPERATION_VERBS as readonly string[]).includes(word ?? '');
}

/** What an operations verb runs against: the plans of one flavor in one environment, and that flavor's operations. */
export interface OperationsTarget {
  readonly environment: PipelineEnvironment;
  readonly flavor: Flavor;
  readonly plans: readonly PipelinePlan[];
  readonly operations: PipelineOperations;
  readonly prices: PriceTable;
  /** The clock `operations` wait on; verify and the dry runs take their time from it too. */
  readonly clock: Clock;
}

/** A positive whole number option, or a UsageError naming the flag and the value. */
function positiveInteger(args: CliArguments, name: string, fallback?: number): number {
  const raw = args.options[name];
  if (raw === undefined && fallback !== undefined) return fallback;
  if (typeof raw !== 'string') throw new UsageError(`--${name} <whole number ≥ 1> is required`);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name}: ${JSON.stringify(raw)} is not a whole number ≥ 1`);
  return value;
}

function positiveNumber(args: CliArguments, name: string): number {
  const raw = stringOption(args, name, '');
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value) || value <= 0) throw new UsageError(`--${name}: ${JSON.stringify(raw)} is not a number > 0`);
  return value;
}

function stateChoice(args: CliArguments): StateChoice {
  const from = stringOption(args, 'from', 'latest');
  if (from === 'latest' || from === 'none') return from;
  throw new UsageError(`--from: ${JSON.stringify(from)} is not one of latest, none`);
}

/** The plans `--pipeline` selects (all when it is not given). */
function selectedPlans(args: CliArguments, plans: readonly PipelinePlan[]): readonly PipelinePlan[] {
  const name = args.options.pipeline;
  if (typeof name !== 'string') return plans;
  const chosen = plans.filter((p) => p.pipelineName === name);
  if (chosen.length === 0) throw new UsageError(`--pipeline: unknown pipeline ${JSON.stringify(name)}; known: ${plans.map((p) => p.pipelineName).join(', ')}`);
  return chosen;
}

/** The one plan holding the job `args.words[1]` names. */
function jobTarget(args: CliArguments, plans: readonly PipelinePlan[]): { plan: PipelinePlan; job: JobPlan } {
  const name = args.words[1];
  if (name === undefined) throw new UsageError(`${args.words[0] ?? ''}: give the job's name`);
  const holding = plans.filter((p) => p.jobs.some((j) => j.name === name));
  if (holding.length > 1) throw new UsageError(`job ${JSON.stringify(name)} is in pipelines ${holding.map((p) => p.pipelineName).join(', ')}: give --pipeline <name>`);
  const plan = holding[0];
  if (plan === undefined) {
    if (plans.length === 1 && plans[0] !== undefined) findJob(plans[0], name);
    throw new OperationError(`unknown job ${JSON.stringify(name)}: known jobs are ${plans.map((p) => `${p.pipelineName}: ${p.jobs.map((j) => j.name).join(', ')}`).join('; ')}`);
  }
  return { plan, job: findJob(plan, name) };
}

/** Runs one operations verb; returns what to print on stdout. Progress goes to `progress` (stderr in the CLI). */
export async function runOperation(verb: OperationVerb, args: CliArguments, target: OperationsTarget, progress: (line: string) => void): Promise<string> {
  const plans = selectedPlans(args, target.plans);
  const dryRun = args.options['dry-run'] === true;
  const options: ActionOptions = { wait: args.options['no-wait'] !== true, progress };
  // A changing verb's dry run is the plan's call, made without the flavor's operations: no credentials, no kubeconfig.
  const planned = dryRun ? dryRunFor(target.flavor) : undefined;
  const each = async (f: (plan: PipelinePlan) => Promise<string>): Promise<string> => {
    const parts: string[] = [];
    for (const plan of plans) parts.push(await f(plan));
    return parts.join('\n\n');
  };
  switch (verb) {
    case 'status': return each((plan) => target.operations.status(plan, target.prices));
    case 'topics': return each((plan) => target.operations.topics(plan));
    case 'lag': return each((plan) => target.operations.lag(plan));
    case 'verify': {
      if (args.options.load !== undefined) {
        const load = { mbPerSecond: positiveNumber(args, 'load'), minutes: positiveNumber(args, 'for'), dryRun, progress };
        return each((plan) => verifyUnderLoad(plan, target.flavor, target.environment, load, { operations: () => target.operations, prices: target.prices, clock: target.clock }));
      }
      const verify = { records: positiveInteger(args, 'records', 10), timeoutSeconds: positiveInteger(args, 'timeout', 300), dryRun, progress, clock: target.clock };
      return each((plan) => verifyPipeline(plan, target.flavor, target.environment, verify));
    }
    case 'scale': {
      const { plan, job } = jobTarget(args, plans);
      const parallelism = positiveInteger(args, 'parallelism');
      return planned ? planned.scale(plan, job, parallelism) : target.operations.scale(plan, job, parallelism, options);
    }
    case 'snapshot': {
      const { plan, job } = jobTarget(args, plans);
      return planned ? planned.snapshot(plan, job, new Date(target.clock.now())) : target.operations.snapshot(plan, job, options);
    }
    case 'start': {
      const { plan, job } = jobTarget(args, plans);
      return planned ? planned.start(plan, job, stateChoice(args)) : target.operations.start(plan, job, stateChoice(args), options);
    }
    case 'stop': {
      const { plan, job } = jobTarget(args, plans);
      return planned ? planned.stop(plan, job, stateChoice(args)) : target.operations.stop(plan, job, stateChoice(args), options);
    }
  }
}
