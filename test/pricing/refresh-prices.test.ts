import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { PRICE_QUERIES } from '../../lib/pricing/price-queries';
import { PriceTable, PriceTableData } from '../../lib/pricing/price-table';
import { refreshPriceTable } from '../../lib/pricing/refresh-prices';

/** A Price List product as GetProducts returns it (one JSON string per product). */
function product(sku: string, unit: string, tiers: [string, string][], attributes: Record<string, string> = {}): string {
  const priceDimensions = Object.fromEntries(tiers.map(([beginRange, usd], i) => [`${sku}.D${i}`, { unit, beginRange, pricePerUnit: { USD: usd } }]));
  return JSON.stringify({ product: { sku, attributes }, terms: { OnDemand: { [`${sku}.T`]: { priceDimensions } } } });
}

const table: PriceTableData = {
  currency: 'USD',
  generatedAt: '2026-01-01',
  generatedBy: 'test',
  rows: ['ec2.m7g.large', 'msf.kpu', 'glue.catalog.requests', 's3.standard.put', 'msk.storage'].map((id) => ({ ...PriceTable.load().get(id, 'us-east-1') })),
};

describe('refreshPriceTable (GetProducts mocked)', () => {
  const pricing = mockClient(PricingClient);
  beforeEach(() => pricing.reset());

  test('queries each row with region and attribute filters, takes exactly-one-product prices, converts units', async () => {
    pricing.on(GetProductsCommand, { ServiceCode: 'AmazonEC2' }).resolves({ PriceList: [product('EC2SKU', 'Hrs', [['0', '0.0817000000']])] });
    // MSF: the first page has one product, the second page none
    pricing.on(GetProductsCommand, { ServiceCode: 'AmazonKinesisAnalytics' }).resolvesOnce({ PriceList: [product('KPUSKU', 'Hours', [['0', '0.1100000000']])], NextToken: 'p2' }).resolves({ PriceList: [] });
    // Glue: free tier, then 1 USD per 1M requests = 0.000001 per request
    pricing.on(GetProductsCommand, { ServiceCode: 'AWSGlue' }).resolves({ PriceList: [product('GLUESKU', 'Requests', [['0', '0'], ['1000000', '0.0000010000']])] });
    pricing.on(GetProductsCommand, { ServiceCode: 'AmazonS3' }).resolves({ PriceList: [product('S3SKU', 'Requests', [['0', '0.0000050000']])] });
    // MSK storage: two products match → ambiguous, the row is kept
    pricing.on(GetProductsCommand, { ServiceCode: 'AmazonMSK' }).resolves({ PriceList: [product('A', 'GB-Mo', [['0', '0.10']]), product('B', 'GB-Mo', [['0', '0.11']])] });

    const report = await refreshPriceTable(new PricingClient({ region: 'us-east-1' }), table, { region: 'us-east-1', today: '2026-11-25' });
    const refreshed = new PriceTable(report.table);

    expect(refreshed.get('ec2.m7g.large', 'us-east-1')).toMatchObject({ usd: 0.0817, date: '2026-11-25', verified: true, source: 'AWS Price List API, GetProducts AmazonEC2 sku EC2SKU' });
    expect(refreshed.get('msf.kpu', 'us-east-1')).toMatchObject({ usd: 0.11, verified: true });
    expect(refreshed.get('glue.catalog.requests', 'us-east-1').usd).toBe(1);
    expect(refreshed.get('s3.standard.put', 'us-east-1').usd).toBe(0.005);
    expect(refreshed.get('msk.storage', 'us-east-1')).toEqual(table.rows[4]);
    expect(report.updated.map((u) => u.id)).toEqual(['ec2.m7g.large', 'msf.kpu', 'glue.catalog.requests', 's3.standard.put']);
    expect(report.kept).toEqual([{ id: 'msk.storage', reason: '2 AmazonMSK products with an on-demand price in GB-Mo matched (need exactly 1)' }]);

    const ec2Call = pricing.commandCalls(GetProductsCommand, { ServiceCode: 'AmazonEC2' })[0].args[0].input;
    expect(ec2Call.Filters).toEqual(expect.arrayContaining([
      { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
      { Type: 'TERM_MATCH', Field: 'instanceType', Value: 'm7g.large' },
      { Type: 'TERM_MATCH', Field: 'operatingSystem', Value: 'Linux' },
      { Type: 'TERM_MATCH', Field: 'tenancy', Value: 'Shared' },
    ]));
    expect(pricing.commandCalls(GetProductsCommand, { ServiceCode: 'AmazonKinesisAnalytics' })).toHaveLength(2);
    expect(pricing.commandCalls(GetProductsCommand, { ServiceCode: 'AmazonKinesisAnalytics' })[1].args[0].input.NextToken).toBe('p2');
  });

  test('a new region gets the rows whose query resolves; failures are reported, never invented', async () => {
    pricing.on(GetProductsCommand).rejects(new Error('AccessDeniedException'));
    pricing.on(GetProductsCommand, { ServiceCode: 'AmazonEC2' }).resolves({ PriceList: [product('EUSKU', 'Hrs', [['0', '0.0900']])] });
    const report = await refreshPriceTable(new PricingClient({ region: 'us-east-1' }), table, { region: 'eu-west-1', today: '2026-11-25', ids: ['ec2.m7g.large', 'msf.kpu'] });
    const refreshed = new PriceTable(report.table);
    expect(refreshed.get('ec2.m7g.large', 'eu-west-1')).toMatchObject({ usd: 0.09, region: 'eu-west-1', description: 'm7g.large on-demand Linux (2 vCPU, 8 GiB)' });
    expect(refreshed.has('msf.kpu', 'eu-west-1')).toBe(false);
    expect(refreshed.get('msf.kpu', 'us-east-1').usd).toBe(0.11);
    expect(report.kept).toEqual([{ id: 'msf.kpu', reason: 'GetProducts failed: AccessDeniedException' }]);
    expect(report.table.generatedBy).toBe('prices refresh --region eu-west-1');
  });

  test('every row of the shipped table has a Price List query', () => {
    const missing = PriceTable.load().rows.filter((r) => !PRICE_QUERIES[r.id]).map((r) => r.id);
    expect(missing).toEqual([]);
  });
});
