import { Lazy, Stack, Token } from 'aws-cdk-lib';
import { MSF_MAX_PROPERTIES_PER_GROUP, sqlFromPropertyGroups, sqlPropertyGroups } from '../../constructs/managed/flink/msf-property-groups';

describe('sqlPropertyGroups', () => {
  test('a short script is one part in group sql.0, key 0000', () => {
    expect(sqlPropertyGroups('SELECT 1;\n')).toEqual({ 'sql.0': { '0000': 'SELECT 1;\n' } });
  });

  test('parts are at most 2,000 characters and reassemble to the script exactly', () => {
    const sql = Array.from({ length: 900 }, (_, i) => `INSERT INTO t VALUES (${i}, 'ä');`).join('\n');
    const groups = sqlPropertyGroups(sql);
    const values = Object.values(groups).flatMap((g) => Object.values(g));
    expect(values.every((v) => v.length <= 2000 && v.length > 0)).toBe(true);
    expect(sqlFromPropertyGroups(groups)).toBe(sql);
  });

  test('more than 50 parts spill into sql.1 with keys continuing in order', () => {
    const sql = 'x'.repeat(2000 * (MSF_MAX_PROPERTIES_PER_GROUP + 2));
    const groups = sqlPropertyGroups(sql);
    expect(Object.keys(groups)).toEqual(['sql.0', 'sql.1']);
    expect(Object.keys(groups['sql.0'])).toHaveLength(50);
    expect(Object.keys(groups['sql.1'])).toEqual(['0050', '0051']);
  });

  test('a deploy-time token stays whole, as a part of its own, and resolves in place', () => {
    const stack = new Stack();
    const brokers = Lazy.string({ produce: () => 'b-1:9098,b-2:9098' });
    const sql = `'properties.bootstrap.servers' = '${brokers}',\n'topic' = 'orders'`;
    const groups = sqlPropertyGroups(sql, 10);
    const parts = Object.values(groups['sql.0']);
    expect(parts.filter((p) => Token.isUnresolved(p))).toHaveLength(1);
    const resolved = stack.resolve(groups) as Record<string, Record<string, string>>;
    expect(sqlFromPropertyGroups(resolved)).toBe(`'properties.bootstrap.servers' = 'b-1:9098,b-2:9098',\n'topic' = 'orders'`);
  });
});
