import { CfnResource, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { key, listOf, resolveIn, templateText } from './cfn-values';

/*
 * What identifies a service (DynamoDB first) among VPC endpoints, and how SDKs are pointed at an endpoint.
 * Internal module: each fact is written once here and used by the construct, the duplicate-endpoint
 * checks, `addEndpointsFor` and the connectivity check.
 */

/** Environment variable that points AWS SDKs (and the AWS CLI) at a DynamoDB endpoint. */
export const DYNAMODB_URL_VARIABLE = 'AWS_ENDPOINT_URL_DYNAMODB';

/** Environment variable that points AWS SDKs (and the AWS CLI) at a DynamoDB Streams endpoint. */
export const STREAMS_URL_VARIABLE = 'AWS_ENDPOINT_URL_DYNAMODB_STREAMS';

/** CloudFormation type of every VPC endpoint. */
export const VPC_ENDPOINT_TYPE = 'AWS::EC2::VPCEndpoint';

/** Whether a resource is a VPC endpoint of any kind. */
export function isVpcEndpointResource(construct: unknown): construct is CfnResource {
  return CfnResource.isCfnResource(construct as any) && (construct as CfnResource).cfnResourceType === VPC_ENDPOINT_TYPE;
}

/**
 * The route tables of a DynamoDB gateway endpoint, or `undefined` when the resource is another kind of
 * endpoint. Recognizes the service name however it is written: a literal
 * `com.amazonaws.eu-west-1.dynamodb`, aws-cdk-lib's `Fn::Join`, or a hand-written `Fn::Sub` (a template
 * included with `CfnInclude`).
 *
 * Route tables are given as the endpoint holds them: a literal id, or the token of a reference (the same
 * token wherever the route table is referred to, in any stack, since aws-cdk-lib makes one per resource
 * and attribute). A list given as a single token is resolved instead.
 */
export function dynamoGatewayRouteTables(endpoint: ec2.CfnVPCEndpoint): string[] | undefined {
  const stack = Stack.of(endpoint);
  const type = resolveIn(stack, endpoint.vpcEndpointType);
  if ((type !== undefined && type !== 'Gateway') || serviceShortName(resolveIn(stack, endpoint.serviceName)) !== 'dynamodb') {
    return undefined;
  }
  const raw = endpoint.routeTableIds;
  if (Array.isArray(raw) && raw.every((id) => typeof id === 'string')) {
    return raw;
  }
  return listOf(resolveIn(stack, raw)).map(key);
}

/**
 * The short name of a VPC endpoint's resolved `ServiceName` (`dynamodb` for `com.amazonaws.eu-west-1.dynamodb`,
 * `ecr.api`, ...), however it is written: a literal, aws-cdk-lib's `Fn::Join` with the region, or a
 * hand-written `Fn::Sub`. `undefined` when the name is a deploy-time value.
 */
export function serviceShortName(serviceName: unknown): string | undefined {
  const text = templateText(serviceName);
  if (text === undefined) {
    return undefined;
  }
  const match = /^(?:cn\.)?com\.amazonaws\.[^.]+\.(.+)$/.exec(text);
  return match?.[1];
}

/** `https://` and an interface endpoint's regional DNS name, the first of its DNS entries (`<hosted zone>:<name>`). */
export function regionalUrl(endpoint: ec2.InterfaceVpcEndpoint): string {
  return Fn.join('', ['https://', Fn.select(1, Fn.split(':', Fn.select(0, endpoint.vpcEndpointDnsEntries)))]);
}
