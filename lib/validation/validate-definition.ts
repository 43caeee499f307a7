import { definitionBoundsRule } from './bounds-rules';
import { consumerGroupNameRule, glueTextRule, icebergPartitionSpecRule, pipelineHasJobsRule, topicNameCollisionRule } from './deploy-time-rules';
import { transformStatementRule } from './transform-rules';
import { jobUpdatingResultRule } from './updating-result-rules';
import { jobFreshStartRule } from './fresh-start-rules';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { jobConsumerGroupRule, jobDurationsRule, jobModeRule, jobParallelismRule, jobReferencesRule, jobSinkFeedRule, jobWatermarkRule } from './job-rules';
import { derivedGlueDatabaseRule } from './derived-name-rules';
import { glueIdentifierRule, jobNameRule, pipelineNameRule, topicNameRule, uniqueNamesRule } from './naming-rules';
import { tableColumnsRule, tableMaintenanceRule, tablePartitionRule, tablePrimaryKeyRule } from './table-rules';
import { topicAvroGlueTimestampRule, topicBadRecordsRule, topicCompactionLagRule, topicComputedColumnRule, topicKeyFormatRule } from './record-rules';
import { jobReplaceRule, jobReplaceSourcePartitionsRule, jobStateMigrationRule } from './write-mode-rules';
import { producerRule } from './producer-rules';
import { monitoringRule } from './monitoring-rules';
import { loadGeneratorRule } from './load-generator-rules';
import { schemaMigrationRule } from './schema-migration-rules';
import { topicRawRetentionRule } from './raw-retention-rules';
import { topicPartitionsRule, topicReadersRule, topicRetentionRule, topicSchemaRule, topicWorkloadRule } from './topic-rules';
import { PipelineValidationError, ValidationProblem, throwIfProblems } from './validation-problem';
import { readDefinitionShape } from './shape/definition-shape';

/** A definition rule: a pure function that returns the problems it finds. */
export type DefinitionRule = (definition: PipelineDefinition) => ValidationProblem[];

/** Every rule, in reporting order. */
export const DEFINITION_RULES: readonly DefinitionRule[] = [
  pipelineNameRule,
  uniqueNamesRule,
  topicNameRule,
  topicPartitionsRule,
  topicWorkloadRule,
  topicRetentionRule,
  topicSchemaRule,
  topicReadersRule,
  topicKeyFormatRule,
  topicBadRecordsRule,
  topicComputedColumnRule,
  topicAvroGlueTimestampRule,
  topicCompactionLagRule,
  topicRawRetentionRule,
  glueIdentifierRule,
  derivedGlueDatabaseRule,
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
  jobReplaceSourcePartitionsRule,
  jobStateMigrationRule,
  jobFreshStartRule,
  schemaMigrationRule,
  producerRule,
  monitoringRule,
  loadGeneratorRule,
  definitionBoundsRule,
  pipelineHasJobsRule,
  topicNameCollisionRule,
  icebergPartitionSpecRule,
  glueTextRule,
  consumerGroupNameRule,
  transformStatementRule,
  jobUpdatingResultRule,
];

/**
 * Checks the definition's shape first (it may come from JSON/YAML or another copy of this package), then runs every
 * rule on the canonical definition, and returns all problems. Shape problems stop there: the rules assume the shape.
 */
export function findDefinitionProblems(definition: unknown): ValidationProblem[] {
  const shape = readDefinitionShape(definition);
  if (shape.definition === undefined) return [...shape.problems];
  const canonical = shape.definition;
  return DEFINITION_RULES.flatMap((rule) => rule(canonical));
}

/** `pipeline "orders"`, or `pipeline (unnamed)` when the name is not a string. */
export function definitionSubject(definition: unknown): string {
  const name = typeof definition === 'object' && definition !== null ? (definition as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? `pipeline ${JSON.stringify(name.slice(0, 64))}` : 'pipeline (unnamed)';
}

/**
 * Validates a definition and returns its canonical form (enum-like values, Durations and Dates as this package's
 * instances). Throws one PipelineValidationError listing every problem, each with its path, the value and the fix.
 */
export function validateDefinition(definition: unknown): PipelineDefinition {
  const subject = definitionSubject(definition);
  const shape = readDefinitionShape(definition);
  const canonical = shape.definition;
  if (canonical === undefined) throw new PipelineValidationError(subject, shape.problems);
  throwIfProblems(subject, DEFINITION_RULES.flatMap((rule) => rule(canonical)));
  return canonical;
}
