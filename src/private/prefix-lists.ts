import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

/*
 * The AWS-managed prefix lists of gateway-endpoint services (DynamoDB, S3), for egress rules of clients
 * that restrict outbound traffic. Internal module, used by `allowFrom` and `addEndpointsFor`.
 */

/**
 * The id of the prefix list `com.amazonaws.<region>.<service>` of the stack's region, looked up with
 * `ec2.PrefixList.fromLookup` as `scope`'s child `id` (call it once per scope and id); `agnostic` is the
 * error to throw when the stack's region is not concrete, so the id cannot be looked up.
 */
export function lookUpPrefixListId(scope: Construct, id: string, service: string, agnostic: () => Error): string {
  const region = Stack.of(scope).region;
  if (Token.isUnresolved(region)) {
    throw agnostic();
  }
  return ec2.PrefixList.fromLookup(scope, id, { prefixListName: `com.amazonaws.${region}.${service}` }).prefixListId;
}
