import { PipelineEnvironment } from '../environment/pipeline-environment';
import { Flavor } from '../flavor';
import { PlatformNames } from './platform-plan';

/** Root of every SSM parameter a platform publishes. */
export const PLATFORM_PARAMETER_ROOT = '/event-pipelines';

/**
 * Names of an environment's platform, derived from `platform.name` and the environment name only, so a pipeline in
 * another CDK app finds the platform by name without seeing its definition.
 */
export function platformNames(environment: PipelineEnvironment): PlatformNames {
  const name = environment.platform.name;
  const prefix = `${name}-${environment.name}`;
  return {
    prefix,
    kafkaCluster: prefix,
    kafkaNamespace: 'kafka',
    eksCluster: `${prefix}-eks`,
    stackName: (flavor: Flavor) => `${prefix}-${flavor.id}`,
    parameterName: (flavor: Flavor, key: string) => `${PLATFORM_PARAMETER_ROOT}/${name}/${environment.name}/${flavor.id}/${key}`,
  };
}
