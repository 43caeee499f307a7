import { PipelineDefinition } from '../definition/pipeline-definition';
import { ORDERS_PIPELINE } from './orders-pipeline';

/**
 * The orders example with a load generator at its default rate (the topics' planned peak): the definition
 * `pipelines verify --load` runs against (`--definitions lib/examples/orders-load-test.ts`). A module of its own, so
 * the app's default definitions (cdk.json: orders-pipeline.ts) keep one pipeline named `orders`.
 */
export const ORDERS_LOAD_TEST: PipelineDefinition = { ...ORDERS_PIPELINE, loadGenerator: {} };
