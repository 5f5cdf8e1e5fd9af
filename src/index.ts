export * from './access-warning';
export * from './connectivity-check';
export * from './dynamo-endpoint';
export * from './new-vpc-options';
export * from './private-dynamo-access';
export * from './private-dynamo-access-props';
export * from './restrict-table-options';
export * from './table-tag';
