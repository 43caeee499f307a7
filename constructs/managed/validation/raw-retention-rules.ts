import { PipelinePlan } from '../../../lib/plan/pipeline-plan';
import { ValidationProblem } from '../../../lib/validation/validation-problem';

/**
 * Topics that keep raw records in MSK tiered storage need a provisioned cluster: MSK Serverless has no tiered
 * storage (Express brokers are refused by the cluster rules, with the cluster's path).
 */
export function rawRetentionProblems(plan: PipelinePlan): ValidationProblem[] {
  const mode = plan.environment.managed.mskMode ?? 'provisioned';
  if (mode !== 'serverless') return [];
  return plan.topics.flatMap((topic, i) => (topic.owner !== undefined || topic.rawRetention === undefined ? [] : [{
    path: `topics[${i}] (${JSON.stringify(topic.name)}).rawRetention`,
    message: `is ${topic.rawRetention} but environment "${plan.environment.name}" runs MSK Serverless, which has no tiered storage`,
    fix: 'use managed.mskMode "provisioned" (Standard brokers), or remove rawRetention',
  }]));
}
