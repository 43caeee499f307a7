// Preloaded (node -r) by test/peer-dependencies.test.ts: answers `require('aws-cdk-lib/package.json')` with an old
// version, as an app that forced the install past npm's peer check would have it.
'use strict';
const Module = require('module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'aws-cdk-lib/package.json') return { name: 'aws-cdk-lib', version: process.env.FAKE_AWS_CDK_LIB_VERSION };
  return load.call(this, request, ...rest);
};
