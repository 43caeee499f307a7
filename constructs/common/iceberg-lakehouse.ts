import { Duration, RemovalPolicy, Stack, aws_glue as glue } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Flavor } from '../../lib/flavor';
import { LakehouseConnection } from '../../lib/plan/connections';
import { PipelinePlan, TablePlan } from '../../lib/plan/pipeline-plan';
import { AwsSolutionsFinding, acknowledgeFindings, principalConstruct } from './aws-solutions-findings';
import { icebergTableInput } from './iceberg-table-input';
import { IcebergTableMaintenance } from './iceberg-table-maintenance';

/** Props of IcebergLakehouse. */
export interface IcebergLakehouseProps {
  /** The plan: its tables, databases and data-protection setting. */
  readonly plan: PipelinePlan;
  /** The flavor whose stack holds the lakehouse (it qualifies the Glue database names). */
  readonly flavor: Flavor;
}

/**
 * The Iceberg lakehouse of a pipeline: a KMS-encrypted warehouse bucket, a checkpoint/savepoint bucket, an access-log
 * bucket, one Glue database per logical database and one Glue Iceberg table per planned table, created as code, each
 * maintained by Glue table optimizers (compaction, snapshot retention, orphan file deletion) as its plan says.
 * Data is retained on stack deletion unless the environment says `retainData: false` (dev).
 */
export class IcebergLakehouse extends Construct {
  public readonly key: kms.Key;
  public readonly warehouseBucket: s3.Bucket;
  public readonly checkpointBucket: s3.Bucket;
  /** The bucket that receives the server access logs of the lakehouse's buckets (and may take others of the stack). */
  public readonly accessLogsBucket: s3.Bucket;
  /** What jobs need to reach the catalog. */
  public readonly connection: LakehouseConnection;
  /** The tables' optimizers and their role; undefined when no table is maintained. */
  public readonly maintenance?: IcebergTableMaintenance;
  private readonly plan: PipelinePlan;
  private readonly flavor: Flavor;
  private readonly databases = new Map<string, glue.CfnDatabase>();
  private readonly tables = new Map<string, glue.CfnTable>();

  constructor(scope: Construct, id: string, props: IcebergLakehouseProps) {
    super(scope, id);
    this.plan = props.plan;
    this.flavor = props.flavor;
    const retain = props.plan.environment.retainData;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the Iceberg warehouse and Flink checkpoints of ${props.plan.names.stackName(props.flavor)}`,
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: Duration.days(retain ? 30 : 7),
    });
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy,
      autoDeleteObjects: !retain,
    });
    const bucketProps = (logPrefix: string): s3.BucketProps => ({
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: retain,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: logPrefix,
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        ...(retain ? [{ noncurrentVersionExpiration: Duration.days(30) }] : []),
      ],
      removalPolicy,
      autoDeleteObjects: !retain,
    });
    this.warehouseBucket = new s3.Bucket(this, 'Warehouse', bucketProps('warehouse/'));
    this.checkpointBucket = new s3.Bucket(this, 'Checkpoints', bucketProps('checkpoints/'));
    const region = Stack.of(this).region;
    this.connection = {
      warehouseUri: this.warehouseBucket.s3UrlForObject(props.plan.lakehouse.warehousePrefix.replace(/\/$/, '')),
      checkpointBucketUri: this.checkpointBucket.s3UrlForObject(),
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
    for (const table of props.plan.lakehouse.tables) this.addTable(table, removalPolicy);
    const maintained = props.plan.lakehouse.tables.flatMap((t) => (t.maintenance === undefined ? [] : [{
      databaseName: this.connection.glueDatabaseName(t.database), tableName: t.name, maintenance: t.maintenance, glueTable: this.glueTable(t.name),
    }]));
    if (maintained.length > 0) {
      this.maintenance = new IcebergTableMaintenance(this, 'Maintenance', {
        tables: maintained,
        description: `Glue table optimizers of the Iceberg tables of ${props.plan.names.stackName(props.flavor)}`,
      });
      // The optimizers rewrite and delete files under the tables' locations and commit to their Glue tables.
      this.grantTablesReadWrite(this.maintenance.role, maintained.map((t) => t.tableName));
    }
  }

  /** The Glue table of a planned table name. */
  public glueTable(name: string): glue.CfnTable {
    const table = this.tables.get(name);
    if (!table) throw new Error(`IcebergLakehouse: no table ${JSON.stringify(name)}; tables: ${[...this.tables.keys()].join(', ')}`);
    return table;
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

  /** Lets a job read and write its own checkpoint, savepoint and HA prefixes (`<kind>/<job>/`). */
  public grantCheckpoints(grantee: iam.IGrantable, jobName: string): void {
    const prefixes = ['checkpoints', 'savepoints', 'ha'].map((kind) => `${kind}/${jobName}/`);
    this.grantPrefixesReadWrite(grantee, this.checkpointBucket, prefixes, ['s3:ListBucket'],
      'Flink writes a checkpoint, savepoint or HA metadata as many objects under the job\'s own prefix '
      + '(<kind>/<job>/); the wildcard is that one job\'s prefix.');
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
    // checkpoint and HA writes then fail with 403. The warehouse and checkpoint buckets are dedicated to this
    // lakehouse and hold nothing but its tables and job state; listing reveals key names only, object reads and
    // writes stay limited to the prefixes above.
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

  private addTable(table: TablePlan, removalPolicy: RemovalPolicy): void {
    const databaseName = this.connection.glueDatabaseName(table.database);
    const glueTable = new glue.CfnTable(this, `Table-${table.database}-${table.name}`, {
      catalogId: Stack.of(this).account,
      databaseName,
      tableInput: { name: table.name, description: table.comment, tableType: 'EXTERNAL_TABLE' },
      openTableFormatInput: {
        icebergInput: {
          metadataOperation: 'CREATE',
          version: String(table.formatVersion),
          icebergTableInput: icebergTableInput(table, this.warehouseBucket.s3UrlForObject(this.tablePrefix(table).replace(/\/$/, ''))),
        },
      },
    });
    const database = this.databases.get(table.database);
    if (database) glueTable.addResourceDependency(database);
    glueTable.applyRemovalPolicy(removalPolicy);
    this.tables.set(table.name, glueTable);
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
