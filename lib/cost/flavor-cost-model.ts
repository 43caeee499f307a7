import { Flavor } from '../flavor';
import { CostContext } from './cost-context';
import { CostLine } from './cost-line';

/** The lines only one flavor pays (its Kafka, its Flink runtime, its platform). */
export interface FlavorCostModel {
  readonly flavor: Flavor;
  lines(ctx: CostContext): CostLine[];
}
