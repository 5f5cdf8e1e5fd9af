import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { ENV, lookupContext } from './support/fixtures';
import { LintedTemplates } from './support/linted-templates';

/*
 * Endpoints owned elsewhere (a network team's VPC, a VPC shared through AWS RAM): nothing network-level
 * is created, and allowFrom, clientEnvironment, endpointUrl, restrictTable and the check still work.
 */

const templates = new LintedTemplates();
const synth = (stack: Stack): Template => templates.synth(stack);

const ANY_FINDING = Match.stringLikeRegexp('\\[ack: cdk-private-dynamo-access:(noEndpointRoute|noHttpsEgress|endpointRejectsClient|noEndpointConfiguration)\\]');
const DNS_NAME = 'vpce-0a1b2c3d4e5f67890-abcdefgh.dynamodb.eu-west-1.vpce.amazonaws.com';

function sharedVpc(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'SharedVpc', {
    vpcId: 'vpc-0123456789abcdef0',
    vpcCidrBlock: '10.20.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    isolatedSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
    isolatedSubnetIpv4CidrBlocks: ['10.20.1.0/24', '10.20.2.0/24'],
    isolatedSubnetRouteTableIds: ['rtb-0aaaaaaaaaaaaaaa1', 'rtb-0aaaaaaaaaaaaaaa2'],
  });
}

function newStack(): Stack {
  return new Stack(new App({ context: lookupContext() }), 'App', { env: ENV });
}

function handler(stack: Stack, access: PrivateDynamoAccess): lambda.Function {
  const fn = new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    vpc: access.vpc,
    vpcSubnets: { subnets: access.subnets },
    allowAllOutbound: false,
    environment: access.clientEnvironment,
  });
  new dynamodb.TableV2(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }).grantReadWriteData(fn);
  access.allowFrom(fn);
  return fn;
}

describe('DynamoEndpoint.existingGateway()', () => {
  test('creates no endpoint, warns that the perimeter is the owner\'s, and lets a restricted client out to DynamoDB\'s prefix list', () => {
    // GIVEN a shared VPC whose gateway endpoint a network team owns
    const stack = newStack();
    const access = new PrivateDynamoAccess(stack, 'Access', {
      vpc: sharedVpc(stack),
      endpoint: DynamoEndpoint.existingGateway({ vpcEndpointId: 'vpce-0a1b2c3d4e5f67890' }),
    });

    // WHEN a function that restricts outbound traffic is allowed
    handler(stack, access);

    // THEN no endpoint, an egress rule to the looked-up prefix list, a warning, and no connectivity finding
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { DestinationPrefixListId: 'pl-6da54004', FromPort: 443, ToPort: 443 });
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/App/Access', Match.stringLikeRegexp('endpoint: the existing gateway endpoint is owned elsewhere, so this construct sets no endpoint policy'));
    annotations.hasNoError('*', ANY_FINDING);
    annotations.hasNoWarning('*', ANY_FINDING);
    expect(access.gatewayEndpoint?.vpcEndpointId).toEqual('vpce-0a1b2c3d4e5f67890');
    expect(access.clientEnvironment).toEqual({});
  });

  test('restrictTable locks a table to the shared VPC', () => {
    const stack = newStack();
    const access = new PrivateDynamoAccess(stack, 'Access', {
      vpc: sharedVpc(stack), endpoint: DynamoEndpoint.existingGateway({ vpcEndpointId: 'vpce-0a1b2c3d4e5f67890' }),
    });
    const table = new dynamodb.TableV2(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    access.restrictTable(table);
    synth(stack).hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({
        ResourcePolicy: { PolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Condition: Match.objectLike({ StringNotEqualsIfExists: { 'aws:SourceVpc': 'vpc-0123456789abcdef0' } }) })] }) },
      })],
    });
  });

  test.each([
    ['tables', { tables: [] as dynamodb.ITable[] }],
    ['actions', { actions: ['dynamodb:GetItem'] }],
    ['principalOrgId', { principalOrgId: 'o-a1b2c3d4e5' }],
    ['tableTag', { tableTag: { key: 'k', value: 'v' } }],
  ])('fails when %s is given: the owner\'s policy would silently ignore it', (prop, props) => {
    const stack = newStack();
    expect(() => new PrivateDynamoAccess(stack, 'Access', {
      vpc: sharedVpc(stack), endpoint: DynamoEndpoint.existingGateway({ vpcEndpointId: 'vpce-0a1b2c3d4e5f67890' }), ...props,
    })).toThrow(new RegExp(`^${prop}: given with DynamoEndpoint\\.existingGateway\\(\\), whose endpoint policy belongs to its owner`));
  });

  test('fails when vpcEndpointId is not an endpoint id', () => {
    expect(() => DynamoEndpoint.existingGateway({ vpcEndpointId: 'my-endpoint' }))
      .toThrow(/^endpoint\.existingGateway\.vpcEndpointId: "my-endpoint" is not a VPC endpoint id; /);
  });
});

describe('DynamoEndpoint.existingInterface()', () => {
  function existing(stack: Stack, streams = false): DynamoEndpoint {
    return DynamoEndpoint.existingInterface({
      vpcEndpointId: 'vpce-0a1b2c3d4e5f67890',
      dnsName: DNS_NAME,
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'EndpointSg', 'sg-0123456789abcdef0')],
      streamsDnsName: streams ? 'vpce-0b1b2c3d4e5f67890-ijklmnop.dynamodb-streams.eu-west-1.vpce.amazonaws.com' : undefined,
    });
  }

  test('creates no endpoint; endpointUrl and clientEnvironment point at its DNS name; allowFrom opens its security group', () => {
    // GIVEN an interface endpoint owned elsewhere
    const stack = newStack();
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc: sharedVpc(stack), endpoint: existing(stack) });

    // WHEN a client is wired
    handler(stack, access);

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    expect(access.endpointUrl).toEqual(`https://${DNS_NAME}`);
    expect(access.clientEnvironment).toEqual({ AWS_ENDPOINT_URL_DYNAMODB: `https://${DNS_NAME}` });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: 'sg-0123456789abcdef0', FromPort: 443, ToPort: 443 });
    const annotations = Annotations.fromStack(stack);
    annotations.hasNoError('*', ANY_FINDING);
    annotations.hasNoWarning('*', ANY_FINDING);
    annotations.hasWarning('/App/Access', Match.stringLikeRegexp('the existing interface endpoint is owned elsewhere'));
  });

  test('with streamsDnsName: the streams URL too', () => {
    const stack = newStack();
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc: sharedVpc(stack), endpoint: existing(stack, true) });
    expect(access.clientEnvironment.AWS_ENDPOINT_URL_DYNAMODB_STREAMS).toMatch(/^https:\/\/vpce-.*\.dynamodb-streams\.eu-west-1\.vpce\.amazonaws\.com$/);
  });

  test.each([
    [{ dnsName: 'dynamodb.eu-west-1.amazonaws.com' }, /^endpoint\.existingInterface\.dnsName: "dynamodb\.eu-west-1\.amazonaws\.com" is not the regional DNS name of a dynamodb interface endpoint/],
    [{ dnsName: DNS_NAME.replace('.dynamodb.', '.dynamodb-streams.') }, /^endpoint\.existingInterface\.dnsName: .* is not the regional DNS name of a dynamodb interface endpoint/],
    [{ securityGroups: [] }, /^endpoint\.existingInterface\.securityGroups: the list is empty/],
    [{ vpcEndpointId: 'vpce-xyz' }, /^endpoint\.existingInterface\.vpcEndpointId: "vpce-xyz" is not a VPC endpoint id/],
  ])('fails for %j', (override, message) => {
    const stack = newStack();
    expect(() => DynamoEndpoint.existingInterface({
      vpcEndpointId: 'vpce-0a1b2c3d4e5f67890',
      dnsName: DNS_NAME,
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'EndpointSg', 'sg-0123456789abcdef0')],
      ...override,
    })).toThrow(message);
  });
});
