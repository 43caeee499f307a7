import { PipelinePlan } from '../plan/pipeline-plan';
import { MANAGED_MAX_ATTEMPTS } from './managed-clients';
import { OperationError } from './operations';

/** What a changing verb was doing when AWS refused it (named in the one-line error). */
export interface ActionContext {
  /** The verb (`scale`, `start`, …). */
  readonly verb: string;
  readonly job: string;
  /** The application's status when it was last described. */
  readonly state: string;
}

/** Error names of AWS throttling (S3 answers `SlowDown`). */
const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'Throttling', 'SlowDown']);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The failures every AWS call of the CLI may meet, as one line each: an `OperationError` as it is, no credentials,
 * throttling that outlasted the SDK's retries. Anything else returns (for the caller's own cases).
 */
export function throwIfCommonAwsError(error: unknown): void {
  if (error instanceof OperationError) throw error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'CredentialsProviderError') {
    throw new OperationError('no AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or log in with `aws sso login`)');
  }
  if (THROTTLING.has(name)) {
    throw new OperationError(`AWS throttled the request after ${MANAGED_MAX_ATTEMPTS} attempts with backoff: try again later`);
  }
}

/**
 * Turns the SDK's failures into one `OperationError` line each, naming what failed and the fix; anything else is
 * rethrown unchanged (the CLI prints its message; `--debug` its stack).
 */
export function explainAwsError(error: unknown, plan: PipelinePlan, action?: ActionContext): never {
  throwIfCommonAwsError(error);
  const name = error instanceof Error ? error.name : '';
  const message = messageOf(error);
  if (name === 'ResourceNotFoundException') {
    throw new OperationError(`pipeline ${plan.pipelineName} is not deployed in environment ${plan.environment.name} (${plan.environment.region}): ${message}`);
  }
  if (action !== undefined) {
    const what = `${action.verb} ${action.job}: MSF refused it (${name}) while the application is ${action.state}: ${message}`;
    if (name === 'ResourceInUseException' || name === 'ConcurrentModificationException') {
      throw new OperationError(`${what} — another operation is under way; wait until \`pipelines status\` shows the job RUNNING or READY, then run it again`);
    }
    if (name === 'InvalidApplicationConfigurationException' || name === 'InvalidRequestException') {
      throw new OperationError(`${what} — fix the application's configuration (deploy the pipeline stack again) or its state first (\`pipelines status\`)`);
    }
    if (name === 'LimitExceededException') {
      throw new OperationError(`${what} — a service quota is reached (KPUs per application, or snapshots per application: delete old ones with DeleteApplicationSnapshot); request a Service Quotas increase or ask for less`);
    }
    if (name === 'InvalidArgumentException' || name === 'UnsupportedOperationException') {
      throw new OperationError(`${what}`);
    }
  }
  throw error;
}
