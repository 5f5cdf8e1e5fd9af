import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEndpoint, PrivateDynamoAccess } from '../src';
import { ENV, REGION, cfn, concreteStack, envAgnosticStack, lookupContext, secondaryCidrVpc, threeTierVpc } from './support/fixtures';
import { LintedTemplates } from './support/linted-templates';
import { gatewayEndpointProps, groupId, interfaceEndpointProps, routeTableRefs, subnetRefs } from './support/templates';

/* Interface and gateway+interface modes, the client environment they give, and their endpointUrl read in another stack. */

/** Every template synthesized here is linted with cfn-lint after the tests of this file. */
const templates = new LintedTemplates();
const synth = (stack: Stack): Template => templates.synth(stack);

describe('interface mode', () => {
  test('creates a DynamoDB interface endpoint with private DNS off, one network interface per zone', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface() });

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']] },
      PrivateDnsEnabled: false,
      VpcId: cfn(stack, access.vpc.vpcId),
      SubnetIds: subnetRefs(stack, access.vpc.isolatedSubnets),
    });
  });

  test('in a stack with a concrete region names the service com.amazonaws.<region>.dynamodb', () => {
    // GIVEN
    const stack = concreteStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface() });

    // THEN
    expect(cfn(stack, ec2.InterfaceVpcEndpointAwsService.DYNAMODB.name)).toEqual(`com.amazonaws.${REGION}.dynamodb`);
    synth(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: `com.amazonaws.${REGION}.dynamodb`,
      PrivateDnsEnabled: false,
    });
  });

  test('puts one network interface in each zone when several selected subnets share a zone', () => {
    // GIVEN a VPC with two isolated subnet groups: two subnets in each zone
    const stack = envAgnosticStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc, endpoint: DynamoEndpoint.gatewayAndInterface() });

    // THEN the gateway serves the four route tables, the interface uses the first subnet of each zone
    const template = synth(stack);
    expect(access.subnets).toHaveLength(4);
    expect(gatewayEndpointProps(template).RouteTableIds).toEqual(routeTableRefs(stack, vpc.isolatedSubnets));
    const app = vpc.selectSubnets({ subnetGroupName: 'App' }).subnets;
    expect(interfaceEndpointProps(template, 'dynamodb').SubnetIds).toEqual(subnetRefs(stack, app));
  });

  test('puts the network interfaces in InterfaceEndpointOptions.subnets', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack);

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', {
      vpc,
      endpoint: DynamoEndpoint.interface({ subnets: { subnetGroupName: 'Isolated' } }),
    });

    // THEN
    expect(interfaceEndpointProps(synth(stack), 'dynamodb').SubnetIds).toEqual(subnetRefs(stack, vpc.isolatedSubnets));
  });

  test('creates a security group that admits TCP 443 from the VPC CIDR and allows no outbound traffic', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface() });

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      VpcId: cfn(stack, access.vpc.vpcId),
      SecurityGroupIngress: [{
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        CidrIp: '10.0.0.0/16', // the new VPC's block, written as the literal it is built with
        Description: Match.anyValue(),
      }],
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })],
    });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      SecurityGroupIds: [groupId(stack, access.connections.securityGroups[0])],
    });
  });

  test('admits TCP 443 from allowedPeers instead of the VPC CIDR', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', {
      endpoint: DynamoEndpoint.interface({ allowedPeers: [ec2.Peer.ipv4('10.0.0.0/16'), ec2.Peer.ipv4('192.168.0.0/16')] }),
    });

    // THEN
    const template = synth(stack);
    const groups = Object.values(template.findResources('AWS::EC2::SecurityGroup')) as any[];
    expect(groups).toHaveLength(1);
    expect(groups[0].Properties.SecurityGroupIngress.map((rule: any) => [rule.CidrIp, rule.IpProtocol, rule.FromPort, rule.ToPort])).toEqual([
      ['10.0.0.0/16', 'tcp', 443, 443],
      ['192.168.0.0/16', 'tcp', 443, 443],
    ]);
  });

  test('adds no CIDR rule with allowedPeers: []', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface({ allowedPeers: [] }) });

    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { SecurityGroupIngress: Match.absent() });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('uses the given securityGroups and creates none, without adding a CIDR rule to them', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack);
    const group = new ec2.SecurityGroup(stack, 'EndpointGroup', { vpc, allowAllOutbound: false });

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { vpc, endpoint: DynamoEndpoint.interface({ securityGroups: [group] }) });

    // THEN
    expect(access.connections.securityGroups).toEqual([group]);
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { SecurityGroupIngress: Match.absent() });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { SecurityGroupIds: [groupId(stack, group)] });
  });

  test('adds allowedPeers to the given securityGroups', () => {
    // GIVEN
    const stack = envAgnosticStack();
    const vpc = threeTierVpc(stack);
    const group = new ec2.SecurityGroup(stack, 'EndpointGroup', { vpc, allowAllOutbound: false });

    // WHEN
    new PrivateDynamoAccess(stack, 'Access', {
      vpc,
      endpoint: DynamoEndpoint.interface({ securityGroups: [group], allowedPeers: [ec2.Peer.ipv4('192.168.0.0/16')] }),
    });

    // THEN
    synth(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '192.168.0.0/16', FromPort: 443, ToPort: 443 })],
    });
  });

  test('gateway+interface creates both endpoints: the gateway on the route tables, the interface in the subnets', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.gatewayAndInterface() });

    // THEN
    expect(access.gatewayEndpoint).toBeDefined();
    expect(access.interfaceEndpoint).toBeDefined();
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    expect(gatewayEndpointProps(template).RouteTableIds).toEqual(routeTableRefs(stack, access.vpc.isolatedSubnets));
    expect(interfaceEndpointProps(template, 'dynamodb')).toEqual(expect.objectContaining({
      PrivateDnsEnabled: false,
      SubnetIds: subnetRefs(stack, access.vpc.isolatedSubnets),
    }));
  });

  test('streams: true adds a dynamodb-streams interface endpoint with the same subnets and security group', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface({ streams: true }) });

    // THEN
    expect(access.streamsInterfaceEndpoint).toBeDefined();
    expect(access.streamsEndpointUrl).toBeDefined();
    const template = synth(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    expect(interfaceEndpointProps(template, 'dynamodb-streams')).toEqual(expect.objectContaining({
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb-streams']] },
      PrivateDnsEnabled: false,
      SubnetIds: subnetRefs(stack, access.vpc.isolatedSubnets),
      SecurityGroupIds: [groupId(stack, access.connections.securityGroups[0])],
    }));
  });

  test('endpointUrl is https:// and the regional DNS name of the endpoint', () => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface({ streams: true }) });

    // THEN the first DNS entry is "<hosted zone id>:<regional name>"
    const urlOf = (endpoint: ec2.IInterfaceVpcEndpoint) => ({
      'Fn::Join': ['', ['https://', {
        'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::Select': [0, { 'Fn::GetAtt': [stack.getLogicalId(endpoint.node.defaultChild as ec2.CfnVPCEndpoint), 'DnsEntries'] }] }] }],
      }]],
    });
    expect(cfn(stack, access.endpointUrl)).toEqual(urlOf(access.interfaceEndpoint!));
    expect(cfn(stack, access.streamsEndpointUrl)).toEqual(urlOf(access.streamsInterfaceEndpoint!));
    synth(stack);
  });
});

describe('clientEnvironment', () => {
  test.each([
    ['gateway', DynamoEndpoint.gateway(), []],
    ['gateway+interface', DynamoEndpoint.gatewayAndInterface(), []],
    ['gateway+interface with streams', DynamoEndpoint.gatewayAndInterface({ streams: true }), ['AWS_ENDPOINT_URL_DYNAMODB_STREAMS']],
    ['interface', DynamoEndpoint.interface(), ['AWS_ENDPOINT_URL_DYNAMODB']],
    ['interface with streams', DynamoEndpoint.interface({ streams: true }), ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_DYNAMODB_STREAMS']],
  ])('in %s mode holds %j', (_mode, endpoint, variables) => {
    // GIVEN
    const stack = envAgnosticStack();

    // WHEN
    const access = new PrivateDynamoAccess(stack, 'Access', { endpoint });

    // THEN
    expect(Object.keys(access.clientEnvironment)).toEqual(variables);
    if (variables.includes('AWS_ENDPOINT_URL_DYNAMODB')) {
      expect(access.clientEnvironment.AWS_ENDPOINT_URL_DYNAMODB).toBe(access.endpointUrl);
    }
    if (variables.includes('AWS_ENDPOINT_URL_DYNAMODB_STREAMS')) {
      expect(access.clientEnvironment.AWS_ENDPOINT_URL_DYNAMODB_STREAMS).toBe(access.streamsEndpointUrl);
    }
  });
});

describe('interface mode: subnets in a secondary CIDR block', () => {
  test('the endpoint admits the VPC\'s primary block and every subnet outside it (e.g. 100.64.0.0/10)', () => {
    // GIVEN an imported VPC whose primary block is 10.0.0.0/16 and whose subnets are in 100.64.0.0/16
    const stack = envAgnosticStack();
    const vpc = secondaryCidrVpc(stack);

    // WHEN the interface endpoint admits the VPC by default
    new PrivateDynamoAccess(stack, 'Access', { vpc, endpoint: DynamoEndpoint.interface() });

    // THEN the subnets' blocks are admitted too, not only the primary block
    synth(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '10.0.0.0/16', FromPort: 443, ToPort: 443 }),
        Match.objectLike({ CidrIp: '100.64.0.0/24', FromPort: 443, ToPort: 443 }),
        Match.objectLike({ CidrIp: '100.64.1.0/24', FromPort: 443, ToPort: 443 }),
      ],
    });
  });

  test('a VPC whose subnets are all in its primary block gets the one rule it always had', () => {
    // GIVEN the default VPC WHEN interface mode THEN one ingress rule, for the VPC's block
    const stack = envAgnosticStack();
    new PrivateDynamoAccess(stack, 'Access', { endpoint: DynamoEndpoint.interface() });
    const groups = Object.values(synth(stack).findResources('AWS::EC2::SecurityGroup'));
    expect((groups[0] as any).Properties.SecurityGroupIngress).toHaveLength(1);
  });
});

describe('endpointUrl in another stack', () => {
  test('a second stack of the same env reads endpointUrl in a function\'s environment through an export', () => {
    // GIVEN a network stack with an interface endpoint
    const app = new App({ context: lookupContext() });
    const network = new Stack(app, 'Network', { env: ENV });
    const access = new PrivateDynamoAccess(network, 'DynamoAccess', { endpoint: DynamoEndpoint.interface() });

    // WHEN an application stack gives its URL to a function in the VPC (not to a CfnOutput: cfn-lint
    // rightly reports an output that re-exports an import, W6001)
    const application = new Stack(app, 'Application', { env: ENV });
    const handler = new lambda.Function(application, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
      vpc: access.vpc,
      vpcSubnets: { subnets: access.subnets },
      environment: { ...access.clientEnvironment },
    });
    access.allowFrom(handler);

    // THEN the network stack exports the endpoint's DNS entries ...
    const networkTemplate = synth(network);
    const endpointLogicalId = network.getLogicalId(access.interfaceEndpoint!.node.defaultChild as ec2.CfnVPCEndpoint);
    const exports = networkTemplate.findOutputs('*', { Export: { Name: Match.stringLikeRegexp('DnsEntries') } });
    const exportNames = Object.values(exports).map((output: any) => output.Export.Name);
    expect(exportNames).toHaveLength(1);
    expect(Object.values(exports)[0].Value).toEqual({ 'Fn::Join': ['||', { 'Fn::GetAtt': [endpointLogicalId, 'DnsEntries'] }] });

    // ... and the application stack imports them and builds https://<regional DNS name>
    const importedUrl = {
      'Fn::Join': ['', ['https://', {
        'Fn::Select': [1, {
          'Fn::Split': [':', { 'Fn::Select': [0, { 'Fn::Split': ['||', { 'Fn::ImportValue': exportNames[0] }] }] }],
        }],
      }]],
    };
    const applicationTemplate = synth(application);
    applicationTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { AWS_ENDPOINT_URL_DYNAMODB: importedUrl } },
    });
    // ... and allowFrom puts both rules in the application stack, so the network stack imports nothing
    const endpointGroup = access.connections.securityGroups[0];
    applicationTemplate.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp(`^Network:ExportsOutputFnGetAtt${network.getLogicalId(endpointGroup.node.defaultChild as ec2.CfnSecurityGroup)}GroupId`) },
      SourceSecurityGroupId: groupId(application, handler.connections.securityGroups[0]),
      FromPort: 443,
      ToPort: 443,
    });
    networkTemplate.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    expect(JSON.stringify(networkTemplate.toJSON())).not.toContain('Fn::ImportValue');
    const assembly = app.synth();
    expect(assembly.getStackByName('Application').dependencies.map((dependency) => dependency.id)).toContain('Network');
    expect(assembly.getStackByName('Network').dependencies.map((dependency) => dependency.id)).not.toContain('Application');
  });
});
