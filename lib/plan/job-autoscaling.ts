import { JobPlan } from './pipeline-plan';

/**
 * Whether a job is autoscaled on either flavor: a streaming job whose cost control is `autoscaled` runs the Flink
 * autoscaler (self-hosted) or MSF autoscaling (managed); batch runs keep their planned parallelism.
 */
export function isAutoscaled(job: JobPlan): boolean {
  return job.mode.value === 'streaming' && job.costControl.mode === 'autoscaled';
}
