import { Flavor } from '../flavor';
import { PipelineValidationError, ValidationProblem, throwIfProblems } from '../validation/validation-problem';
import { PipelineEnvironment, PipelineEnvironmentConfig } from './pipeline-environment';

/** The context key in `cdk.json` that holds the environments. */
export const ENVIRONMENTS_CONTEXT_KEY = 'pipelines:environments';

/** Name of an environment's platform when `platform.name` is not set. */
export const DEFAULT_PLATFORM_NAME = 'data-platform';

const MSK_MODES = ['provisioned', 'serverless', 'express'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates one environment's raw context and applies its defaults.
 * Throws one PipelineValidationError listing every problem.
 */
export function resolveEnvironment(name: string, raw: unknown): PipelineEnvironment {
  const at = (field: string) => `environments.${name}.${field}`;
  const problems: ValidationProblem[] = [];
  if (!isRecord(raw)) {
    throw new PipelineValidationError(`environment "${name}"`, [{ path: `environments.${name}`, message: `must be an object, got ${JSON.stringify(raw)}`, fix: 'define account, region and availabilityZones' }]);
  }
  const config = raw as unknown as PipelineEnvironmentConfig;
  if (typeof config.account !== 'string' || !/^\d{12}$/.test(config.account)) {
    problems.push({ path: at('account'), message: `must be a 12-digit AWS account id, got ${JSON.stringify(config.account)}`, fix: 'set the account the environment deploys to' });
  }
  if (typeof config.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(config.region)) {
    problems.push({ path: at('region'), message: `must be an AWS region like "us-east-1", got ${JSON.stringify(config.region)}`, fix: 'set the region the environment deploys to' });
  }
  const azs = Array.isArray(config.availabilityZones) ? config.availabilityZones : [];
  const regionValid = problems.length === 0 || !problems.some((p) => p.path === at('region'));
  if (regionValid && (azs.length === 0 || azs.some((az) => typeof az !== 'string' || !az.startsWith(config.region)))) {
    problems.push({ path: at('availabilityZones'), message: `must list zones of region ${JSON.stringify(config.region)}, got ${JSON.stringify(config.availabilityZones)}`, fix: 'list 3 availability zones, e.g. ["us-east-1a", "us-east-1b", "us-east-1c"]' });
  }
  const production = config.production ?? true;
  if (typeof production !== 'boolean') {
    problems.push({ path: at('production'), message: `must be true or false, got ${JSON.stringify(config.production)}`, fix: 'write "production": true or false (absent means true)' });
  }
  const repeatedZone = azs.find((az, i) => azs.indexOf(az) !== i);
  if (repeatedZone !== undefined) {
    problems.push({ path: at('availabilityZones'), message: `lists ${JSON.stringify(repeatedZone)} more than once`, fix: 'list each availability zone once' });
  }
  const retainData = config.retainData ?? true;
  const replicationFactor = config.kafka?.replicationFactor ?? 3;
  const minInSyncReplicas = config.kafka?.minInSyncReplicas ?? 2;
  const natGateways = config.natGateways ?? azs.length;
  if (production && !retainData) {
    problems.push({ path: at('retainData'), message: 'is false in a production environment', fix: 'remove it (data is retained by default) or set "production": false' });
  }
  if (production && new Set(azs).size < 3) {
    problems.push({ path: at('availabilityZones'), message: `has ${new Set(azs).size} zone(s) in a production environment`, fix: 'use 3 availability zones so Kafka replicas and Flink survive a zone outage' });
  }
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) {
    problems.push({ path: at('kafka.replicationFactor'), message: `must be a whole number ≥ 1, got ${replicationFactor}`, fix: 'use 3 (1 only in dev)' });
  } else if (production && replicationFactor < 3) {
    problems.push({ path: at('kafka.replicationFactor'), message: `is ${replicationFactor} in a production environment`, fix: 'use 3: a broker loss must not lose acknowledged writes' });
  }
  if (!Number.isInteger(minInSyncReplicas) || minInSyncReplicas < 1 || minInSyncReplicas > replicationFactor) {
    problems.push({ path: at('kafka.minInSyncReplicas'), message: `must be a whole number from 1 to replicationFactor (${replicationFactor}), got ${minInSyncReplicas}`, fix: 'use replicationFactor − 1 (2 for 3 replicas)' });
  } else if (production && replicationFactor >= 3 && (minInSyncReplicas < 2 || minInSyncReplicas >= replicationFactor)) {
    problems.push({ path: at('kafka.minInSyncReplicas'), message: `is ${minInSyncReplicas} with replicationFactor ${replicationFactor} in a production environment`, fix: 'use at least 2 and less than replicationFactor, so writes survive one broker loss and stay available' });
  }
  if (!Number.isInteger(natGateways) || natGateways < 0 || natGateways > Math.max(azs.length, 1)) {
    problems.push({ path: at('natGateways'), message: `must be a whole number from 0 to ${azs.length}, got ${natGateways}`, fix: 'use one per availability zone, or 1 to save cost outside production' });
  }
  const mskMode = config.managed?.mskMode ?? 'provisioned';
  if (!MSK_MODES.includes(mskMode)) {
    problems.push({ path: at('managed.mskMode'), message: `must be one of ${MSK_MODES.join(', ')}, got ${JSON.stringify(mskMode)}`, fix: 'use "provisioned" (default), "serverless" (dev) or "express"' });
  }
  const alarmEmails: unknown = config.managed?.alarmEmails ?? [];
  if (!Array.isArray(alarmEmails)) {
    problems.push({ path: at('managed.alarmEmails'), message: `must be a list of e-mail addresses, got ${JSON.stringify(alarmEmails)}`, fix: 'write e.g. ["data-oncall@example.com"], or remove it' });
  } else {
    alarmEmails.forEach((email: unknown, i) => {
      if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
        problems.push({ path: at(`managed.alarmEmails[${i}]`), message: `is not an e-mail address: ${JSON.stringify(email)}`, fix: 'write an address like "data-oncall@example.com"' });
      }
    });
  }
  if (production && config.selfHosted?.kafkaPlainListener) {
    problems.push({ path: at('selfHosted.kafkaPlainListener'), message: 'is true in a production environment', fix: 'remove it: production clients use the TLS listener' });
  }
  const workloadScale = config.sizing?.workloadScale ?? 1;
  if (!(workloadScale > 0)) {
    problems.push({ path: at('sizing.workloadScale'), message: `must be > 0, got ${workloadScale}`, fix: 'use a fraction like 0.1 for a smaller environment, or remove it' });
  }
  const minPartitions = config.sizing?.minPartitions ?? 3;
  if (!Number.isInteger(minPartitions) || minPartitions < 1) {
    problems.push({ path: at('sizing.minPartitions'), message: `must be a whole number ≥ 1, got ${minPartitions}`, fix: 'use 3 (or remove it)' });
  }
  const platformName = config.platform?.name ?? DEFAULT_PLATFORM_NAME;
  if (typeof platformName !== 'string' || !/^[a-z][a-z0-9-]{0,23}$/.test(platformName) || platformName.endsWith('-')) {
    problems.push({ path: at('platform.name'), message: `must be 1–24 lower case letters, digits and "-" starting with a letter, got ${JSON.stringify(platformName)}`, fix: `use a short name like "${DEFAULT_PLATFORM_NAME}"` });
  }
  const headroom = config.platform?.headroom ?? 0;
  if (typeof headroom !== 'number' || !(headroom >= 0 && headroom <= 4)) {
    problems.push({ path: at('platform.headroom'), message: `must be a fraction from 0 to 4, got ${JSON.stringify(headroom)}`, fix: 'use e.g. 0.25 for 25 % spare capacity, or remove it' });
  }
  throwIfProblems(`environment "${name}"`, problems);
  return {
    name,
    account: config.account,
    region: config.region,
    availabilityZones: [...azs],
    production,
    retainData,
    natGateways,
    kafka: { replicationFactor, minInSyncReplicas },
    sizing: { ...config.sizing, workloadScale, minPartitions },
    platform: { name: platformName, headroom },
    selfHosted: { ...config.selfHosted },
    managed: { ...config.managed, mskMode: mskMode as PipelineEnvironment['managed']['mskMode'] },
  };
}

/** What the app was asked to synthesize. */
export interface Selection {
  readonly environment: PipelineEnvironment;
  readonly flavors: readonly Flavor[];
}

/**
 * Picks the environment and flavors from CDK context values (`-c env=… -c flavor=…`).
 * Unknown names fail with the list of known ones.
 */
export function selectDeployment(environments: unknown, envName: unknown, flavorName: unknown): Selection {
  const problems: ValidationProblem[] = [];
  if (!isRecord(environments) || Object.keys(environments).length === 0) {
    throw new PipelineValidationError('cdk.json', [{ path: `context["${ENVIRONMENTS_CONTEXT_KEY}"]`, message: 'is missing or empty', fix: 'define at least one environment (see README)' }]);
  }
  const known = Object.keys(environments);
  const env = typeof envName === 'string' ? envName : 'dev';
  if (!known.includes(env)) {
    problems.push({ path: 'context.env', message: `unknown environment ${JSON.stringify(env)}`, fix: `use one of: ${known.join(', ')}` });
  }
  const flavorId = typeof flavorName === 'string' ? flavorName : 'both';
  const flavors = flavorId === 'both' ? Flavor.ALL : [Flavor.tryParse(flavorId)].filter((f): f is Flavor => f !== undefined);
  if (flavors.length === 0) {
    problems.push({ path: 'context.flavor', message: `unknown flavor ${JSON.stringify(flavorId)}`, fix: `use one of: ${[...Flavor.ALL.map((f) => f.id), 'both'].join(', ')}` });
  }
  throwIfProblems('deployment selection', problems);
  return { environment: resolveEnvironment(env, environments[env]), flavors };
}
