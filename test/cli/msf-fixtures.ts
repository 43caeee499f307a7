import {
  DescribeApplicationCommand, DescribeApplicationOperationCommand, KinesisAnalyticsV2Client, ListApplicationSnapshotsCommand, SnapshotStatus,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { mockClient } from 'aws-sdk-client-mock';

/** The MSF client's mock (reset before each test; `runCli`'s fake clock starts at 2026-11-30T05:00:00Z). */
export const flink = mockClient(KinesisAnalyticsV2Client);
beforeEach(() => { flink.reset(); });
afterAll(() => { flink.restore(); });

export const STREAMING = 'orders-staging-orders-to-lake';

/** The streaming job's application (autoscaled, snapshots on, as the stack deploys it) in a status, then in the next ones. */
export function application(...statuses: string[]): void {
  let call = 0;
  flink.on(DescribeApplicationCommand).callsFake((input: { ApplicationName?: string }) => {
    const status = statuses[Math.min(call++, statuses.length - 1)];
    const batch = input.ApplicationName !== STREAMING;
    return {
      ApplicationDetail: {
        ApplicationName: input.ApplicationName, ApplicationARN: 'arn', ApplicationVersionId: 7, RuntimeEnvironment: 'FLINK-1_20',
        ApplicationStatus: status,
        ApplicationConfigurationDescription: {
          ApplicationSnapshotConfigurationDescription: { SnapshotsEnabled: !batch },
          FlinkApplicationConfigurationDescription: {
            ParallelismConfigurationDescription: { ConfigurationType: 'CUSTOM', Parallelism: call > 1 ? 3 : 1, CurrentParallelism: call > 1 ? 3 : 2, ParallelismPerKPU: 1, AutoScalingEnabled: !batch },
          },
        },
      },
    };
  });
}

export function snapshots(...summaries: { name: string; status: SnapshotStatus; at: string }[]): void {
  flink.on(ListApplicationSnapshotsCommand).resolves({
    SnapshotSummaries: summaries.map((s) => ({ SnapshotName: s.name, SnapshotStatus: s.status, ApplicationVersionId: 7, SnapshotCreationTimestamp: new Date(s.at) })),
  });
}

export function operation(...statuses: string[]): void {
  let call = 0;
  flink.on(DescribeApplicationOperationCommand).callsFake(() => ({
    ApplicationOperationInfoDetails: { Operation: 'x', StartTime: new Date(), EndTime: new Date(), OperationStatus: statuses[Math.min(call++, statuses.length - 1)] },
  }));
}

