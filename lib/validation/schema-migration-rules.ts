import { ColumnDefinition } from '../definition/column-type';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { SchemaMigration } from '../definition/schema-migration';
import { ValidationProblem } from './validation-problem';
import { tablePath, topicPath } from './paths';

function migrationProblems(at: string, migration: SchemaMigration | undefined, columns: readonly ColumnDefinition[], sharedFrom?: string): ValidationProblem[] {
  if (migration === undefined) return [];
  const path = `${at}.schemaMigration`;
  if (sharedFrom !== undefined) return [{ path, message: `is ${migration}, but the topic is pipeline ${JSON.stringify(sharedFrom)}'s shared input`, fix: 'remove it: the owner migrates its topic' }];
  if (migration.reason.trim() === '') return [{ path, message: `is ${migration.id} without a reason`, fix: "say why, e.g. SchemaMigration.dropColumn('email', 'no personal data in the lake')" }];
  if (migration.id === SchemaMigration.dropColumn('-', '-').id && columns.some((c) => c.name === migration.column)) {
    return [{ path, message: `drops column ${JSON.stringify(migration.column)}, which columns still define`, fix: 'remove the column from columns, or remove the migration' }];
  }
  return [];
}

/** A schema migration says why, names a column that is really gone, and is the owner's to make. */
export function schemaMigrationRule(def: PipelineDefinition): ValidationProblem[] {
  return [
    ...def.topics.flatMap((t, i) => migrationProblems(topicPath(i, t), t.schemaMigration, t.columns, t.sharedFrom)),
    ...def.tables.flatMap((t, i) => migrationProblems(tablePath(i, t), t.schemaMigration, t.columns)),
  ];
}
