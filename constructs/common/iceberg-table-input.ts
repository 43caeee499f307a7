import { aws_glue as glue } from 'aws-cdk-lib';
import { IcebergTableMetadata } from '../../lib/plan/iceberg-table-metadata';

/**
 * Iceberg metadata (`icebergTableMetadata`, or the input the table was created with, `TablePlan.catalog`) as
 * `AWS::Glue::Table` `IcebergTableInput` at `location`.
 */
export function icebergTableInput(metadata: IcebergTableMetadata, location: string): glue.CfnTable.IcebergTableInputProperty {
  return {
    location,
    schema: { ...metadata.schema, fields: metadata.schema.fields.map((f) => ({ ...f })) },
    partitionSpec: { ...metadata.partitionSpec, fields: metadata.partitionSpec.fields.map((f) => ({ ...f })) },
    properties: { ...metadata.properties },
  };
}
