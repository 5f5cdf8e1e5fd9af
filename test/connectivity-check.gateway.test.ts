import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ConnectivityCheck, DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { access, ANY_FINDING, expectNoFinding, finding, findings, fn, newStack, table } from './support/connectivity';
import { PREFIX_LIST_IDS, REGION, threeTierVpc, twoGroupVpc } from './support/fixtures';

/*
 * The connectivity check in gateway mode: a client in subnets without a route to the gateway endpoint,
 * and a client whose security group has no outbound TCP 443 to DynamoDB. A broken and a fixed case for
 * every finding.
 */

const PREFIX_LIST_ID = PREFIX_LIST_IDS[REGION];

describe('gateway mode: a client in a subnet the gateway endpoint does not serve', () => {
  test('is an error on the function, naming the subnet and the fix', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);

    // WHEN the function sits in the "Other" subnets, which have no route out at all
    const handler = fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } });
    table(stack).grantReadWriteData(handler);

    // THEN
    const annotations = findings(stack);
    annotations.hasError('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE,
      '^lambda function Stack/Fn cannot reach DynamoDB: subnets Stack/Vpc/OtherSubnet1, Stack/Vpc/OtherSubnet2 have no route to a DynamoDB gateway endpoint ' +
      'and no other way out; place it in subnets that Stack/Access serves \\(vpcSubnets: \\{ subnets: access.subnets \\}\\)'));
    annotations.hasNoWarning('*', ANY_FINDING);
  });

  test('fixed: in the access subnets, no finding', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    const dynamoAccess = access(stack, vpc);

    // WHEN
    const handler = fn(stack, { vpc, vpcSubnets: { subnets: dynamoAccess.subnets } });
    table(stack).grantReadWriteData(handler);

    // THEN
    expectNoFinding(stack);
  });

  test.each<{ name: string; client: (stack: Stack, vpc: ec2.IVpc, dynamoAccess: PrivateDynamoAccess) => void }>([
    {
      name: 'counts a client granted by an inline policy statement with dynamodb: actions',
      client: (stack, vpc) => fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } })
        .addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: ['*'] })),
    },
    {
      name: 'counts a client whose role has an AWS managed DynamoDB policy',
      client: (stack, vpc) => fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } })
        .role!.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonDynamoDBReadOnlyAccess')),
    },
    {
      name: 'counts a client passed to allowFrom even without a grant',
      client: (stack, vpc, dynamoAccess) => dynamoAccess.allowFrom(fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } })),
    },
  ])('$name', ({ client }) => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    const dynamoAccess = access(stack, vpc);

    // WHEN a function in the "Other" subnets becomes a DynamoDB client this way
    client(stack, vpc, dynamoAccess);

    // THEN
    findings(stack).hasError('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE));
  });

  test('an imported VPC: the subnet\'s other routes are unknown, so a warning', () => {
    // GIVEN an imported VPC with two isolated subnets, one given access
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      vpcCidrBlock: '10.0.0.0/16',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      isolatedSubnetIds: ['subnet-aaaa', 'subnet-bbbb'],
      isolatedSubnetRouteTableIds: ['rtb-aaaa', 'rtb-bbbb'],
      isolatedSubnetIpv4CidrBlocks: ['10.0.0.0/24', '10.0.1.0/24'],
    });
    new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetFilters: [ec2.SubnetFilter.byIds(['subnet-aaaa'])] } });

    // WHEN the function sits in the other subnet
    const handler = fn(stack, { vpc, vpcSubnets: { subnetFilters: [ec2.SubnetFilter.byIds(['subnet-bbbb'])] } });
    table(stack).grantReadData(handler);

    // THEN
    const annotations = findings(stack);
    annotations.hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE,
      '^lambda function Stack/Fn may not reach DynamoDB: the gateway endpoint of Stack/Access does not serve subnet-bbbb \\(its other routes are not known at synth\\)'));
    annotations.hasNoError('*', ANY_FINDING);
  });

  test('a subnet the VPC does not list (imported by id): unknown, so a warning', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);
    const subnet = ec2.Subnet.fromSubnetAttributes(stack, 'Subnet', { subnetId: 'subnet-0123', routeTableId: 'rtb-0123', availabilityZone: 'eu-west-1a' });

    // WHEN the function's security group is in the VPC, its subnet unknown
    table(stack).grantReadData(fn(stack, { vpc, vpcSubnets: { subnets: [subnet] } }));

    // THEN
    const annotations = findings(stack);
    annotations.hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE,
      'does not serve subnet-0123 \\(not a subnet of the VPC as known at synth\\)'));
    annotations.hasNoError('*', ANY_FINDING);
  });

  test('a subnet with a NAT route: a warning that the client bypasses the endpoint', () => {
    // GIVEN a three-tier VPC; the construct serves only the isolated subnets
    const stack = newStack();
    const vpc = threeTierVpc(stack);
    new PrivateDynamoAccess(stack, 'Access', { vpc, subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });

    // WHEN the function sits in the private subnets, which route out through the NAT gateway
    const handler = fn(stack, { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
    table(stack).grantReadData(handler);

    // THEN
    const annotations = findings(stack);
    annotations.hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.BYPASSES_ENDPOINT,
      '^lambda function Stack/Fn reaches DynamoDB through the NAT or internet route of Stack/Vpc/PrivateSubnet1, Stack/Vpc/PrivateSubnet2, not through the gateway endpoint'));
    annotations.hasNoError('*', ANY_FINDING);
  });
});

describe('gateway mode: a client whose security group restricts outbound traffic', () => {
  function restrictedFunction(stack: Stack, dynamoAccess: PrivateDynamoAccess): lambda.Function {
    const handler = fn(stack, { vpc: dynamoAccess.vpc, vpcSubnets: { subnets: dynamoAccess.subnets }, allowAllOutbound: false });
    table(stack).grantReadData(handler);
    return handler;
  }

  test('without allowFrom: an error', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));

    // WHEN
    restrictedFunction(stack, dynamoAccess);

    // THEN
    findings(stack).hasError('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_HTTPS_EGRESS,
      '^lambda function Stack/Fn cannot reach DynamoDB: its security group Stack/Fn/SecurityGroup has no outbound TCP 443 to DynamoDB ' +
      '\\(its prefix list, or 0.0.0.0/0\\); call allowFrom\\(client\\) on Stack/Access to add the egress rule'));
  });

  test.each<{ name: string; fix: (handler: lambda.Function, dynamoAccess: PrivateDynamoAccess) => void }>([
    {
      name: 'fixed: with allowFrom (egress to the looked-up prefix list), no finding',
      fix: (handler, dynamoAccess) => dynamoAccess.allowFrom(handler),
    },
    {
      name: 'fixed: with the user\'s own egress rule on 443 to anywhere, no finding',
      fix: (handler) => handler.connections.allowToAnyIpv4(ec2.Port.tcp(443)),
    },
  ])('$name', ({ fix }) => {
    // GIVEN a function whose security group restricts outbound traffic
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));
    const handler = restrictedFunction(stack, dynamoAccess);

    // WHEN
    fix(handler, dynamoAccess);

    // THEN
    expectNoFinding(stack);
  });

  test('fixed: with allowFrom and a given prefix list in an environment-agnostic stack, no finding', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');
    const dynamoAccess = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.gateway({ prefixListId: PREFIX_LIST_ID }) });

    // WHEN
    dynamoAccess.allowFrom(restrictedFunction(stack, dynamoAccess));

    // THEN
    expectNoFinding(stack);
  });

  test('an imported security group that restricts outbound traffic: its rules are unknown, so a warning', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));
    const group = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Imported', 'sg-0123456789abcdef0', { allowAllOutbound: false });

    // WHEN
    const handler = fn(stack, { vpc: dynamoAccess.vpc, vpcSubnets: { subnets: dynamoAccess.subnets }, securityGroups: [group] });
    table(stack).grantReadData(handler);

    // THEN
    const annotations = findings(stack);
    annotations.hasWarning('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_HTTPS_EGRESS,
      '^lambda function Stack/Fn may not reach DynamoDB: whether its security groups \\(sg-0123456789abcdef0\\) allow outbound TCP 443 .* is not known at synth ' +
      '\\(sg-0123456789abcdef0 is imported and restricts outbound traffic, so its rules are not known\\)'));
    annotations.hasNoError('*', ANY_FINDING);
  });

  test('an imported security group, fixed: allowFrom adds the rule in this app, no finding', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));
    const group = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Imported', 'sg-0123456789abcdef0', { allowAllOutbound: false });

    // WHEN
    const handler = fn(stack, { vpc: dynamoAccess.vpc, vpcSubnets: { subnets: dynamoAccess.subnets }, securityGroups: [group] });
    table(stack).grantReadData(handler);
    dynamoAccess.allowFrom(handler);

    // THEN
    expectNoFinding(stack);
  });
});
