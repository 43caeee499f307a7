import { Flavor } from '../flavor';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { PipelinePlan } from '../plan/pipeline-plan';
import { OperationError } from './operations';

/** What `pipelines verify --load <MB/s> --for <minutes>` was asked to do. */
export interface LoadOptions {
  readonly mbPerSecond: number;
  readonly minutes: number;
  readonly dryRun: boolean;
  readonly progress: (line: string) => void;
}

/** Runs the pipeline's load generator at a rate for a time and reports the signals against the plan's sizing (not built yet). */
export function verifyUnderLoad(_plan: PipelinePlan, _flavor: Flavor, _environment: PipelineEnvironment, _options: LoadOptions): Promise<string> {
  return Promise.reject(new OperationError('verify --load: not built yet'));
}
