import { aws_glue as glue } from 'aws-cdk-lib';
import { TablePlan } from '../../lib/plan/pipeline-plan';

/** First field id of partition fields (Iceberg convention: 1000 and up). */
const FIRST_PARTITION_FIELD_ID = 1000;

/**
 * The Iceberg metadata of a planned table as `AWS::Glue::Table` `IcebergTableInput`: schema with field ids, the
 * primary key as identifier fields (what upserts delete by), the partition spec with hidden transforms, and properties.
 */
export function icebergTableInput(table: TablePlan, location: string): glue.CfnTable.IcebergTableInputProperty {
  const fieldId = (column: string) => table.columns.findIndex((c) => c.name === column) + 1;
  return {
    location,
    schema: {
      schemaId: 0,
      type: 'struct',
      fields: table.columns.map((c, i) => ({
        id: i + 1,
        name: c.name,
        type: c.type.icebergType,
        required: !c.nullable,
        doc: c.comment,
      })),
      identifierFieldIds: table.primaryKey.length > 0 ? table.primaryKey.map(fieldId) : undefined,
    },
    partitionSpec: {
      specId: 0,
      fields: table.partitionBy.map((p, i) => ({
        fieldId: FIRST_PARTITION_FIELD_ID + i,
        sourceId: fieldId(p.column),
        name: p.transform === 'identity' ? p.column : `${p.column}_${p.transform}`,
        transform: p.argument === undefined ? p.transform : `${p.transform}[${p.argument}]`,
      })),
    },
    properties: { ...table.properties },
  };
}
