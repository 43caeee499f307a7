import * as path from 'path';
import { readFileSync } from 'fs';

/** One price: what is billed, per which unit, where, since when, from which source, and whether it was checked. */
export interface PriceRow {
  /** Stable id the cost model refers to, e.g. `ec2.m7g.large`. */
  readonly id: string;
  /** AWS service, e.g. `Amazon MSK`. */
  readonly service: string;
  readonly description: string;
  /** Billing unit of `usd`, e.g. `instance-hour`, `GB-month`, `GB`. */
  readonly unit: string;
  /** Price in US dollars per `unit`. */
  readonly usd: number;
  /** AWS region code. */
  readonly region: string;
  /** When the price was read (ISO date or month). */
  readonly date: string;
  /** Where it was read. */
  readonly source: string;
  /** Whether it was checked against an authoritative source (the Price List API or the AWS pricing page). */
  readonly verified: boolean;
}

/** The serialized table (`price-rows.json`), as `prices refresh` writes it. */
export interface PriceTableData {
  readonly currency: 'USD';
  /** ISO date of the last write. */
  readonly generatedAt: string;
  /** Who or what wrote it (hand entry, `prices refresh`). */
  readonly generatedBy: string;
  readonly rows: PriceRow[];
}

/** The table shipped with the project (dated rows with sources; refreshed by `npx ts-node bin/cli.ts prices refresh`). */
export const DEFAULT_PRICE_TABLE_FILE = path.join(__dirname, 'price-rows.json');

/** Thrown when the cost model needs a price the table does not have. */
export class MissingPriceError extends Error {
  constructor(public readonly id: string, public readonly region: string, available: readonly string[]) {
    const regions = [...new Set(available)].sort().join(', ') || '(none)';
    super(`no price "${id}" for region ${region} in the price table (it has this price for: ${regions}) — add the row to lib/pricing/price-rows.json or run \`prices refresh --region ${region}\``);
    this.name = 'MissingPriceError';
  }
}

/** Dated prices by id and region. */
export class PriceTable {
  /** Loads a table file (default: the shipped table). */
  public static load(file: string = DEFAULT_PRICE_TABLE_FILE): PriceTable {
    return new PriceTable(JSON.parse(readFileSync(file, 'utf8')) as PriceTableData);
  }

  private readonly byKey = new Map<string, PriceRow>();

  constructor(public readonly data: PriceTableData) {
    for (const row of data.rows) {
      const key = `${row.region}/${row.id}`;
      if (this.byKey.has(key)) throw new Error(`price table has two rows "${row.id}" for region ${row.region}`);
      if (!(row.usd >= 0)) throw new Error(`price table row "${row.id}" (${row.region}) has an invalid price ${row.usd}`);
      this.byKey.set(key, row);
    }
  }

  /** The row of a price in a region; throws MissingPriceError naming the id, the region and the regions it has. */
  public get(id: string, region: string): PriceRow {
    const row = this.byKey.get(`${region}/${id}`);
    if (row) return row;
    throw new MissingPriceError(id, region, this.data.rows.filter((r) => r.id === id).map((r) => r.region));
  }

  /** Whether the table has a price. */
  public has(id: string, region: string): boolean {
    return this.byKey.has(`${region}/${id}`);
  }

  /** Every row, in file order. */
  public get rows(): readonly PriceRow[] {
    return this.data.rows;
  }

  /** Regions with at least one row. */
  public get regions(): string[] {
    return [...new Set(this.data.rows.map((r) => r.region))].sort();
  }
}
