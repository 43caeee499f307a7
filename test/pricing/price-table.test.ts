import { MissingPriceError, PriceRow, PriceTable } from '../../lib/pricing/price-table';

const shipped = PriceTable.load();

describe('the shipped price table', () => {
  test('every row has a region, a date, a source and a verified flag', () => {
    for (const row of shipped.rows) {
      expect(row.region).toMatch(/^[a-z]{2}(-[a-z]+)+-\d$/);
      expect(row.date).toMatch(/^\d{4}(-\d{2}){0,2}$/);
      expect(row.source.length).toBeGreaterThan(5);
      expect(typeof row.verified).toBe('boolean');
      expect(row.usd).toBeGreaterThanOrEqual(0);
    }
  });

  test('carries the reference prices (us-east-1)', () => {
    const usd = (id: string) => shipped.get(id, 'us-east-1').usd;
    expect(usd('eks.cluster.standard')).toBe(0.1);
    expect(usd('ec2.m7g.large')).toBe(0.0816);
    expect(usd('msk.broker.kafka.m5.large')).toBe(0.21);
    expect(usd('msk.storage')).toBe(0.1);
    expect(usd('msf.kpu')).toBe(0.11);
    expect(usd('transfer.inter-az')).toBe(0.01);
    expect(shipped.get('msf.kpu', 'us-east-1').verified).toBe(false);
    expect(shipped.get('ec2.m7g.large', 'us-east-1').verified).toBe(true);
  });

  test('derived rows say so in their source', () => {
    expect(shipped.get('ec2.m7g.xlarge', 'us-east-1')).toMatchObject({ usd: 0.1632, verified: false, source: expect.stringContaining('derived: 2 × m7g.large') });
  });
});

describe('PriceTable', () => {
  const row = (id: string, region: string, usd = 1): PriceRow => ({ id, service: 's', description: 'd', unit: 'u', usd, region, date: '2026-01', source: 'test', verified: true });

  test('fails on a missing row with the id, the region and the regions that have it', () => {
    const table = new PriceTable({ currency: 'USD', generatedAt: '2026-01-01', generatedBy: 'test', rows: [row('a', 'us-east-1'), row('a', 'eu-west-1')] });
    expect(() => table.get('a', 'ap-south-1')).toThrow(new MissingPriceError('a', 'ap-south-1', ['us-east-1', 'eu-west-1']));
    expect(() => table.get('a', 'ap-south-1')).toThrow('no price "a" for region ap-south-1 in the price table (it has this price for: eu-west-1, us-east-1)');
    expect(() => table.get('b', 'us-east-1')).toThrow('no price "b" for region us-east-1 in the price table (it has this price for: (none))');
    expect(table.regions).toEqual(['eu-west-1', 'us-east-1']);
  });

  test('refuses duplicate rows and negative prices', () => {
    expect(() => new PriceTable({ currency: 'USD', generatedAt: 'x', generatedBy: 'x', rows: [row('a', 'us-east-1'), row('a', 'us-east-1')] })).toThrow('price table has two rows "a" for region us-east-1');
    expect(() => new PriceTable({ currency: 'USD', generatedAt: 'x', generatedBy: 'x', rows: [row('a', 'us-east-1', -1)] })).toThrow('price table row "a" (us-east-1) has an invalid price -1');
  });
});
