export * from './connectivity-check';
export * from './dynamo-endpoint';
export * from './new-vpc-options';
export * from './private-dynamo-access';
