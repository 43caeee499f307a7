import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PNG } from 'pngjs';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { PriceTable } from '../../lib/pricing/price-table';
import { buildComparison } from '../../lib/report/comparison';
import { dumpDom, findChromium, screenshot } from '../../lib/report/headless-chromium';
import { CHART_PAGE_SIZE, writeReport } from '../../lib/report/write-report';
import { environment } from '../support/test-app';

/**
 * The HTML report opened in headless Chromium (Debian package `chromium`, installed by .ci/run). Where Chromium
 * cannot be installed the suite is skipped with that reason; set REQUIRE_CHROMIUM=1 to make its absence a failure.
 */
const chromium = findChromium();
const SKIP_REASON = 'SKIPPED: chromium is not installed here (apt-get install -y chromium, as .ci/run does)';
if (!chromium && process.env.REQUIRE_CHROMIUM === '1') throw new Error('REQUIRE_CHROMIUM=1 but chromium is not installed');
if (!chromium) process.stderr.write(`report-chromium.test.ts: ${SKIP_REASON}\n`);

/** Pixels that are not (near) white, and pixels close to an RGB colour. */
function pixelStats(file: string, colours: Record<string, [number, number, number]>): { total: number; nonWhite: number; byColour: Record<string, number> } {
  const png = PNG.sync.read(fs.readFileSync(file));
  let nonWhite = 0;
  const byColour: Record<string, number> = Object.fromEntries(Object.keys(colours).map((k) => [k, 0]));
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
    if (r < 245 || g < 245 || b < 245) nonWhite++;
    for (const [name, [cr, cg, cb]] of Object.entries(colours)) {
      if (Math.abs(r - cr) <= 8 && Math.abs(g - cg) <= 8 && Math.abs(b - cb) <= 8) byColour[name]++;
    }
  }
  return { total: png.width * png.height, nonWhite, byColour };
}

(chromium ? describe : describe.skip)(chromium ? 'the HTML report in headless Chromium' : `the HTML report in headless Chromium — ${SKIP_REASON}`, () => {
  const binary = chromium ?? '';
  let dir: string;
  let files: ReturnType<typeof writeReport>;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-chromium-'));
    const comparison = buildComparison({ definition: ORDERS_PIPELINE, environment: environment('prod'), prices: PriceTable.load() });
    files = writeReport(comparison, dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the rendered DOM shows both flavors\' totals and both charts with their data', () => {
    const dom = dumpDom(binary, files.html);
    expect(dom).toMatch(/<td class="money total" data-flavor="self-hosted" data-total="2489.32"[^>]*>\$2,489.32<\/td>/);
    expect(dom).toMatch(/<td class="money total" data-flavor="managed" data-total="2367.96"[^>]*>\$2,367.96<\/td>/);
    expect(dom).toContain('<svg xmlns="http://www.w3.org/2000/svg" id="cost-breakdown-chart"');
    expect((dom.match(/<rect class="segment"/g) ?? []).length).toBe(15);
    expect(dom).toMatch(/<text class="bar-total" data-flavor="managed"[^>]*>\$2,368<\/text>/);
    expect(dom).toContain('<svg xmlns="http://www.w3.org/2000/svg" id="cost-throughput-chart"');
    expect(dom).toContain('<g class="crossover">');
  }, 60_000);

  test('a screenshot of the report is not blank', () => {
    const png = path.join(dir, 'report.png');
    screenshot(binary, files.html, png, { width: 1400, height: 1600 });
    const stats = pixelStats(png, {});
    expect(stats.total).toBe(1400 * 1600);
    expect(stats.nonWhite / stats.total).toBeGreaterThan(0.03);
  }, 60_000);

  test('a screenshot of the charts shows both flavors\' series and the cost components', () => {
    const png = path.join(dir, 'charts.png');
    screenshot(binary, files.chartsHtml, png, CHART_PAGE_SIZE);
    const stats = pixelStats(png, { selfHosted: [0x00, 0x72, 0xb2], managed: [0xd5, 0x5e, 0x00], kafkaStorage: [0x11, 0x77, 0x33], flinkCompute: [0xdd, 0xcc, 0x77] });
    expect(stats.byColour.selfHosted).toBeGreaterThan(100);
    expect(stats.byColour.managed).toBeGreaterThan(100);
    expect(stats.byColour.kafkaStorage).toBeGreaterThan(1000);
    expect(stats.byColour.flinkCompute).toBeGreaterThan(100);
  }, 60_000);
});
