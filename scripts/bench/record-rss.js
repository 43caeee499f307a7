// Preloaded (NODE_OPTIONS=--require) into every Node process of a benchmark run: appends the process's peak resident
// memory, its CPU time (user + system) and its command line to $BENCH_RSS_FILE when it exits.
'use strict';
const fs = require('fs');
process.on('exit', () => {
  const file = process.env.BENCH_RSS_FILE;
  if (file) fs.appendFileSync(file, `${JSON.stringify({ argv: process.argv.slice(1).join(' '), maxRssKb: process.resourceUsage().maxRSS, cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000 })}\n`);
});
