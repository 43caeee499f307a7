import { RemovalPolicy, Stack, aws_glue as glue } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Flavor } from '../../lib/flavor';
import { LakehouseConnection } from '../../lib/plan/connections';
import { PipelinePlan, TablePlan } from '../../lib/plan/pipeline-plan';
import { AwsSolutionsFinding, acknowledgeFindings, principalConstruct } from './aws-solutions-findings';
import { icebergTableInput } from './iceberg-table-input';
import { IcebergSchemaEvolution } from './iceberg-schema-evolution/iceberg-schema-evolution';
import { icebergTableMetadata } from '../../lib/plan/iceberg-table-metadata';
import { IcebergTableMaintenance } from './iceberg-table-maintenance';
import { ILakehouseStorage } from './lakehouse-storage';

/** Props of IcebergLakehouse. */
export interface IcebergLakehouseProps {
  /** The plan: its tables, databases and data-protection setting. */
  readonly plan: PipelinePlan;
  /** The flavor whose stack holds the lakehouse (it qualifies the Glue database names). */
  readonly flavor: Flavor;
  /** The platform's buckets and key the pipeline writes (its own prefixes only). */
  readonly storage: ILakehouseStorage;
  /**
   * Whether the constructor creates every planned table. Off: the caller adds them with `addTable`, e.g. spread over
   * nested stacks.
   * @default true
   */
  readonly createTables?: boolean;
}

/**
 * The Iceberg catalog of one pipeline on its platform's lakehouse storage: one Glue database per logical database and
 * one Glue Iceberg table per planned table, created as code under `<warehouse>/<database>.db/`, with checkpoints under
 * `<checkpoint bucket>/<pipeline>/`, and grants that reach only those prefixes. Each table is maintained by Glue table
 * optimizers (compaction, snapshot retention, orphan file deletion) as its plan says. Databases and tables are
 * retained on stack deletion unless the environment says `retainData: false` (dev).
 */
export class IcebergLakehouse extends Construct {
  /** The platform's lakehouse storage. */
  public readonly storage: ILakehouseStorage;
  /** What jobs need to reach the catalog. */
  public readonly connection: LakehouseConnection;
  /** Prefix of the pipeline's checkpoints, savepoints and HA metadata in the checkpoint bucket: `<pipeline>/`. */
  public readonly checkpointPrefix: string;
  /** The optimizer role (each table's optimizers are added with the table); undefined when no table is maintained. */
  public readonly maintenance?: IcebergTableMaintenance;
  private readonly plan: PipelinePlan;
  private readonly flavor: Flavor;
  private readonly databases = new Map<string, glue.CfnDatabase>();
  private readonly tables = new Map<string, glue.CfnTable>();
  private readonly evolutions = new Map<string, IcebergSchemaEvolution>();

  constructor(scope: Construct, id: string, props: IcebergLakehouseProps) {
    super(scope, id);
    this.plan = props.plan;
    this.flavor = props.flavor;
    const retain = props.plan.environment.retainData;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.storage = props.storage;
    this.checkpointPrefix = `${props.plan.pipelineName}/`;
    const region = Stack.of(this).region;
    this.connection = {
      warehouseUri: this.warehouseBucket.s3UrlForObject(props.plan.lakehouse.warehousePrefix.replace(/\/$/, '')),
      // Read on first use: the managed flavor keeps checkpoints in MSF and never asks.
      get checkpointBucketUri() {
        return props.storage.checkpointBucket.s3UrlForObject(props.plan.pipelineName);
      },
      region,
      glueDatabaseName: (logical: string) => props.plan.names.glueDatabase(logical, props.flavor),
    };
    for (const logical of props.plan.lakehouse.databases) {
      const name = this.connection.glueDatabaseName(logical);
      const database = new glue.CfnDatabase(this, `Database-${logical}`, {
        catalogId: Stack.of(this).account,
        databaseInput: {
          name,
          description: `Iceberg tables of pipeline ${props.plan.pipelineName} (${props.flavor.id}, ${props.plan.environment.name})`,
          locationUri: this.warehouseBucket.s3UrlForObject(this.databasePrefix(name)),
        },
      });
      database.applyRemovalPolicy(removalPolicy);
      this.databases.set(logical, database);
    }
    const maintained = props.plan.lakehouse.tables.filter((t) => t.maintenance !== undefined);
    if (maintained.length > 0) {
      this.maintenance = new IcebergTableMaintenance(this, 'Maintenance', {
        maintenance: maintained.flatMap((t) => t.maintenance ?? []),
        description: `Glue table optimizers of the Iceberg tables of ${props.plan.names.stackName(props.flavor)}`,
      });
      // The optimizers rewrite and delete files under the tables' locations and commit to their Glue tables.
      this.grantTablesReadWrite(this.maintenance.role, maintained.map((t) => t.name));
    }
    if (props.createTables ?? true) {
      for (const table of props.plan.lakehouse.tables) this.addTable(table);
    }
  }

  /** Encrypts the warehouse and checkpoints. */
  public get key(): kms.IKey {
    return this.storage.key;
  }

  public get warehouseBucket(): s3.IBucket {
    return this.storage.warehouseBucket;
  }

  public get checkpointBucket(): s3.IBucket {
    return this.storage.checkpointBucket;
  }

  /** The bucket that receives the server access logs of the lakehouse's buckets (and of the pipeline's artifacts). */
  public get accessLogsBucket(): s3.IBucket {
    return this.storage.accessLogsBucket;
  }

  /** The Glue table of a planned table name. */
  public glueTable(name: string): glue.CfnTable {
    const table = this.tables.get(name);
    if (!table) throw new Error(`IcebergLakehouse: no table ${JSON.stringify(name)}; tables: ${[...this.tables.keys()].join(', ')}`);
    return table;
  }

  /**
   * What a job writing a table must wait for: the table's schema evolution when this deploy evolves it, else the Glue
   * table itself (a job plans its INSERT against the schema it finds when it starts).
   */
  public tableReady(name: string): Construct {
    return this.schemaEvolution(name) ?? this.glueTable(name);
  }

  /** The schema evolution this deploy applies to a table, if any. */
  public schemaEvolution(name: string): IcebergSchemaEvolution | undefined {
    return this.evolutions.get(name);
  }

  /**
   * Lets a job commit to the given tables: read/write their S3 prefixes, read the database, read and update the
   * tables' metadata pointer in Glue, and use the key. Nothing else in the warehouse.
   */
  public grantTablesReadWrite(grantee: iam.IGrantable, tableNames: readonly string[]): void {
    const stack = Stack.of(this);
    const plans = tableNames.map((n) => this.tablePlan(n));
    const prefixes = plans.map((t) => this.tablePrefix(t));
    this.grantPrefixesReadWrite(grantee, this.warehouseBucket, prefixes, ['s3:ListBucket', 's3:GetBucketLocation'],
      'An Iceberg table is many objects (data and delete files, manifests, metadata) under its own location '
      + '<warehouse>/<database>.db/<table>/; the wildcard is that one table\'s prefix.');
    const dbNames = [...new Set(plans.map((t) => this.connection.glueDatabaseName(t.database)))];
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:UpdateTable'],
      resourceArns: [
        stack.formatArn({ service: 'glue', resource: 'catalog' }),
        ...dbNames.map((db) => stack.formatArn({ service: 'glue', resource: 'database', resourceName: db })),
        ...plans.map((t) => stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${this.connection.glueDatabaseName(t.database)}/${t.name}` })),
      ],
    });
    this.grantObjectEncryption(grantee);
  }

  /** Lets a job read and write its own checkpoint, savepoint and HA prefixes (`<pipeline>/<kind>/<job>/`). */
  public grantCheckpoints(grantee: iam.IGrantable, jobName: string): void {
    const prefixes = ['checkpoints', 'savepoints', 'ha'].map((kind) => `${this.checkpointPrefix}${kind}/${jobName}/`);
    this.grantPrefixesReadWrite(grantee, this.checkpointBucket, prefixes, ['s3:ListBucket'],
      'Flink writes a checkpoint, savepoint or HA metadata as many objects under the job\'s own prefix '
      + '(<pipeline>/<kind>/<job>/); the wildcard is that one job\'s prefix.');
    this.grantObjectEncryption(grantee);
  }

  /**
   * Read, write and delete the objects under the prefixes, acknowledge the per-prefix object wildcards with `reason`,
   * and allow `listActions` on the bucket itself, without an `s3:prefix` condition.
   */
  private grantPrefixesReadWrite(grantee: iam.IGrantable, bucket: s3.IBucket, prefixes: readonly string[], listActions: string[], reason: string): void {
    const objects = prefixes.map((p) => bucket.arnForObjects(`${p}*`));
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resourceArns: objects,
    });
    this.acknowledgePrefixes(grantee, objects, reason);
    // Unconditional on purpose. S3 answers a GET/HEAD of a missing key with 404 only to a caller that may
    // s3:ListBucket the bucket, and otherwise with 403 Access Denied. That request carries no s3:prefix, so a
    // prefix-conditioned grant never matches it: Iceberg's S3OutputFile.create() (HEAD before write) and Flink's
    // checkpoint and HA writes then fail with 403. The warehouse and checkpoint buckets are the platform's lakehouse
    // and hold nothing but its pipelines' tables and job state: listing reveals key names only (other pipelines'
    // table and job names), while object reads and writes stay limited to the prefixes above.
    iam.Grant.addToPrincipal({ grantee, actions: listActions, resourceArns: [bucket.bucketArn] });
  }

  /**
   * What reading and writing SSE-KMS objects takes of the key: a data key for each upload, decryption for reads and
   * multipart uploads. No re-encryption, no direct encryption.
   */
  private grantObjectEncryption(grantee: iam.IGrantable): void {
    this.key.grant(grantee, 'kms:Decrypt', 'kms:GenerateDataKey');
  }

  /** Acknowledges the object wildcards of prefix grants on the grantee's own role (nothing else of it). */
  private acknowledgePrefixes(grantee: iam.IGrantable, objectArns: readonly string[], reason: string): void {
    const principal = principalConstruct(grantee);
    if (principal) acknowledgeFindings(principal, reason, objectArns.map((arn) => AwsSolutionsFinding.wildcardResource(this, arn)));
  }

  /**
   * Registers a planned table in Glue as an Iceberg table.
   * @param scope where the table resource goes (another stack's scope, e.g. a nested stack, is fine)
   */
  public addTable(table: TablePlan, scope: Construct = this): glue.CfnTable {
    const removalPolicy = this.plan.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const databaseName = this.connection.glueDatabaseName(table.database);
    const location = this.warehouseBucket.s3UrlForObject(this.tablePrefix(table).replace(/\/$/, ''));
    // A recorded table keeps the input it was created with: a CloudFormation update of it may drop its Iceberg metadata pointer.
    const created = table.catalog?.created ?? icebergTableMetadata(table);
    const glueTable = new glue.CfnTable(scope, `Table-${table.database}-${table.name}`, {
      catalogId: Stack.of(scope).account,
      databaseName,
      tableInput: { name: table.name, description: created.description, tableType: 'EXTERNAL_TABLE' },
      openTableFormatInput: {
        icebergInput: {
          metadataOperation: 'CREATE',
          version: String(table.formatVersion),
          icebergTableInput: icebergTableInput(created, location),
        },
      },
    });
    const database = this.databases.get(table.database);
    if (database) glueTable.addResourceDependency(database);
    glueTable.applyRemovalPolicy(removalPolicy);
    this.tables.set(table.name, glueTable);
    const evolved = table.catalog?.evolved;
    if (evolved !== undefined) {
      const evolution = new IcebergSchemaEvolution(scope, `SchemaEvolution-${table.database}-${table.name}`, {
        databaseName, tableName: table.name, location, metadata: evolved, table: glueTable, lastColumnId: table.catalog?.lastColumnId,
        logEncryptionKey: this.storage.key,
      });
      // Glue writes the next metadata JSON under the table's prefix with the caller's permissions.
      this.grantTablesReadWrite(evolution.role, [table.name]);
      this.evolutions.set(table.name, evolution);
    }
    if (table.maintenance !== undefined) {
      this.maintenance?.addTable({ databaseName, tableName: table.name, maintenance: table.maintenance, glueTable }, scope === this ? undefined : scope);
    }
    return glueTable;
  }

  private tablePlan(name: string): TablePlan {
    const table = this.plan.lakehouse.tables.find((t) => t.name === name);
    if (!table) throw new Error(`IcebergLakehouse: no table ${JSON.stringify(name)} in the plan of ${this.plan.names.stackName(this.flavor)}`);
    return table;
  }

  private databasePrefix(physicalDatabase: string): string {
    return `${this.plan.lakehouse.warehousePrefix}${physicalDatabase}.db`;
  }

  private tablePrefix(table: TablePlan): string {
    return `${this.databasePrefix(this.connection.glueDatabaseName(table.database))}/${table.name}/`;
  }
}
