/**
 * Child process of process-group.test.ts: starts `sleep 300` through startProcessGroup, prints `ready <group pid>`,
 * then waits to be killed (it never stops the group).
 */
import { startProcessGroup } from '../../../lib/local/process-group';

const group = startProcessGroup('sleep', ['300'], { cwd: process.cwd(), logFile: process.argv[2] });
process.stdout.write(`ready ${group.pid}\n`);
setInterval(() => undefined, 60_000);
