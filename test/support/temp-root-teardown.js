// Jest globalTeardown: removes the run's temporary root (see temp-root-setup.js).
const fs = require('fs');

module.exports = async () => {
  const root = process.env.PIPELINES_TEST_TEMP_ROOT;
  if (root !== undefined && root.includes('pipelines-jest-')) fs.rmSync(root, { recursive: true, force: true });
};
