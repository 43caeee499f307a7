import { Flavor } from '../../../lib/flavor';
import { JobPlan, PipelinePlan } from '../../../lib/plan/pipeline-plan';
import { JobSizing } from '../../../lib/sizing/sizing-plan';
import { examplePlan } from '../../support/test-app';

/** A job of a plan with its self-hosted sizing: what the Flink charts are rendered from. */
export interface SizedJob {
  readonly job: JobPlan;
  readonly sizing: JobSizing['selfHosted'];
}

/** The example pipeline's plan in prod, resolved for the self-hosted flavor only. */
export const PROD_PLAN: PipelinePlan = examplePlan('prod', [Flavor.SELF_HOSTED]);

/** A job of the plan (the example has `orders-to-lake`, streaming, and `customers-nightly`, batch) with its sizing. */
export function sizedJob(name: string, plan: PipelinePlan = PROD_PLAN): SizedJob {
  const job = plan.jobs.find((j) => j.name === name);
  const sizing = plan.sizing.jobs.find((s) => s.job === name)?.selfHosted;
  if (!job || !sizing) throw new Error(`no job "${name}" in the plan of ${plan.pipelineName}`);
  return { job, sizing };
}
