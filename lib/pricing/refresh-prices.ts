import type * as PricingSdk from '@aws-sdk/client-pricing';
import type { Filter, PricingClient } from '@aws-sdk/client-pricing';
import { PRICE_QUERIES, PriceQuery } from './price-queries';
import { PriceRow, PriceTableData } from './price-table';

/** A price the API returned for one query, or why none was taken. */
export type QueryOutcome =
  | { readonly ok: true; readonly usd: number; readonly sku: string }
  | { readonly ok: false; readonly reason: string };

/** What a refresh did to each row. */
export interface RefreshReport {
  readonly table: PriceTableData;
  /** Rows updated from the API. */
  readonly updated: { readonly id: string; readonly before?: number; readonly after: number }[];
  /** Rows kept as they were, with the reason. */
  readonly kept: { readonly id: string; readonly reason: string }[];
}

interface PriceDimension {
  readonly unit?: string;
  readonly beginRange?: string;
  readonly pricePerUnit?: { readonly USD?: string };
}

interface PriceListProduct {
  readonly product?: { readonly sku?: string; readonly attributes?: Record<string, string> };
  readonly terms?: { readonly OnDemand?: Record<string, { readonly priceDimensions?: Record<string, PriceDimension> }> };
}

function filtersOf(query: PriceQuery, region: string): Filter[] {
  const filters: Filter[] = (query.regionAttributes ?? ['regionCode']).map((Field) => ({ Type: 'TERM_MATCH', Field, Value: region }));
  for (const [Field, Value] of Object.entries(query.equals ?? {})) filters.push({ Type: 'TERM_MATCH', Field, Value });
  for (const [Field, Value] of Object.entries(query.contains ?? {})) filters.push({ Type: 'CONTAINS', Field, Value });
  return filters;
}

/** The on-demand dimensions of a product in the query's unit, cheapest tier first by range start. */
function dimensions(product: PriceListProduct, unit: string): PriceDimension[] {
  const terms = Object.values(product.terms?.OnDemand ?? {});
  return terms.flatMap((t) => Object.values(t.priceDimensions ?? {}))
    .filter((d) => d.unit === unit && d.pricePerUnit?.USD !== undefined)
    .sort((a, b) => Number(a.beginRange ?? 0) - Number(b.beginRange ?? 0));
}

/**
 * The Price List SDK, loaded on the first refresh: only `pipelines prices refresh` calls it, and the library's root
 * exports this module, so a static import would load the SDK (about 0.1 s) into every app that imports the library.
 */
function pricingSdk(): typeof PricingSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@aws-sdk/client-pricing') as typeof PricingSdk;
}

/** Runs one query (all pages) and takes its price if exactly one product matches. */
export async function queryPrice(client: PricingClient, query: PriceQuery, region: string): Promise<QueryOutcome> {
  const products: PriceListProduct[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new (pricingSdk().GetProductsCommand)({ ServiceCode: query.serviceCode, Filters: filtersOf(query, region), FormatVersion: 'aws_v1', MaxResults: 100, NextToken: nextToken }));
    for (const item of page.PriceList ?? []) products.push(JSON.parse(String(item)) as PriceListProduct);
    nextToken = page.NextToken;
  } while (nextToken);
  const priced = products.filter((p) => dimensions(p, query.apiUnit).length > 0);
  if (priced.length !== 1) {
    return { ok: false, reason: `${priced.length} ${query.serviceCode} products with an on-demand price in ${query.apiUnit} matched (need exactly 1)` };
  }
  const dims = dimensions(priced[0], query.apiUnit);
  const dim = query.firstPaidTier ? dims.find((d) => Number(d.pricePerUnit?.USD) > 0) : dims[0];
  const usd = Number(dim?.pricePerUnit?.USD);
  if (!dim || !(usd >= 0)) return { ok: false, reason: 'no usable price dimension' };
  const value = Math.round(usd * (query.multiplier ?? 1) * 1e8) / 1e8;
  return { ok: true, usd: value, sku: priced[0].product?.sku ?? 'unknown sku' };
}

/** Options of {@link refreshPriceTable}. */
export interface RefreshOptions {
  /** Region to refresh (rows of other regions are kept as they are). */
  readonly region: string;
  /** ISO date stamped on refreshed rows. */
  readonly today: string;
  /** Row ids to refresh. @default - every row with a query */
  readonly ids?: readonly string[];
}

/**
 * Refreshes the rows of one region from the AWS Price List API. A region the table does not have yet gets a row for
 * every query that resolves (description and unit copied from another region's row of the same id). A query that
 * fails or is ambiguous keeps the row as it was and says why: a refresh never invents a price.
 */
export async function refreshPriceTable(client: PricingClient, table: PriceTableData, options: RefreshOptions): Promise<RefreshReport> {
  const updated: RefreshReport['updated'] = [];
  const kept: RefreshReport['kept'] = [];
  const templates = new Map<string, PriceRow>();
  for (const row of table.rows) if (!templates.has(row.id)) templates.set(row.id, row);
  const rows = new Map<string, PriceRow>(table.rows.map((r) => [`${r.region}/${r.id}`, r]));
  const ids = options.ids ?? [...templates.keys()];
  for (const id of ids) {
    const query = PRICE_QUERIES[id];
    const template = templates.get(id);
    if (!query || !template) { kept.push({ id, reason: query ? 'no row to copy its description and unit from' : 'no Price List query for this row' }); continue; }
    const current = rows.get(`${options.region}/${id}`);
    let outcome: QueryOutcome;
    try {
      outcome = await queryPrice(client, query, options.region);
    } catch (error) {
      outcome = { ok: false, reason: `GetProducts failed: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (!outcome.ok) { kept.push({ id, reason: outcome.reason }); continue; }
    rows.set(`${options.region}/${id}`, {
      ...(current ?? template),
      region: options.region,
      usd: outcome.usd,
      date: options.today,
      source: `AWS Price List API, GetProducts ${query.serviceCode} sku ${outcome.sku}`,
      verified: true,
    });
    updated.push({ id, before: current?.usd, after: outcome.usd });
  }
  // A refresh that updated nothing returns the table as it was: its provenance still describes every row.
  return {
    table: updated.length === 0 ? table : { currency: 'USD', generatedAt: options.today, generatedBy: `prices refresh --region ${options.region}`, rows: [...rows.values()] },
    updated,
    kept,
  };
}
