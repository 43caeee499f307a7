import { Duration } from 'aws-cdk-lib';
import { BatchRunCron, batchRunCron } from '../../constructs/managed/flink/batch-run-schedule';

/**
 * The managed flavor converts a job's Unix/Kubernetes cron into EventBridge Scheduler expressions. This suite checks
 * the conversion exhaustively for every form of the day fields against two independent reference evaluators written
 * here (no code shared with the converter): the days a Unix cron fires on must be the days the EventBridge
 * expression fires on, over two whole years (one a leap year).
 */

/** Unix cron (robfig/cron, Kubernetes) membership of one value in one field item list. */
function unixMatches(field: string, value: number, min: number, max: number): boolean {
  return field.split(',').some((item) => {
    const [range, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let lo: number;
    let hi: number;
    if (range === '*') { lo = min; hi = max; } else if (range.includes('-')) { [lo, hi] = range.split('-').map(Number); } else { lo = Number(range); hi = stepText === undefined ? lo : max; }
    return value >= lo && value <= hi && (value - lo) % step === 0;
  });
}

/** Unix cron: fires on a day if month matches and (both day fields star-led → AND; else OR of the restricted ones). */
function unixFiresOn(dom: string, month: string, dow: string, day: Date): boolean {
  if (!unixMatches(month, day.getUTCMonth() + 1, 1, 12)) return false;
  const domOk = unixMatches(dom, day.getUTCDate(), 1, 31);
  const dowOk = unixMatches(dow, day.getUTCDay(), 0, 6);
  return dom.startsWith('*') || dow.startsWith('*') ? domOk && dowOk : domOk || dowOk;
}

/** EventBridge: `cron(min hour dom month dow year)`, dow 1–7 from Sunday, `?` = no restriction. */
function eventBridgeFiresOn(expression: string, day: Date): boolean {
  const [, , dom, month, dow] = expression.replace(/^cron\(|\)$/g, '').split(' ');
  const matches = (field: string, value: number, min: number, max: number) => field === '?' || unixMatches(field, value, min, max);
  return matches(month, day.getUTCMonth() + 1, 1, 12) && matches(dom, day.getUTCDate(), 1, 31) && matches(dow, day.getUTCDay() + 1, 1, 7);
}

const DAYS: Date[] = Array.from({ length: 731 }, (_, i) => new Date(Date.UTC(2027, 0, 1 + i)));

/** Every field form of a field with the given range: *, n, n-m, *\/s, n-m/s, n/s, and lists. */
function forms(min: number, max: number): string[] {
  const out = new Set<string>(['*']);
  for (let a = min; a <= max; a++) {
    out.add(String(a));
    for (const s of [2, 3, 5]) out.add(`${a}/${s}`);
    for (let b = a + 1; b <= max; b += max - min > 12 ? 7 : 1) {
      out.add(`${a}-${b}`);
      out.add(`${a}-${b}/2`);
    }
    if (a < max) out.add(`${a},${max}`);
  }
  for (let s = 1; s <= max - min + 1; s++) out.add(`*/${s}`);
  out.add(`${min}-${min + 1},*/3`);
  return [...out];
}

function convert(dom: string, month: string, dow: string): BatchRunCron {
  const result = batchRunCron(`0 2 ${dom} ${month} ${dow}`, Duration.hours(1), 'schedule');
  if ('path' in result) throw new Error(`refused 0 2 ${dom} ${month} ${dow}: ${result.message}`);
  return result;
}

function expectSameDays(dom: string, month: string, dow: string): void {
  const cron = convert(dom, month, dow);
  const wrong = DAYS.filter((d) => unixFiresOn(dom, month, dow, d) !== eventBridgeFiresOn(cron.start, d));
  expect({ cron: `0 2 ${dom} ${month} ${dow}`, start: cron.start, wrongDays: wrong.slice(0, 3).map((d) => d.toISOString().slice(0, 10)) })
    .toEqual({ cron: `0 2 ${dom} ${month} ${dow}`, start: cron.start, wrongDays: [] });
}

describe('cron conversion matches a reference evaluator on every day of two years', () => {
  test('the reported bug: 0 2 * * */2 runs Sunday, Tuesday, Thursday, Saturday', () => {
    expect(convert('*', '*', '*/2').start).toBe('cron(0 2 ? * 1,3,5,7 *)');
  });
  test.each(forms(0, 6))('day-of-week %s', (dow) => expectSameDays('*', '*', dow));
  test.each(forms(1, 31))('day-of-month %s', (dom) => expectSameDays(dom, '*', '*'));
  test.each(forms(1, 12))('month %s', (month) => {
    expectSameDays('*', month, '*');
    expectSameDays('*', month, '1-5');
    expectSameDays('15', month, '*');
  });
  test.each(['7', '0-7', '*/0', '5-1', '32', 'MON', '1-', '?', 'L'])('refuses day-of-week %s (Kubernetes would refuse or read it otherwise)', (dow) => {
    expect(batchRunCron(`0 2 * * ${dow}`, Duration.hours(1), 'schedule')).toEqual(expect.objectContaining({ path: 'schedule' }));
  });
});
