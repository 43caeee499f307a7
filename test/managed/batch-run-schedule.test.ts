import { Duration } from 'aws-cdk-lib';
import { batchRunCron } from '../../constructs/managed/flink/batch-run-schedule';

const at = 'jobs[1] ("customers-nightly").schedule';

describe('batchRunCron', () => {
  test('a daily run starts at the cron time and stops after the window', () => {
    expect(batchRunCron('0 2 * * *', Duration.hours(1), at)).toEqual({ start: 'cron(0 2 * * ? *)', stop: 'cron(0 3 * * ? *)' });
  });
  test('a window of 90 minutes shifts minute and hour', () => {
    expect(batchRunCron('45 1 * * *', Duration.minutes(90), at)).toEqual({ start: 'cron(45 1 * * ? *)', stop: 'cron(15 3 * * ? *)' });
  });
  test('a daily run may end after midnight', () => {
    expect(batchRunCron('30 23 * * *', Duration.hours(1), at)).toEqual({ start: 'cron(30 23 * * ? *)', stop: 'cron(30 0 * * ? *)' });
  });
  test('day-of-week moves to EventBridge numbering (Sunday = 1) and day-of-month becomes ?', () => {
    expect(batchRunCron('0 4 * * 0,6', Duration.hours(2), at)).toEqual({ start: 'cron(0 4 ? * 1,7 *)', stop: 'cron(0 6 ? * 1,7 *)' });
  });
  test('fails if the cron does not have 5 fields', () => {
    expect(batchRunCron('0 2 * *', Duration.hours(1), at)).toEqual(expect.objectContaining({ path: at, message: 'must be a cron of 5 fields (minute hour day-of-month month day-of-week), got "0 2 * *" (has 4 fields, not 5)' }));
  });
  test('fails if the start hour is not a single value', () => {
    expect(batchRunCron('0 */6 * * *', Duration.hours(1), at)).toEqual(expect.objectContaining({ message: 'needs a single start minute and hour on the managed flavor, got "0 */6 * * *"' }));
  });
  test('fails if day-of-month and day-of-week are both restricted', () => {
    expect(batchRunCron('0 2 1 * 1', Duration.hours(1), at)).toEqual(expect.objectContaining({ message: 'restricts both day-of-month and day-of-week ("0 2 1 * 1"), which EventBridge Scheduler cannot express' }));
  });
  test('fails if a run restricted to some days would cross midnight', () => {
    expect(batchRunCron('0 23 * * 1', Duration.hours(2), at)).toEqual(expect.objectContaining({ message: 'runs past midnight (window 2 hours) on a schedule restricted to some days ("0 23 * * 1")' }));
  });
  test('fails if the run window is a day or more', () => {
    expect(batchRunCron('0 0 * * *', Duration.hours(24), at)).toEqual(expect.objectContaining({ message: 'has a run window of 1 day, a day or more' }));
  });
});
