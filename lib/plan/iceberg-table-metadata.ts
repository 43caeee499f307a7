import { TablePlan } from './pipeline-plan';

/** First field id of partition fields (Iceberg convention: 1000 and up). */
const FIRST_PARTITION_FIELD_ID = 1000;

/** An Iceberg schema field as `AWS::Glue::Table` (camelCase) takes it. */
export interface IcebergField {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly doc?: string;
}

/** The Iceberg metadata of a table as the Glue table input carries it, without its location. */
export interface IcebergTableMetadata {
  /** The Glue table description. */
  readonly description?: string;
  readonly schema: {
    readonly schemaId: number;
    readonly type: 'struct';
    readonly fields: IcebergField[];
    readonly identifierFieldIds?: number[];
  };
  readonly partitionSpec: {
    readonly specId: number;
    readonly fields: Array<{ readonly fieldId: number; readonly sourceId: number; readonly name: string; readonly transform: string }>;
  };
  readonly properties: Record<string, string>;
}

/**
 * The Iceberg metadata of a planned table: schema with field ids, the primary key as identifier fields (what upserts
 * delete by), the partition spec with hidden transforms, and properties. Field ids come from `fieldIds` (the schema
 * lock's, which keeps them for the life of the table) or, for a table being created, number the columns from 1.
 */
export function icebergTableMetadata(table: TablePlan, fieldIds?: Readonly<Record<string, number>>): IcebergTableMetadata {
  const fieldId = (column: string) => fieldIds?.[column] ?? table.columns.findIndex((c) => c.name === column) + 1;
  return {
    ...(table.comment !== undefined ? { description: table.comment } : {}),
    schema: {
      schemaId: 0,
      type: 'struct',
      fields: table.columns.map((c) => ({ id: fieldId(c.name), name: c.name, type: c.type.icebergType, required: !c.nullable, ...(c.comment !== undefined ? { doc: c.comment } : {}) })),
      ...(table.primaryKey.length > 0 ? { identifierFieldIds: table.primaryKey.map(fieldId) } : {}),
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
