import { CustomResource, Duration, Stack, aws_iam as iam, aws_kms as kms, aws_lambda as lambda, custom_resources as cr } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { IcebergTableMetadata } from '../../../lib/plan/iceberg-table-metadata';
import { handlerLogGroup } from '../log-group-encryption';
import { logWriterRole } from '../log-writer-role';
import { acknowledgeProviderFramework, providerFrameworkRoles } from '../provider-framework-findings';

/** Properties of {@link IcebergSchemaEvolution}. */
export interface IcebergSchemaEvolutionProps {
  /** Physical Glue database of the table. */
  readonly databaseName: string;
  /** Table name. */
  readonly tableName: string;
  /** The table's location (`s3://…`), as it was created. */
  readonly location: string;
  /** The metadata to evolve the table to (`TablePlan.catalog.evolved`). */
  readonly metadata: IcebergTableMetadata;
  /** The Glue table it evolves: created first, and never updated by CloudFormation afterwards. */
  readonly table: Construct;
  /**
   * The lock's last column id with this schema (`TableCatalogPlan.lastColumnId`): a lower one than the resource last
   * applied marks an update rollback, after which the table keeps its wider schema (see the handler).
   * @default - none: only a narrowed column type marks a rollback
   */
  readonly lastColumnId?: number;
  /**
   * KMS key of the stack-wide provider's log groups (handler and framework): the platform key. The provider is made
   * with the first evolution of the stack, whose key it keeps.
   * @default - CloudWatch Logs' service key
   */
  readonly logEncryptionKey?: kms.IKey;
}

const PROVIDER_ID = 'IcebergSchemaEvolutionProvider';

/** The metadata in the Glue API's shape (PascalCase), for the handler. */
function glueApiShape(metadata: IcebergTableMetadata): { schema: object; partitionSpec: object } {
  const s = metadata.schema;
  return {
    schema: {
      Type: s.type,
      Fields: s.fields.map((f) => ({ Id: f.id, Name: f.name, Type: f.type, Required: f.required, ...(f.doc !== undefined ? { Doc: f.doc } : {}) })),
      ...(s.identifierFieldIds !== undefined ? { IdentifierFieldIds: s.identifierFieldIds } : {}),
    },
    partitionSpec: {
      SpecId: metadata.partitionSpec.specId,
      Fields: metadata.partitionSpec.fields.map((f) => ({ FieldId: f.fieldId, SourceId: f.sourceId, Name: f.name, Transform: f.transform })),
    },
  };
}

/**
 * Evolves an existing Glue Iceberg table to a new schema during the deployment: a custom resource whose handler
 * (`handler.ts`) calls Glue `UpdateTable` with `UpdateOpenTableFormatInput`, so Glue writes the next Iceberg metadata
 * JSON and moves the table's `metadata_location` to it — a metadata-only change, no data rewritten. It runs again
 * only when the target schema changes. Jobs writing the table depend on it (`IcebergLakehouse.tableReady`), so they
 * are updated, and plan their INSERT against the new schema, only after it. One provider per stack serves all tables.
 * The handler's role may read and update that table's Glue entry and write its metadata under the table's prefix
 * (granted by the caller, see `IcebergLakehouse.addTable`).
 */
export class IcebergSchemaEvolution extends Construct {
  /** The custom resource. */
  public readonly resource: CustomResource;
  /** The role of the handler (grant it the table). */
  public readonly role: iam.IRole;

  constructor(scope: Construct, id: string, props: IcebergSchemaEvolutionProps) {
    super(scope, id);
    const provider = IcebergSchemaEvolution.provider(this, props.logEncryptionKey);
    this.role = provider.role;
    const shape = glueApiShape(props.metadata);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.provider.serviceToken,
      resourceType: 'Custom::IcebergSchemaEvolution',
      properties: {
        CatalogId: Stack.of(this).account,
        DatabaseName: props.databaseName,
        TableName: props.tableName,
        Location: props.location,
        Schema: JSON.stringify(shape.schema),
        PartitionSpec: JSON.stringify(shape.partitionSpec),
        Properties: JSON.stringify(props.metadata.properties),
        ...(props.lastColumnId !== undefined ? { LastColumnId: String(props.lastColumnId) } : {}),
      },
    });
    this.resource.node.addDependency(props.table);
  }

  private static provider(scope: Construct, logEncryptionKey: kms.IKey | undefined): EvolutionProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID) as EvolutionProvider | undefined;
    return existing ?? new EvolutionProvider(stack, PROVIDER_ID, logEncryptionKey);
  }
}

/** The stack-wide provider: one onEvent function from the compiled handler. */
class EvolutionProvider extends Construct {
  public readonly provider: cr.Provider;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, logEncryptionKey: kms.IKey | undefined) {
    super(scope, id);
    const logGroup = handlerLogGroup(this, 'Logs', logEncryptionKey, 'Logs of the schema-evolution handler (table names and '
      + 'the Glue calls\' outcome, no data)');
    const description = 'Evolves the schema of Glue Iceberg tables on deploy (Glue UpdateTable with UpdateOpenTableFormatInput)';
    this.role = logWriterRole(this, 'OnEventRole', logGroup, description);
    const onEvent = new lambda.Function(this, 'OnEvent', {
      code: lambda.Code.fromAsset(join(__dirname, 'runtime')),
      handler: 'index.onEvent',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.minutes(2),
      memorySize: 256,
      logGroup,
      description,
      role: this.role,
    });
    this.provider = new cr.Provider(this, 'Provider', { onEventHandler: onEvent, ...providerFrameworkRoles(this, { waits: false, logEncryptionKey }) });
    acknowledgeProviderFramework(this.provider);
  }
}
