// Jest globalSetup: one temporary root per test run, made the workers' TMPDIR (os.tmpdir()), so every directory a test,
// CDK (cdk.out), cdk8s or a child process (javac, npm) creates under the temporary directory is removed with it by
// temp-root-teardown.js — thousands of synthesized apps per run otherwise fill the disk.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelines-jest-'));
  process.env.PIPELINES_TEST_TEMP_ROOT = root;
  process.env.TMPDIR = root;
};
