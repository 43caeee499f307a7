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
    expect(() => parseArguments(['compare', '--out', '--no-synth'])).toThrow('--out needs a value');
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

  test('an unknown command prints the usage and exits 2', async () => {
    const io = capture();
    let code: number;
    try { code = await main(['bogus']); } finally { io.restore(); }
    expect(code).toBe(2);
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

  /** Runs main with captured output: exit code, stdout, stderr. */
  async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const io = capture();
    try { const code = await main(argv); return { code, out: io.out(), err: io.err() }; } finally { io.restore(); }
  }

  test.each([
    [['compare', '--line-item'], 'pipelines: compare: unknown flag --line-item (did you mean --line-items?)'],
    [['compare', '--no-synt', '--out', 'x'], 'pipelines: compare: unknown flag --no-synt (did you mean --no-synth?)'],
    [['compare', '--region', 'eu-west-1'], 'pipelines: compare: unknown flag --region'],
    [['prices', 'refresh', '--prices', 'x.json'], 'pipelines: prices refresh: unknown flag --prices'],
    [['compare', 'now'], 'pipelines: compare: unexpected argument "now"'],
    [['compare', '-x'], 'pipelines: unknown option -x'],
  ])('%j is a usage error: one line, the usage, exit 2', async (argv, message) => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe(message);
    expect(err).toContain('Usage:');
    expect(err).not.toMatch(/\n\s+at /);
  });

  test('--prices with a missing file is one line', async () => {
    const { code, err } = await run(['compare', '--no-synth', '--out', dir, '--prices', path.join(dir, 'nope.json')]);
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe(`pipelines: --prices: no price table at ${path.join(dir, 'nope.json')}`);
  });

  test('--chart-png without Chromium is one line, no stack trace', async () => {
    const before = process.env.CHROMIUM;
    process.env.CHROMIUM = path.join(dir, 'no-chromium');
    try {
      const { code, err } = await run(['compare', '-c', 'env=dev', '--no-synth', '--out', dir, '--chart-png', path.join(dir, 'c.png')]);
      expect(code).toBe(1);
      expect(err).toBe('chromium not found (install the Debian package "chromium" or set CHROMIUM=/path/to/chrome)\n');
    } finally {
      if (before === undefined) delete process.env.CHROMIUM; else process.env.CHROMIUM = before;
    }
  });

  test('compare --definitions reports on every pipeline the module exports', async () => {
    const module = path.join(dir, 'defs.ts');
    fs.writeFileSync(module, [
      `import { generatedPipeline } from ${JSON.stringify(path.resolve(__dirname, '../../lib/examples/generated-pipeline'))};`,
      "export const definitions = [generatedPipeline({ name: 'clicks', jobs: 1 }), generatedPipeline({ name: 'views', jobs: 2 })];",
    ].join('\n'));
    const { code, out } = await run(['compare', '-c', 'env=dev', '--no-synth', '--out', dir, '--definitions', module]);
    expect(code).toBe(0);
    expect(out).toContain('Pipeline "clicks", environment "dev"');
    expect(out).toContain('Pipeline "views", environment "dev"');
    expect(fs.existsSync(path.join(dir, 'views-dev.md'))).toBe(true);
  });

  test('--definitions naming a module without definitions is a usage error', async () => {
    const module = path.join(dir, 'empty.js');
    fs.writeFileSync(module, 'exports.answer = 42;\n');
    const { code, err } = await run(['compare', '--no-synth', '--definitions', module]);
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe(`pipelines: --definitions: ${module} exports no pipeline definition (exports: answer)`);
  });

  test('prices refresh that updated nothing leaves the file, provenance included, as it was', async () => {
    const pricing = mockClient(PricingClient);
    pricing.on(GetProductsCommand).resolves({ PriceList: [] });
    const file = path.join(dir, 'prices.json');
    fs.copyFileSync(DEFAULT_PRICE_TABLE_FILE, file);
    const before = fs.readFileSync(file, 'utf8');
    let result: { code: number; out: string };
    try { result = await run(['prices', 'refresh', '--file', file, '--ids', 'ec2.m7g.large']); } finally { pricing.restore(); }
    expect(result.code).toBe(0);
    expect(result.out).toContain('left as it was: nothing updated, 1 kept');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });
});

test('the shipped price table names no file outside the repository as its provenance', () => {
  const { generatedBy } = PriceTable.load().data;
  expect(generatedBy).not.toMatch(/shared\/|\.\.\/|\.md\b/);
});
