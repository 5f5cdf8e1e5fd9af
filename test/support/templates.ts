import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { cfn } from './fixtures';

/* Reading what the construct put in a template: endpoints, and the references to subnets, route tables and groups. */

export function routeTableRefs(stack: Stack, subnets: ec2.ISubnet[]): unknown[] {
  return subnets.map((subnet) => cfn(stack, subnet.routeTable.routeTableId));
}

export function subnetRefs(stack: Stack, subnets: ec2.ISubnet[]): unknown[] {
  return subnets.map((subnet) => cfn(stack, subnet.subnetId));
}

export function groupId(stack: Stack, group: ec2.ISecurityGroup): unknown {
  return cfn(stack, group.securityGroupId);
}

/** The properties of the template's only gateway endpoint. */
export function gatewayEndpointProps(template: Template): any {
  const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } }));
  expect(endpoints).toHaveLength(1);
  return (endpoints[0] as any).Properties;
}

/** The properties of the template's only interface endpoint of `service`. */
export function interfaceEndpointProps(template: Template, service: 'dynamodb' | 'dynamodb-streams'): any {
  // ServiceName is "com.amazonaws.<region>.<service>", or a Fn::Join whose last part is ".<service>"
  const serviceOf = (name: any): string => (typeof name === 'string' ? name : name['Fn::Join'][1].at(-1)).split('.').at(-1);
  const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }))
    .filter((endpoint: any) => serviceOf(endpoint.Properties.ServiceName) === service);
  expect(endpoints).toHaveLength(1);
  return (endpoints[0] as any).Properties;
}
