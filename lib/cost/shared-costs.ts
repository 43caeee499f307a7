import { COST_ASSUMPTIONS } from './cost-assumptions';
import { CostContext } from './cost-context';
import { CostComponent, CostLine, costLine } from './cost-line';

/** Free Glue Data Catalog objects and requests a month. */
const GLUE_FREE = 1_000_000;

/**
 * Lines both flavors pay in the same amount: the network (NAT, interface endpoints, client traffic across zones)
 * and the lakehouse (S3 warehouse, Iceberg commit requests, Glue catalog).
 */
export function sharedCostLines(ctx: CostContext): CostLine[] {
  const env = ctx.plan.environment;
  const h = ctx.hoursPerMonth;
  const kafka = ctx.plan.sizing.kafka;
  const lines: CostLine[] = [];
  lines.push(costLine(CostComponent.NETWORK, 'NAT gateways', env.natGateways * h, `${env.natGateways} gateways × ${h} h`, ctx.price('vpc.nat.hour')));
  lines.push(costLine(CostComponent.NETWORK, 'NAT data processed', COST_ASSUMPTIONS.natGbPerMonth, `${COST_ASSUMPTIONS.natGbPerMonth} GB (assumption)`, ctx.price('vpc.nat.data')));
  lines.push(costLine(CostComponent.NETWORK, 'Interface VPC endpoints', ctx.interfaceEndpoints * ctx.zones * h, `${ctx.interfaceEndpoints} endpoints × ${ctx.zones} zones × ${h} h`, ctx.price('vpc.endpoint.hour')));
  const crossShare = (ctx.zones - 1) / ctx.zones;
  const clientGb = ctx.gbPerMonth(kafka.ingressMBps + kafka.egressMBps) * crossShare * 2;
  lines.push(costLine(CostComponent.NETWORK, 'Producers and consumers reaching leaders in other zones', clientGb,
    `(${round(kafka.ingressMBps)} MB/s in + ${round(kafka.egressMBps)} MB/s out) × 2628 GB per MB/s-month × ${ctx.zones - 1}/${ctx.zones} cross-zone × 2 directions`, ctx.price('transfer.inter-az')));

  const lakeGb = ctx.gbPerMonth(kafka.ingressMBps) * COST_ASSUMPTIONS.lakeBytesPerIngressByte;
  lines.push(costLine(CostComponent.LAKEHOUSE, 'S3 warehouse data added this month', lakeGb, `${round(kafka.ingressMBps)} MB/s × 2628 GB per MB/s-month × ${COST_ASSUMPTIONS.lakeBytesPerIngressByte} lake bytes per ingress byte`, ctx.price('s3.standard.storage')));
  let requests = 0; let glueRequests = 0; const parts: string[] = [];
  for (const job of ctx.plan.sizing.jobs) {
    const commits = ctx.commitsPerMonth(job.job);
    requests += commits * (COST_ASSUMPTIONS.requestsPerCommitBase + job.load.initial);
    glueRequests += commits * COST_ASSUMPTIONS.glueRequestsPerCommit;
    parts.push(`${job.job}: ${round(commits)} commits × (${COST_ASSUMPTIONS.requestsPerCommitBase} + ${job.load.initial})`);
  }
  lines.push(costLine(CostComponent.LAKEHOUSE, 'S3 requests of Iceberg commits', requests / 1000, `(${parts.join(' + ') || '0'}) ÷ 1000`, ctx.price('s3.standard.put')));
  const objects = ctx.plan.lakehouse.databases.length + ctx.plan.lakehouse.tables.length;
  lines.push(costLine(CostComponent.LAKEHOUSE, 'Glue Data Catalog objects', Math.max(0, objects - GLUE_FREE) / 100_000, `max(0, ${objects} objects − 1M free) ÷ 100k`, ctx.price('glue.catalog.storage')));
  lines.push(costLine(CostComponent.LAKEHOUSE, 'Glue Data Catalog requests', Math.max(0, glueRequests - GLUE_FREE) / 1_000_000, `max(0, ${Math.round(glueRequests)} requests − 1M free) ÷ 1M`, ctx.price('glue.catalog.requests')));
  return lines;
}

/** Rounds for formula text. */
export function round(x: number, digits = 3): number {
  return Number(x.toFixed(digits));
}
