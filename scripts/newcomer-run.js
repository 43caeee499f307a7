#!/usr/bin/env node
// The newcomer run: every shell command of README.md's code blocks, run in order on this checkout as a new user would
// run them after cloning it (the set-up block first), with no AWS credentials and no kubeconfig. Each command is printed
// with its exit code and wall time; a command the README annotates is skipped with the README's reason, or run as the
// variant the README documents (see scripts/newcomer/readme-commands.js). Exit code 1 if any command that runs fails.
//
//   npm run test:newcomer [-- --list]     (--list: print the plan, run nothing)
//   node scripts/newcomer-run.js          (the same on a clone before `npm ci`: plain Node, no dependencies)
//
// CI (`.ci/run`) runs it on its fresh clone. It changes the checkout as the commands do (node_modules, dist/, cdk.out,
// the report files), so run it on a clone, not on a working copy with changes you care about.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { readmeCommands } = require('./newcomer/readme-commands');

const ROOT = path.join(__dirname, '..');
/** A command still running after this long is stopped and counts as failed (the longest, `npm ci`, takes minutes). */
const COMMAND_LIMIT_MS = 20 * 60_000;

/** This process's environment without AWS credentials or a kubeconfig: a newcomer's shell, as far as AWS goes. */
function newcomerEnvironment(nowhere) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && name !== 'KUBECONFIG'));
  return {
    ...env,
    AWS_SHARED_CREDENTIALS_FILE: path.join(nowhere, 'aws-credentials'),
    AWS_CONFIG_FILE: path.join(nowhere, 'aws-config'),
    AWS_EC2_METADATA_DISABLED: 'true',
    KUBECONFIG: path.join(nowhere, 'kubeconfig'),
  };
}

/** Runs `command` with bash in the checkout, its output on this process's; resolves with the exit code (1 on a signal or the limit). */
function run(command, env) {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
    const signalGroup = (signal) => { try { process.kill(-child.pid, signal); } catch { /* already gone */ } };
    const limit = setTimeout(() => {
      process.stderr.write(`newcomer run: still running after ${COMMAND_LIMIT_MS / 60_000} min, stopping it\n`);
      signalGroup('SIGTERM');
    }, COMMAND_LIMIT_MS);
    const interrupt = () => signalGroup('SIGINT');
    process.once('SIGINT', interrupt);
    child.on('error', (error) => process.stderr.write(`newcomer run: ${error.message}\n`));
    child.on('close', (code) => {
      clearTimeout(limit);
      process.removeListener('SIGINT', interrupt);
      resolve(code ?? 1);
    });
  });
}

function describe({ plan }) {
  if (plan.kind === 'skip') return `skipped: ${plan.reason}`;
  if (plan.kind === 'instead') return `runs \`${plan.run}\` instead: ${plan.reason}`;
  return 'runs as written';
}

function summaryLine({ command, code, seconds }) {
  const where = `README.md:${command.line}`.padEnd(15);
  const indent = ' '.repeat(34);
  if (code === undefined) return `${where} skipped${' '.repeat(12)}${command.command}\n${indent}(${describe(command)})`;
  const ran = command.plan.kind === 'instead' ? `${command.command}\n${indent}(ran \`${command.plan.run}\`)` : command.command;
  return `${where} exit ${String(code).padEnd(3)} ${`${seconds.toFixed(1)} s`.padStart(8)}  ${ran}`;
}

async function main(argv) {
  const unknown = argv.filter((a) => a !== '--list');
  if (unknown.length > 0) {
    process.stderr.write(`newcomer run: unknown argument ${unknown.join(' ')}; use npm run test:newcomer [-- --list]\n`);
    return 2;
  }
  const commands = readmeCommands(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  if (argv.includes('--list')) {
    for (const command of commands) process.stdout.write(`README.md:${command.line}  ${command.command}\n    ${describe(command)}\n`);
    return 0;
  }
  const nowhere = fs.mkdtempSync(path.join(os.tmpdir(), 'newcomer-run-'));
  const outcomes = [];
  try {
    const env = newcomerEnvironment(nowhere);
    process.stdout.write(`newcomer run: ${commands.length} commands of README.md, in ${ROOT}, with no AWS credentials and no kubeconfig\n`);
    for (const command of commands) {
      const { plan } = command;
      process.stdout.write(`\n== README.md:${command.line}  ${command.command}\n`);
      if (plan.kind === 'skip') {
        process.stdout.write(`== skipped: ${plan.reason}\n`);
        outcomes.push({ command });
        continue;
      }
      if (plan.kind === 'instead') process.stdout.write(`== runs \`${plan.run}\` instead: ${plan.reason}\n`);
      const started = process.hrtime.bigint();
      const code = await run(plan.run, env);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      process.stdout.write(`== exit ${code} in ${seconds.toFixed(1)} s\n`);
      outcomes.push({ command, code, seconds });
    }
  } finally {
    fs.rmSync(nowhere, { recursive: true, force: true });
  }
  const ran = outcomes.filter((o) => o.code !== undefined);
  const failed = ran.filter((o) => o.code !== 0);
  process.stdout.write(`\nnewcomer run: ${ran.length} run, ${outcomes.length - ran.length} skipped (with the README's reason), ${failed.length} failed\n`);
  for (const outcome of outcomes) process.stdout.write(`${summaryLine(outcome)}\n`);
  return failed.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`newcomer run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
