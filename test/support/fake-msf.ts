import {
  ApplicationDetail, ApplicationStatus, CreateApplicationCommand, CreateApplicationCommandOutput, DeleteApplicationCommand,
  DescribeApplicationCommand, DescribeApplicationCommandOutput, KinesisAnalyticsV2Client, ListApplicationSnapshotsCommand,
  ListApplicationSnapshotsCommandOutput, ResourceInUseException, ResourceNotFoundException, SnapshotDetails,
  StartApplicationCommand, StopApplicationCommand, UpdateApplicationCommand, UpdateApplicationCommandOutput,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { AwsClientStub } from 'aws-sdk-client-mock';

/**
 * A stateful stand-in for the Managed Service for Apache Flink control plane (kinesisanalyticsv2), behind
 * aws-sdk-client-mock: moto's server mode implements only CreateApplication, DescribeApplication, ListApplications and
 * tags of this service (moto 5.2.6: no Start, Stop, Update, Delete or ListApplicationSnapshots), so the lifecycle tests
 * run against this. Requests and answers are the SDK's own types (`…CommandOutput`, `ApplicationDetail`), which the AWS
 * SDK generates from the service's published Smithy model; errors are the SDK's exception classes.
 *
 * The states follow the API reference: StartApplication needs READY; StopApplication without Force needs RUNNING or
 * AUTOSCALING (a snapshot is taken), with Force=true it stops from STARTING, UPDATING, STOPPING, AUTOSCALING or RUNNING
 * (FORCE_STOPPING, no snapshot); any other state answers ResourceInUseException, an unknown application
 * ResourceNotFoundException. Time moves with {@link tick} (one poll of the provider framework): each transitional state
 * takes one step (STARTING/UPDATING → RUNNING, STOPPING/FORCE_STOPPING → READY) unless the test pinned it with
 * {@link stick} (a job that never finishes starting, a snapshot that never completes).
 */
export class FakeMsf {
  /** Every mutating call, in order: `StopApplication orders Force=true`. */
  public readonly calls: string[] = [];
  /** Something that happens outside just before the next StopApplication is served (a race), once. */
  public beforeNextStop?: () => void;
  private readonly apps = new Map<string, { detail: ApplicationDetail; snapshots: SnapshotDetails[]; stuck: boolean }>();

  constructor(mock: AwsClientStub<KinesisAnalyticsV2Client>) {
    mock.on(CreateApplicationCommand).callsFake(async (input: CreateApplicationCommand['input']): Promise<Partial<CreateApplicationCommandOutput>> => {
      this.calls.push(`CreateApplication ${input.ApplicationName}`);
      return { ApplicationDetail: this.create(input.ApplicationName ?? '') };
    });
    mock.on(DescribeApplicationCommand).callsFake(async (input: DescribeApplicationCommand['input']): Promise<Partial<DescribeApplicationCommandOutput>> =>
      ({ ApplicationDetail: { ...this.app(input.ApplicationName).detail } }));
    mock.on(ListApplicationSnapshotsCommand).callsFake(async (input: ListApplicationSnapshotsCommand['input']): Promise<Partial<ListApplicationSnapshotsCommandOutput>> =>
      ({ SnapshotSummaries: this.app(input.ApplicationName).snapshots.slice(0, input.Limit ?? 50) }));
    mock.on(StartApplicationCommand).callsFake(async (input: StartApplicationCommand['input']) => {
      const app = this.app(input.ApplicationName);
      this.calls.push(`StartApplication ${input.ApplicationName} ${input.RunConfiguration?.ApplicationRestoreConfiguration?.ApplicationRestoreType ?? ''}`.trim());
      this.require(app.detail, [ApplicationStatus.READY], 'start');
      app.detail.ApplicationStatus = ApplicationStatus.STARTING;
      return {};
    });
    mock.on(StopApplicationCommand).callsFake(async (input: StopApplicationCommand['input']) => {
      const outside = this.beforeNextStop;
      this.beforeNextStop = undefined;
      outside?.();
      const app = this.app(input.ApplicationName);
      this.calls.push(`StopApplication ${input.ApplicationName} Force=${String(input.Force ?? false)}`);
      if (input.Force === true) {
        this.require(app.detail, [ApplicationStatus.STARTING, ApplicationStatus.UPDATING, ApplicationStatus.STOPPING, ApplicationStatus.AUTOSCALING, ApplicationStatus.RUNNING], 'force-stop');
        app.detail.ApplicationStatus = ApplicationStatus.FORCE_STOPPING;
        app.stuck = false;
      } else {
        this.require(app.detail, [ApplicationStatus.RUNNING, ApplicationStatus.AUTOSCALING], 'stop');
        app.detail.ApplicationStatus = ApplicationStatus.STOPPING;
      }
      return {};
    });
    mock.on(UpdateApplicationCommand).callsFake(async (input: UpdateApplicationCommand['input']): Promise<Partial<UpdateApplicationCommandOutput>> => {
      const app = this.app(input.ApplicationName);
      this.calls.push(`UpdateApplication ${input.ApplicationName}`);
      this.require(app.detail, [ApplicationStatus.READY, ApplicationStatus.RUNNING], 'update');
      app.detail.ApplicationVersionId = (app.detail.ApplicationVersionId ?? 1) + 1;
      // A running application is updated in place (snapshot, restart with the new configuration); a READY one stays READY.
      if (app.detail.ApplicationStatus === ApplicationStatus.RUNNING) app.detail.ApplicationStatus = ApplicationStatus.UPDATING;
      return { ApplicationDetail: { ...app.detail } };
    });
    mock.on(DeleteApplicationCommand).callsFake(async (input: DeleteApplicationCommand['input']) => {
      const app = this.app(input.ApplicationName);
      this.calls.push(`DeleteApplication ${input.ApplicationName}`);
      this.require(app.detail, [ApplicationStatus.READY, ApplicationStatus.RUNNING], 'delete');
      this.apps.delete(app.detail.ApplicationName ?? '');
      return {};
    });
  }

  /** The application's status (undefined once deleted). */
  public status(name: string): string | undefined {
    return this.apps.get(name)?.detail.ApplicationStatus;
  }

  /** Sets an application's status from outside (an operator's stop, MSF's own maintenance). */
  public set(name: string, status: ApplicationStatus): void {
    this.app(name).detail.ApplicationStatus = status;
  }

  /** Deletes the application from outside (someone deleted it by hand). */
  public remove(name: string): void {
    this.apps.delete(name);
  }

  /** Pins the application in its current state until a forced stop (a start or snapshot that never completes). */
  public stick(name: string): void {
    this.app(name).stuck = true;
  }

  /** One step of time for every application. */
  public tick(): void {
    for (const app of this.apps.values()) {
      if (app.stuck) continue;
      const detail = app.detail;
      switch (detail.ApplicationStatus) {
        case ApplicationStatus.STARTING:
        case ApplicationStatus.UPDATING:
          detail.ApplicationStatus = ApplicationStatus.RUNNING;
          break;
        case ApplicationStatus.STOPPING:
          app.snapshots.unshift({
            SnapshotName: `stop-${app.snapshots.length + 1}`, SnapshotStatus: 'READY', ApplicationVersionId: detail.ApplicationVersionId,
          });
          detail.ApplicationStatus = ApplicationStatus.READY;
          break;
        case ApplicationStatus.FORCE_STOPPING:
          detail.ApplicationStatus = ApplicationStatus.READY;
          break;
        default:
      }
    }
  }

  private create(name: string): ApplicationDetail {
    if (this.apps.has(name)) throw new ResourceInUseException({ message: `Application ${name} already exists`, $metadata: {} });
    const detail: ApplicationDetail = {
      ApplicationARN: `arn:aws:kinesisanalytics:us-east-1:111111111111:application/${name}`,
      ApplicationName: name,
      RuntimeEnvironment: 'FLINK-1_20',
      ServiceExecutionRole: 'arn:aws:iam::111111111111:role/msf',
      ApplicationStatus: ApplicationStatus.READY,
      ApplicationVersionId: 1,
      ApplicationMode: 'STREAMING',
    };
    this.apps.set(name, { detail, snapshots: [], stuck: false });
    return { ...detail };
  }

  private app(name: string | undefined) {
    const app = this.apps.get(name ?? '');
    if (app === undefined) throw new ResourceNotFoundException({ message: `Application ${name} not found`, $metadata: {} });
    return app;
  }

  private require(detail: ApplicationDetail, allowed: readonly string[], what: string): void {
    if (!allowed.includes(detail.ApplicationStatus ?? '')) {
      throw new ResourceInUseException({ message: `Cannot ${what} application ${detail.ApplicationName} in status ${detail.ApplicationStatus}`, $metadata: {} });
    }
  }
}
