import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { main, parseArguments } from '../../bin/cli';
import { DEFAULT_PRICE_TABLE_FILE, PriceTable } from '../../lib/pricing/price-table';

function capture(): { out: () => string; err: () => string; restore: () => void } {
  const out: string[] = []; const err: string[] = [];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out.push(String(chunk)); return true; });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { err.push(String(chunk)); return true; });
  return { out: () => out.join(''), err: () => err.join(''), restore: () => { o.mockRestore(); e.mockRestore(); } };
}

describe('parseArguments', () => {
  test('words, -c context, --flags with and without values', () => {
    expect(parseArguments(['compare', '-c', 'env=prod', '--out', 'x', '--no-synth', '-c', 'a=b=c'])).toEqual({
      words: ['compare'], context: { env: 'prod', a: 'b=c' }, options: { 'out': 'x', 'no-synth': true },
    });
  });

  test('fails on -c without key=value and on an option without its value', () => {
    expect(() => parseArguments(['-c', 'env'])).toThrow('-c needs key=value, got "env"');
    expect(() => parseArguments(['compare', '--out'])).toThrow('--out needs a value');
  });
});

describe('main', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-test-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('compare prints the side-by-side table and writes Markdown and HTML', async () => {
    const io = capture();
    try {
      expect(await main(['compare', '-c', 'env=staging', '--no-synth', '--out', dir])).toBe(0);
    } finally { io.restore(); }
    expect(io.out()).toContain('Pipeline "orders", environment "staging" (us-east-1)');
    expect(io.out()).toMatch(/\| Total per month\s+\|\s+\$[\d,.]+ \|\s+\$[\d,.]+ \|/);
    expect(fs.readFileSync(path.join(dir, 'orders-staging.md'), 'utf8')).toContain('## Monthly cost by component');
    expect(fs.readFileSync(path.join(dir, 'orders-staging.html'), 'utf8')).toContain('id="cost-throughput-chart"');
  });

  test('an unknown environment fails with the known ones, exit code 1, no stack trace', async () => {
    const io = capture();
    let code: number;
    try { code = await main(['compare', '-c', 'env=qa', '--no-synth', '--out', dir]); } finally { io.restore(); }
    expect(code).toBe(1);
    expect(io.err()).toContain('context.env: unknown environment "qa" — use one of: dev, staging, prod');
  });

  test('an unknown command prints the usage and exits 1', async () => {
    const io = capture();
    let code: number;
    try { code = await main(['bogus']); } finally { io.restore(); }
    expect(code).toBe(1);
    expect(io.err()).toContain('unknown command: bogus');
  });

  test('prices refresh writes the refreshed table (Price List API mocked)', async () => {
    const pricing = mockClient(PricingClient);
    pricing.on(GetProductsCommand).resolves({ PriceList: [JSON.stringify({ product: { sku: 'SKU1' }, terms: { OnDemand: { t: { priceDimensions: { d: { unit: 'Hrs', beginRange: '0', pricePerUnit: { USD: '0.0820' } } } } } } })] });
    const file = path.join(dir, 'prices.json');
    fs.copyFileSync(DEFAULT_PRICE_TABLE_FILE, file);
    const io = capture();
    try {
      expect(await main(['prices', 'refresh', '--file', file, '--ids', 'ec2.m7g.large'])).toBe(0);
    } finally { io.restore(); pricing.restore(); }
    expect(PriceTable.load(file).get('ec2.m7g.large', 'us-east-1')).toMatchObject({ usd: 0.082, verified: true });
    expect(io.out()).toContain('updated ec2.m7g.large (us-east-1): 0.0816 → 0.082');
  });
});
