import { PipelineDefinition } from '../definition/pipeline-definition';
import { Flavor } from '../flavor';
import { defaultDatabase, glueDatabaseName } from '../plan/plan-names';
import { tablePath } from './paths';
import { ValidationProblem } from './validation-problem';

/** Glue's longest database name. */
export const MAX_GLUE_DATABASE_NAME = 255;

/** A long value shown in an error: its start and its length. */
export function describeLongValue(value: string): string {
  return value.length <= 40 ? JSON.stringify(value) : `${JSON.stringify(`${value.slice(0, 32)}…`)} (${value.length} characters)`;
}

/**
 * Names derived from the definition stay within their service's limit on every flavor: a logical database becomes
 * one Glue database per flavor (`<database>_self_hosted`, `<database>_managed`), which must fit Glue's 255.
 * (Topic names reach no other limit: hashed where they would pass one, see `kafkaTopicObjectName` and alarm names;
 * MSF application names are checked with the managed plan, where the environment name is known.)
 */
export function derivedGlueDatabaseRule(def: PipelineDefinition): ValidationProblem[] {
  const databases: Array<[string, string]> = [];
  if (def.database !== undefined) databases.push(['database', def.database]);
  else databases.push(['name', defaultDatabase(def)]);
  def.tables.forEach((table, i) => { if (table.database !== undefined) databases.push([`${tablePath(i, table)}.database`, table.database]); });
  return databases.flatMap(([path, logical]) => {
    const longest = Flavor.ALL.map((flavor) => ({ flavor, name: glueDatabaseName(logical, flavor) }))
      .reduce((a, b) => (b.name.length > a.name.length ? b : a));
    if (longest.name.length <= MAX_GLUE_DATABASE_NAME) return [];
    const room = MAX_GLUE_DATABASE_NAME - (longest.name.length - logical.length);
    return [{
      path,
      message: `${describeLongValue(logical)} becomes Glue database ${describeLongValue(longest.name)} on the ${longest.flavor.id} flavor, longer than Glue's ${MAX_GLUE_DATABASE_NAME}`,
      fix: `shorten it to ${room} characters or fewer (the flavor suffix takes ${longest.name.length - logical.length})`,
    }];
  });
}
