// The `event-pipelines-as-code/examples` entry point: example definitions, kept out of the library's root API.
export * from './orders-pipeline';
export * from './generated-pipeline';
export * from './orders-load-test';
