#!/usr/bin/env node
import { runPipelineApp } from '../lib/app/run-pipeline-app';
import { ORDERS_PIPELINE } from '../lib/examples/orders-pipeline';

// The CDK app: `npx cdk synth [-c env=dev|staging|prod] [-c flavor=self-hosted|managed|both]`.
runPipelineApp(ORDERS_PIPELINE);
