import { Duration, Stack, aws_iam as iam, aws_kms as kms, aws_logs as logs, aws_scheduler as scheduler } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { parseCron } from '../../../lib/definition/cron-fields';
import { ValidationProblem } from '../../../lib/validation/validation-problem';
import { BatchRunStopper } from './batch-run-stopper';

/** A 5-field cron (`minute hour day-of-month month day-of-week`, UTC) as two EventBridge Scheduler expressions. */
export interface BatchRunCron {
  /** `cron(…)` that starts the run. */
  readonly start: string;
  /** `cron(…)` that stops the application at the end of the run window (a backstop: it stops when its job ends). */
  readonly stop: string;
}

const DAY_MINUTES = 24 * 60;

/**
 * A day-of-month, month or day-of-week field in EventBridge form: `*` stays, anything else becomes the explicit list of
 * the days it matches (EventBridge counts days of week 1–7 from Sunday, Unix cron 0–6), so steps and ranges are never
 * renumbered digit by digit (`*\/2` on days of week is Sunday, Tuesday, Thursday, Saturday: `1,3,5,7`).
 */
function eventBridgeField(field: string, values: readonly number[], dayOfWeek: boolean): string {
  if (field === '*') return '*';
  return values.map((v) => (dayOfWeek ? v + 1 : v)).join(',');
}

/**
 * Converts the plan's cron and run window into Scheduler expressions, or explains why it cannot: the stop time is the
 * start shifted by the window, which needs a single start minute and hour; a shift past midnight needs a daily
 * schedule; EventBridge needs one of day-of-month / day-of-week to be `?`.
 */
export function batchRunCron(expression: string, window: Duration, path: string): BatchRunCron | ValidationProblem {
  const parsed = parseCron(expression);
  if (typeof parsed === 'string') {
    return { path, message: `must be a cron of 5 fields (minute hour day-of-month month day-of-week), got "${expression}" (${parsed})`, fix: 'e.g. JobSchedule.cron("0 2 * * *")' };
  }
  const [minute, hour, dom, month, dow] = parsed.fields;
  if (!/^\d+$/.test(minute) || !/^\d+$/.test(hour) || Number(minute) > 59 || Number(hour) > 23) {
    return { path, message: `needs a single start minute and hour on the managed flavor, got "${expression}"`, fix: 'schedule one run a day at a fixed time, e.g. "0 2 * * *" (the application is stopped at start + run window)' };
  }
  if (dom !== '*' && dow !== '*') {
    return { path, message: `restricts both day-of-month and day-of-week ("${expression}"), which EventBridge Scheduler cannot express`, fix: 'restrict only one of them' };
  }
  const startMinutes = Number(hour) * 60 + Number(minute);
  const stopMinutes = startMinutes + Math.max(1, Math.round(window.toMinutes({ integral: false })));
  if (stopMinutes >= DAY_MINUTES && (dom !== '*' || dow !== '*' || month !== '*')) {
    return { path, message: `runs past midnight (window ${window.toHumanString()}) on a schedule restricted to some days ("${expression}")`, fix: 'start earlier, shorten the run window (costControl), or schedule daily' };
  }
  if (stopMinutes - startMinutes >= DAY_MINUTES) {
    return { path, message: `has a run window of ${window.toHumanString()}, a day or more`, fix: 'use a streaming job, or a run window under 24 hours (costControl)' };
  }
  const stop = stopMinutes % DAY_MINUTES;
  const [, , domValues, monthValues, dowValues] = parsed.values;
  const startDom = dow === '*' ? eventBridgeField(dom, domValues, false) : '?';
  const startDow = dow === '*' ? '?' : eventBridgeField(dow, dowValues, true);
  const months = eventBridgeField(month, monthValues, false);
  return {
    start: `cron(${Number(minute)} ${Number(hour)} ${startDom} ${months} ${startDow} *)`,
    stop: `cron(${stop % 60} ${Math.floor(stop / 60)} ${startDom} ${months} ${startDow} *)`,
  };
}

/** Properties of {@link BatchRunSchedule}. */
export interface BatchRunScheduleProps {
  readonly applicationName: string;
  readonly applicationArn: string;
  /** Start and stop expressions (see {@link batchRunCron}). */
  readonly cron: BatchRunCron;
  /** The application's log group: its job state lines stop the application when the job ends. */
  readonly logGroup: logs.ILogGroup;
  /** KMS key of the stopper's log group: the platform key. */
  readonly logEncryptionKey?: kms.IKey;
}

/**
 * Runs a bounded (batch) job on MSF on its schedule. MSF has no scheduled runs: an application runs until stopped and
 * is billed per KPU-hour while it runs. So EventBridge Scheduler starts the application (without restoring a snapshot:
 * a bounded run keeps no state between runs; the read stops at the plan's bounded offsets) at the scheduled time; a
 * {@link BatchRunStopper} stops it as soon as its job FINISHED (MSF would keep it RUNNING and billing), and the stop
 * schedule at the end of the run window the plan prices (`costControl`) is the backstop for a run that does not end.
 * The window must cover a run; a run cut short commits nothing (Iceberg commits at the end of a bounded job) and is
 * redone, idempotently thanks to the table's upsert key, on the next run.
 */
export class BatchRunSchedule extends Construct {
  public readonly startSchedule: scheduler.CfnSchedule;
  public readonly stopSchedule: scheduler.CfnSchedule;
  public readonly stopper: BatchRunStopper;

  constructor(scope: Construct, id: string, props: BatchRunScheduleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: `Starts and stops the scheduled runs of MSF application ${props.applicationName}`,
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['kinesisanalytics:StartApplication', 'kinesisanalytics:StopApplication'],
      resources: [props.applicationArn],
    }));
    const target = (action: 'startApplication' | 'stopApplication', input: object, retries: number): scheduler.CfnSchedule.TargetProperty => ({
      arn: `arn:${stack.partition}:scheduler:::aws-sdk:kinesisanalyticsv2:${action}`,
      roleArn: role.roleArn,
      input: stack.toJsonString(input),
      retryPolicy: { maximumRetryAttempts: retries, maximumEventAgeInSeconds: 3600 },
    });
    this.startSchedule = new scheduler.CfnSchedule(this, 'Start', {
      description: `Starts the bounded run of ${props.applicationName}`,
      scheduleExpression: props.cron.start,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: target('startApplication', {
        ApplicationName: props.applicationName,
        RunConfiguration: { ApplicationRestoreConfiguration: { ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' } },
      }, 3),
    });
    this.stopSchedule = new scheduler.CfnSchedule(this, 'Stop', {
      description: `Stops ${props.applicationName} at the end of its run window, if its job has not ended`,
      scheduleExpression: props.cron.stop,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      // Already stopped (the run ended by itself): StopApplication fails and there is nothing to retry.
      target: target('stopApplication', { ApplicationName: props.applicationName, Force: false }, 0),
    });
    this.stopper = new BatchRunStopper(this, 'Stopper', { applicationName: props.applicationName, applicationArn: props.applicationArn, logGroup: props.logGroup,
      logEncryptionKey: props.logEncryptionKey });
  }
}
