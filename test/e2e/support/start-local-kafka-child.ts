/**
 * Child process of local-kafka-interrupt.e2e.test.ts: starts a local Kafka for the orders example in the directory
 * given as argument, prints `ready <broker pid>`, then waits to be interrupted (it never calls stop()).
 */
import { startLocalKafka } from '../../../lib/local/local-kafka';
import { examplePlan } from '../../support/test-app';

startLocalKafka({ dir: process.argv[2], plans: [examplePlan('dev')] }).then((kafka) => {
  process.stdout.write(`ready ${kafka.pid}\n`);
  setInterval(() => undefined, 60_000);
}, (error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
