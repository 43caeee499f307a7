import { flinkJobResource } from '../plan/kubernetes-names';
import { isAutoscaled } from '../plan/job-autoscaling';
import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { DryRun } from './dry-run';
import { describeRequest } from './kube-api';
import { OperationError } from './operations';
import { batchRefusal, checkScale, savepointRequest, startPatches, stopPatch, mergePatch } from './self-hosted-actions';

/** The Flink configuration the renderer gives the job, as far as `scale` checks it (flink-configuration.ts). */
function plannedScaleLimits(plan: PipelinePlan, job: JobPlan): { autoscaled: boolean; min: string; max: string; slots: number } {
  const sizing = plan.sizing.jobs.find((j) => j.job === job.name);
  if (sizing === undefined) throw new OperationError(`the plan has no sizing for job ${job.name}`);
  return { autoscaled: isAutoscaled(job), min: String(job.parallelism.initial), max: String(job.parallelism.max), slots: sizing.selfHosted.slotsPerTaskManager };
}

/**
 * The self-hosted flavor's dry runs: the requests to the job's FlinkDeployment / FlinkSessionJob (named by
 * `flinkJobResource`) that the verbs send, from the plan. When it runs, a verb reads the object first and may find
 * nothing to do (already at that parallelism, already stopped).
 */
export const selfHostedDryRun: DryRun = {
  scale(plan, job, parallelism) {
    checkScale(job, parallelism, plannedScaleLimits(plan, job));
    return `dry run: would send\n${describeRequest(mergePatch(flinkJobResource(plan, job), { parallelism }))}`;
  },

  snapshot(plan, job) {
    return [
      'dry run: would send (to a RUNNING job; the platform\'s Flink operator 1.15 serves FlinkStateSnapshot resources — without them it bumps spec.job.savepointTriggerNonce instead)',
      describeRequest(savepointRequest(flinkJobResource(plan, job))),
    ].join('\n');
  },

  start(plan, job, from) {
    const resource = flinkJobResource(plan, job);
    if (job.mode.value === 'batch') throw batchRefusal(job, resource);
    const { first, restore } = startPatches(resource, job, from);
    return from === 'none'
      ? `dry run: would send\n${describeRequest(first)}\nthen, once the operator recorded the start:\n${describeRequest(restore)}`
      : `dry run: would send\n${describeRequest(first)}`;
  },

  stop(plan, job, from) {
    return `dry run: would send\n${describeRequest(stopPatch(flinkJobResource(plan, job), job, from))}`;
  },
};
