import { Flavor } from '../flavor';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { PipelinePlan } from '../plan/pipeline-plan';
import { OperationError } from './operations';

/** What `pipelines verify` was asked to do. */
export interface VerifyOptions {
  /** Sample records produced to each source topic. */
  readonly records: number;
  /** How long to wait for the records to reach the tables. */
  readonly timeoutSeconds: number;
  /** Print the records, topics and tables it would use, and contact nothing. */
  readonly dryRun: boolean;
  readonly progress: (line: string) => void;
}

/** Produces sample records to the pipeline's source topics and shows they reached its Iceberg tables (not built yet). */
export function verifyPipeline(_plan: PipelinePlan, _flavor: Flavor, _environment: PipelineEnvironment, _options: VerifyOptions): Promise<string> {
  return Promise.reject(new OperationError('verify: not built yet'));
}
