import { Flavor } from '../flavor';
import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { managedDryRun } from './managed-dry-run';
import { StateChoice } from './operations';
import { selfHostedDryRun } from './self-hosted-dry-run';

/**
 * What `--dry-run` prints for a changing verb: the exact call of the plan (managed: the SDK command and its input;
 * self-hosted: method, path and patch), computed from the plan alone. It contacts nothing, so it needs no AWS
 * credentials and no kubeconfig; what only the deployed job can tell (its status, MSF's application version) is named
 * as what the verb reads first when it runs. Refusals the plan decides (above the plan's max, an autoscaled job, a
 * batch job) are the verb's own, with the same message.
 */
export interface DryRun {
  scale(plan: PipelinePlan, job: JobPlan, parallelism: number): string;
  snapshot(plan: PipelinePlan, job: JobPlan, at: Date): string;
  start(plan: PipelinePlan, job: JobPlan, from: StateChoice): string;
  stop(plan: PipelinePlan, job: JobPlan, from: StateChoice): string;
}

/** The dry runs of a flavor. */
export function dryRunFor(flavor: Flavor): DryRun {
  return flavor.id === Flavor.MANAGED.id ? managedDryRun : selfHostedDryRun;
}
