import { PipelineDefinition } from '../definition/pipeline-definition';
import { jobConsumerGroupRule, jobDurationsRule, jobModeRule, jobParallelismRule, jobReferencesRule, jobSinkFeedRule, jobWatermarkRule } from './job-rules';
import { glueIdentifierRule, jobNameRule, pipelineNameRule, topicNameRule, uniqueNamesRule } from './naming-rules';
import { tableColumnsRule, tableMaintenanceRule, tablePartitionRule, tablePrimaryKeyRule } from './table-rules';
import { topicBadRecordsRule, topicCompactionLagRule, topicComputedColumnRule, topicKeyFormatRule } from './record-rules';
import { jobReplaceRule, jobStateMigrationRule } from './write-mode-rules';
import { topicPartitionsRule, topicRetentionRule, topicSchemaRule, topicWorkloadRule } from './topic-rules';
import { pipelineHasJobsRule, pipelineListsRule } from './pipeline-rules';
import { ValidationProblem, throwIfProblems } from './validation-problem';

/** A definition rule: a pure function that returns the problems it finds. */
export type DefinitionRule = (definition: PipelineDefinition) => ValidationProblem[];

/** Every rule, in reporting order. */
export const DEFINITION_RULES: readonly DefinitionRule[] = [
  pipelineNameRule,
  pipelineHasJobsRule,
  uniqueNamesRule,
  topicNameRule,
  topicPartitionsRule,
  topicWorkloadRule,
  topicRetentionRule,
  topicSchemaRule,
  topicKeyFormatRule,
  topicBadRecordsRule,
  topicComputedColumnRule,
  topicCompactionLagRule,
  glueIdentifierRule,
  tableColumnsRule,
  tablePartitionRule,
  tablePrimaryKeyRule,
  tableMaintenanceRule,
  jobNameRule,
  jobReferencesRule,
  jobParallelismRule,
  jobWatermarkRule,
  jobModeRule,
  jobDurationsRule,
  jobConsumerGroupRule,
  jobSinkFeedRule,
  jobReplaceRule,
  jobStateMigrationRule,
];

/** Runs every rule and returns all problems. */
export function findDefinitionProblems(definition: PipelineDefinition): ValidationProblem[] {
  const shape = pipelineListsRule(definition);
  if (shape.length > 0) return shape;
  return DEFINITION_RULES.flatMap((rule) => rule(definition));
}

/** Throws one PipelineValidationError listing every problem of the definition. */
export function validateDefinition(definition: PipelineDefinition): void {
  throwIfProblems(`pipeline ${JSON.stringify(definition.name)}`, findDefinitionProblems(definition));
}
