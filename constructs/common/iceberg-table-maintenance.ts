import { ArnFormat, Stack, aws_glue as glue, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { TableMaintenancePlan } from '../../lib/plan/pipeline-plan';
import { AwsSolutionsFinding, acknowledgeFindings } from './aws-solutions-findings';

/** The Glue table optimizer types (`AWS::Glue::TableOptimizer` `Type`). */
export class TableOptimizerType {
  /** Rewrites small data files and applies delete files. */
  public static readonly COMPACTION = new TableOptimizerType('compaction', 'iceberg-compaction');
  /** Expires old snapshots and deletes the files only they reference. */
  public static readonly RETENTION = new TableOptimizerType('retention', 'iceberg-retention');
  /** Deletes files under the table location that no snapshot references. */
  public static readonly ORPHAN_FILE_DELETION = new TableOptimizerType('orphan_file_deletion', 'iceberg-orphan-file-deletion');
  public static readonly ALL: readonly TableOptimizerType[] = [TableOptimizerType.COMPACTION, TableOptimizerType.RETENTION, TableOptimizerType.ORPHAN_FILE_DELETION];

  private constructor(
    /** The resource's `Type`. */
    public readonly value: string,
    /** The optimizer's CloudWatch log group is `/aws-glue/<logName>/logs` (account-wide, made by Glue). */
    public readonly logName: string,
  ) {}
}

/** One table to maintain. */
export interface MaintainedTable {
  /** Physical Glue database name. */
  readonly databaseName: string;
  readonly tableName: string;
  readonly maintenance: TableMaintenancePlan;
  /** The Glue table resource: optimizers are created after it. */
  readonly glueTable: glue.CfnTable;
}

/** Props of {@link IcebergTableMaintenance}. */
export interface IcebergTableMaintenanceProps {
  /** The maintenance of every table that will be added (the role may write the log groups of their optimizer types). */
  readonly maintenance: readonly TableMaintenancePlan[];
  /** Description of the optimizer role. */
  readonly description: string;
}

/**
 * Maintenance of a lakehouse's Iceberg tables by the Glue Data Catalog's table optimizers, the same on both flavors:
 * per table, compaction, snapshot retention (expired snapshots' files deleted) and orphan file deletion, each an
 * `AWS::Glue::TableOptimizer` with the plan's settings. One role, assumed by Glue for this account only, runs them;
 * its owner grants it the tables (their S3 locations, the Glue tables, the key). Glue writes the runs' logs to the
 * account-wide groups `/aws-glue/iceberg-{compaction,retention,orphan-file-deletion}/logs`, which the role may write.
 */
export class IcebergTableMaintenance extends Construct {
  /** The role Glue assumes to run the optimizers. */
  public readonly role: iam.Role;
  /** The optimizers, by `<database>.<table>.<type>`. */
  public readonly optimizers = new Map<string, glue.CfnTableOptimizer>();

  constructor(scope: Construct, id: string, props: IcebergTableMaintenanceProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('glue.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: props.description,
    });
    const types = TableOptimizerType.ALL.filter((type) => props.maintenance.some((m) => optimizerConfiguration(type, m) !== undefined));
    const logGroups = types.map((type) => stack.formatArn({
      service: 'logs', resource: 'log-group', resourceName: `/aws-glue/${type.logName}/logs:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }));
    if (logGroups.length > 0) {
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: logGroups,
      }));
      acknowledgeFindings(this.role,
        'Glue table optimizers log each run to the account-wide log group of their type (/aws-glue/iceberg-compaction/logs '
        + 'and its siblings), under streams Glue names per run: the wildcard is the streams of those groups only.',
        logGroups.map((arn) => AwsSolutionsFinding.wildcardResource(this, arn)));
    }
  }

  /**
   * Adds a table's optimizers.
   * @param scope where the optimizers go (a nested stack of the table, say)
   * @default scope this construct
   */
  public addTable(table: MaintainedTable, scope: Construct = this): void {
    for (const type of TableOptimizerType.ALL) {
      const configuration = optimizerConfiguration(type, table.maintenance);
      if (configuration === undefined) continue;
      const optimizer = new glue.CfnTableOptimizer(scope, `${table.databaseName}-${table.tableName}-${type.value}`, {
        catalogId: Stack.of(scope).account,
        databaseName: table.databaseName,
        tableName: table.tableName,
        type: type.value,
        tableOptimizerConfiguration: { enabled: true, roleArn: this.role.roleArn, ...configuration },
      });
      // After the table, and after the role's policy (an optimizer whose role cannot reach the table fails its runs).
      optimizer.addResourceDependency(table.glueTable);
      optimizer.node.addDependency(this.role);
      this.optimizers.set(`${table.databaseName}.${table.tableName}.${type.value}`, optimizer);
    }
  }
}

type OptimizerSettings = Omit<glue.CfnTableOptimizer.TableOptimizerConfigurationProperty, 'enabled' | 'roleArn'>;

/** The settings of one optimizer type for a table, or undefined when the table does not get that optimizer. */
export function optimizerConfiguration(type: TableOptimizerType, m: TableMaintenancePlan): OptimizerSettings | undefined {
  switch (type.value) {
    case TableOptimizerType.COMPACTION.value:
      return m.compaction ? { compactionConfiguration: { icebergConfiguration: { strategy: 'binpack' } } } : undefined;
    case TableOptimizerType.RETENTION.value:
      return {
        retentionConfiguration: {
          icebergConfiguration: { snapshotRetentionPeriodInDays: m.snapshotRetentionDays, numberOfSnapshotsToRetain: m.snapshotsToKeep, cleanExpiredFiles: true },
        },
      };
    case TableOptimizerType.ORPHAN_FILE_DELETION.value:
      return { orphanFileDeletionConfiguration: { icebergConfiguration: { orphanFileRetentionPeriodInDays: m.orphanFileRetentionDays } } };
    default:
      return undefined;
  }
}
