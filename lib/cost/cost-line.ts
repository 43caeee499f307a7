import { PriceRow } from '../pricing/price-table';

/** A group of line items the report totals and charts (one colour in the stacked bars). */
export class CostComponent {
  public static readonly EKS_CONTROL_PLANE = new CostComponent('eks-control-plane', 'EKS control plane');
  public static readonly PLATFORM_NODES = new CostComponent('platform-nodes', 'Operator & system nodes');
  public static readonly KAFKA_BROKERS = new CostComponent('kafka-brokers', 'Kafka brokers');
  public static readonly KAFKA_STORAGE = new CostComponent('kafka-storage', 'Kafka storage');
  public static readonly KAFKA_TRANSFER = new CostComponent('kafka-transfer', 'Kafka replication & data transfer');
  public static readonly FLINK_COMPUTE = new CostComponent('flink-compute', 'Flink compute');
  public static readonly FLINK_STORAGE = new CostComponent('flink-storage', 'Flink state storage');
  public static readonly NETWORK = new CostComponent('network', 'NAT & client cross-AZ traffic');
  public static readonly LAKEHOUSE = new CostComponent('lakehouse', 'Lakehouse (S3 + Glue)');
  /** Every component, in report and chart order. */
  public static readonly ALL: readonly CostComponent[] = [
    CostComponent.EKS_CONTROL_PLANE, CostComponent.PLATFORM_NODES, CostComponent.KAFKA_BROKERS, CostComponent.KAFKA_STORAGE,
    CostComponent.KAFKA_TRANSFER, CostComponent.FLINK_COMPUTE, CostComponent.FLINK_STORAGE, CostComponent.NETWORK, CostComponent.LAKEHOUSE,
  ];

  private constructor(public readonly id: string, public readonly title: string) {}

  public toString(): string {
    return this.id;
  }
}

/** One priced quantity: what, how many, at which price row, and the formula that produced the quantity. */
export interface CostLine {
  readonly component: CostComponent;
  /** What is billed, e.g. `kafka.m7g.large brokers`. */
  readonly item: string;
  /** Billed quantity per month, in the price row's unit. */
  readonly quantity: number;
  /** How the quantity was computed, e.g. `3 brokers × 730 h`. */
  readonly quantityFormula: string;
  /** The price row used (id, region, date, source, verified). */
  readonly price: PriceRow;
  /** quantity × price.usd. */
  readonly monthlyUsd: number;
}

/** A line: monthly = quantity × unit price. */
export function costLine(component: CostComponent, item: string, quantity: number, quantityFormula: string, price: PriceRow): CostLine {
  return { component, item, quantity, quantityFormula, price, monthlyUsd: quantity * price.usd };
}

/** `3 brokers × 730 h = 2190 broker-hour × $0.204 = $446.76` — the provenance string the report shows. */
export function describeFormula(line: CostLine): string {
  const q = Number(line.quantity.toFixed(4));
  return `${line.quantityFormula} = ${q} ${line.price.unit} × $${line.price.usd}/${line.price.unit} [${line.price.id}, ${line.price.region}, ${line.price.date}, ${line.price.verified ? 'verified' : 'unverified'}] = $${line.monthlyUsd.toFixed(2)}`;
}
