import { Token } from 'aws-cdk-lib';
import { CleanupPolicy, DEFAULT_TOPIC_RETENTION } from '../definition/kafka-options';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { topicPath } from './paths';
import { ValidationProblem } from './validation-problem';

/**
 * A topic's raw retention keeps records longer than its broker retention, on a topic this pipeline owns, with the
 * delete cleanup policy (Kafka tiered storage does not take compacted topics).
 */
export function topicRawRetentionRule(def: PipelineDefinition): ValidationProblem[] {
  return def.topics.flatMap((topic, i) => {
    const raw = topic.rawRetention;
    if (raw === undefined || Token.isUnresolved(raw.total)) return [];
    const at = `${topicPath(i, topic)}.rawRetention`;
    const local = topic.retention ?? DEFAULT_TOPIC_RETENTION;
    const problems: ValidationProblem[] = [];
    if (topic.sharedFrom !== undefined) {
      problems.push({ path: at, message: `is set on a shared input of pipeline ${JSON.stringify(topic.sharedFrom)}`, fix: 'set it on the topic in the owning pipeline' });
    }
    if (topic.cleanupPolicy?.value === CleanupPolicy.COMPACT.value) {
      problems.push({ path: at, message: `is ${raw} on a compacted topic, but Kafka tiered storage takes only cleanup policy delete`, fix: 'remove rawRetention, or use CleanupPolicy.DELETE' });
    }
    if (!Token.isUnresolved(local) && raw.total.toMilliseconds() <= local.toMilliseconds()) {
      problems.push({ path: `${at}.total`, message: `is ${raw.total.toHumanString()}, not longer than the topic's retention (${local.toHumanString()}) on the brokers`, fix: 'give a total longer than retention, or remove rawRetention' });
    }
    return problems;
  });
}
