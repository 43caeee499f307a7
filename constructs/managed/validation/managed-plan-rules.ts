import { Duration } from 'aws-cdk-lib';
import { JobMode } from '../../../lib/definition/job-options';
import { PipelinePlan } from '../../../lib/plan/pipeline-plan';
import { PlatformPlan, platformNeedsTieredStorage } from '../../../lib/plan/platform-plan';
import { rawRetentionProblems } from './raw-retention-rules';
import { ValidationProblem } from '../../../lib/validation/validation-problem';
import { batchRunCron } from '../flink/batch-run-schedule';
import { MskBrokerType } from '../kafka/msk-broker-type';
import { MskKafkaVersion } from '../kafka/msk-kafka-version';
import { EXPRESS_FIXED_SERVER_PROPERTIES } from '../kafka/msk-server-properties';
import { validateProvisionedMsk } from './msk-cluster-rules';

/** What sizes an MSK cluster: a pipeline plan (its own share) or a platform plan (every pipeline's). */
export type KafkaSizedPlan = Pick<PipelinePlan, 'environment' | 'sizing' | 'kafka'>;

/** The MSK broker size the managed flavor runs, from the plan's sizing (Express mode maps to the Express family). */
export function mskBrokerTypeOf(plan: KafkaSizedPlan): MskBrokerType {
  const sized = plan.sizing.kafka.managed;
  if (plan.environment.managed.mskMode === 'express' && sized.instanceTypeSource === 'derived') {
    return MskBrokerType.of(sized.instanceType.replace(/^kafka\./, 'express.'));
  }
  return MskBrokerType.of(sized.instanceType);
}

/** The Kafka version of the managed flavor's provisioned cluster. */
export function mskKafkaVersionOf(plan: KafkaSizedPlan): MskKafkaVersion {
  const id = plan.environment.managed.kafkaVersion;
  return id === undefined ? MskKafkaVersion.DEFAULT : MskKafkaVersion.of(id);
}

/** Hours → a Duration (the plan prices batch runs in hours a day). */
export function batchRunWindow(hoursPerDay: number): Duration {
  return Duration.minutes(Math.max(1, Math.round(hoursPerDay * 60)));
}

function clusterProblems(plan: KafkaSizedPlan, tieredStorage: boolean): ValidationProblem[] {
  const env = plan.environment;
  const path = `environments.${env.name}.managed`;
  const mode = env.managed.mskMode ?? 'provisioned';
  if (mode === 'serverless') {
    return env.managed.brokerInstanceType === undefined ? [] : [{
      path: `${path}.brokerInstanceType`,
      message: `is "${env.managed.brokerInstanceType}" but MSK Serverless has no brokers to size`,
      fix: 'remove it, or use mskMode "provisioned" / "express"',
    }];
  }
  const sized = plan.sizing.kafka.managed;
  const brokerType = mskBrokerTypeOf(plan);
  return validateProvisionedMsk({
    path,
    kafkaVersion: mskKafkaVersionOf(plan),
    brokerType,
    brokersPerAz: sized.brokersPerZone,
    availabilityZones: env.availabilityZones.length,
    expressMode: mode === 'express',
    production: env.production,
    storagePerBrokerGiB: brokerType.isExpress ? undefined : sized.storagePerBrokerGiB,
    maxStoragePerBrokerGiB: env.managed.maxStoragePerBrokerGiB,
    serverProperties: plan.kafka.serverProperties,
    tieredStorage,
  });
}

function topicProblems(plan: PipelinePlan): ValidationProblem[] {
  const mode = plan.environment.managed.mskMode ?? 'provisioned';
  const problems: ValidationProblem[] = [];
  plan.topics.forEach((topic, i) => {
    const path = `topics[${i}] (${JSON.stringify(topic.name)})`;
    if (mode === 'express' && topic.replicationFactor !== 3) {
      problems.push({ path: `${path}.replicationFactor`, message: `is ${topic.replicationFactor} but Express brokers only take 3`, fix: 'use kafka.replicationFactor 3 in the environment, or mskMode "provisioned"' });
    }
    const minIsr = topic.configs['min.insync.replicas'];
    if (mode === 'express' && minIsr !== undefined && minIsr !== EXPRESS_FIXED_SERVER_PROPERTIES['min.insync.replicas']) {
      problems.push({ path: `${path}.configs["min.insync.replicas"]`, message: `is ${minIsr} but Express brokers fix it at 2`, fix: 'use kafka.minInSyncReplicas 2 in the environment, or mskMode "provisioned"' });
    }
    if (mode === 'provisioned' && topic.replicationFactor > plan.sizing.kafka.managed.brokers) {
      problems.push({ path: `${path}.replicationFactor`, message: `is ${topic.replicationFactor}, more than the ${plan.sizing.kafka.managed.brokers} MSK brokers`, fix: 'lower the replication factor or add brokers (managed.brokerInstanceType / sizing)' });
    }
  });
  return problems;
}

function jobProblems(plan: PipelinePlan): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  plan.jobs.forEach((job, i) => {
    const path = `jobs[${i}] (${JSON.stringify(job.name)})`;
    const name = `${plan.names.prefix}-${job.name}`;
    if (name.length > 128) {
      problems.push({ path: `${path}.name`, message: `gives the MSF application name "${name}" of ${name.length} characters, more than 128`, fix: 'shorten the pipeline or job name' });
    }
    if (job.mode.value === JobMode.BATCH.value && job.schedule !== undefined) {
      const cron = batchRunCron(job.schedule.expression, batchRunWindow(job.costControl.hoursPerDay), `${path}.schedule`);
      if ('path' in cron) problems.push(cron);
    }
  });
  return problems;
}

/** Every problem that stops the platform's MSK cluster from rendering in its environment. */
export function validateManagedPlatform(platform: KafkaSizedPlan & Pick<PlatformPlan, 'pipelines'>): ValidationProblem[] {
  return clusterProblems(platform, platformNeedsTieredStorage(platform));
}

/** Every problem that stops the pipeline from rendering on the managed flavor in its environment. */
export function validateManagedPlan(plan: PipelinePlan): ValidationProblem[] {
  const tiered = plan.topics.some((t) => t.owner === undefined && t.rawRetention?.id === 'tiered-storage');
  return [...clusterProblems(plan, tiered), ...topicProblems(plan), ...rawRetentionProblems(plan), ...jobProblems(plan)];
}
