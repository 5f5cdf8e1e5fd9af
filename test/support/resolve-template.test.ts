import { normalizeEndpointPolicy, TemplateResolver } from './resolve-template';

const TEMPLATE = {
  Parameters: { Stage: { Default: 'prod' }, Secret: {} },
  Resources: {
    Orders: { Type: 'AWS::DynamoDB::GlobalTable', Properties: {} },
    Named: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: { 'Fn::Join': ['-', ['ledger', { Ref: 'Stage' }]] } } },
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { ServiceName: 'com.amazonaws.eu-west-1.dynamodb', VpcId: { Ref: 'Vpc' } } },
    Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
  },
};

describe('TemplateResolver', () => {
  const resolver = new TemplateResolver(TEMPLATE);

  test('pseudo parameters, parameters with a default and Fn::Join', () => {
    // GIVEN references to pseudo parameters and a parameter WHEN they are resolved THEN the test values come out
    expect(resolver.resolve({ 'Fn::Join': [':', [{ Ref: 'AWS::Partition' }, { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, { Ref: 'Stage' }]] }))
      .toBe('aws:eu-west-1:111111111111:prod');
  });

  test('tables: the logical id as name unless TableName says otherwise, ARNs from the name', () => {
    // GIVEN a table without a name and one with a computed name
    // WHEN their references are resolved THEN names and ARNs follow
    expect(resolver.resolve({ Ref: 'Orders' })).toBe('Orders');
    expect(resolver.resolve({ 'Fn::GetAtt': ['Named', 'Arn'] })).toBe('arn:aws:dynamodb:eu-west-1:111111111111:table/ledger-prod');
    expect(resolver.resolve({ 'Fn::GetAtt': 'Orders.StreamArn' })).toBe('arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2024-01-01T00:00:00.000');
  });

  test('Fn::Sub with references, attributes, its own variables and an escaped ${!literal}', () => {
    // GIVEN a Fn::Sub of every kind of placeholder WHEN it is resolved THEN each is replaced, the escape kept literal
    expect(resolver.resolve({ 'Fn::Sub': ['${AWS::Region}/${Orders.Arn}/${Own}/${!Literal}', { Own: { Ref: 'Stage' } }] }))
      .toBe('eu-west-1/arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/prod/${Literal}');
  });

  test('VPC and endpoint ids of the right shape, stable for a logical id; Fn::Select and Fn::Split', () => {
    // GIVEN a VPC and an endpoint WHEN their ids are resolved twice THEN they have AWS's shape and do not change
    const vpcId = resolver.resolve({ Ref: 'Vpc' });
    expect(vpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(resolver.resolve({ Ref: 'Vpc' })).toBe(vpcId);
    expect(resolver.dynamoEndpoints()).toEqual([expect.objectContaining({ id: expect.stringMatching(/^vpce-[0-9a-f]{17}$/), vpcId, type: 'Gateway', policy: undefined })]);
    // AND the regional DNS name can be cut out of the endpoint's DnsEntries as CloudFormation would
    expect(resolver.resolve({ 'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::Select': [0, { 'Fn::GetAtt': ['Endpoint', 'DnsEntries'] }] }] }] }))
      .toMatch(/^vpce-[0-9a-f]{17}-[0-9a-f]{8}\.dynamodb\.eu-west-1\.vpce\.amazonaws\.com$/);
  });

  test('AWS::NoValue drops the property or the item', () => {
    // GIVEN a value and a list with AWS::NoValue WHEN they are resolved THEN the property and the item are gone
    expect(resolver.resolve({ Keep: 'yes', Drop: { Ref: 'AWS::NoValue' }, List: ['a', { Ref: 'AWS::NoValue' }] })).toEqual({ Keep: 'yes', List: ['a'] });
  });

  test.each([
    ['an unknown logical id', { Ref: 'Missing' }, /no resource or parameter Missing/],
    ['a parameter without a default', { Ref: 'Secret' }, /parameter Secret has no default/],
    ['an attribute without a test value', { 'Fn::GetAtt': ['Topic', 'TopicName'] }, /attribute TopicName of Topic \(AWS::SNS::Topic\) has no test value/],
    ['an intrinsic without a test value', { 'Fn::Base64': 'Shared' }, /Fn::Base64 has no test value/],
    ['an import without a resolver for the other stacks', { 'Fn::ImportValue': 'Shared' }, /Fn::ImportValue "Shared" without a resolver for the other stacks/],
  ])('fails when it meets %s', (_name, value, message) => {
    // GIVEN a value it cannot resolve WHEN it is resolved THEN it throws rather than leave it half resolved
    expect(() => resolver.resolve(value)).toThrow(message);
  });
});

describe('normalizeEndpointPolicy', () => {
  test('writes {"AWS": "*"} as "*" and leaves other principals alone', () => {
    // GIVEN statements with every principal in both spellings and with a specific one
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '*' } },
        { Effect: 'Allow', Principal: { AWS: ['*'] } },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' } },
        { Effect: 'Allow', Principal: '*' },
      ],
    };
    // WHEN it is normalized THEN only "every principal" changes spelling
    expect(normalizeEndpointPolicy(policy).Statement.map((statement) => statement.Principal))
      .toEqual(['*', '*', { AWS: 'arn:aws:iam::111111111111:root' }, '*']);
  });
});

describe('TemplateResolver across the stacks of an app', () => {
  test('resolves Fn::ImportValue, a nested stack\'s output and a passed parameter through its options, with ids seeded by stack', () => {
    // GIVEN a template that imports, reads a nested stack's output and has a parameter without default
    const template = {
      Parameters: { VpcId: { Type: 'String' } },
      Resources: { Vpc: { Type: 'AWS::EC2::VPC' }, Nested: { Type: 'AWS::CloudFormation::Stack' } },
    };
    const resolver = new TemplateResolver(template, {}, {
      idSeed: 'Blue',
      importValue: (name) => `imported:${name}`,
      nestedOutput: (logicalId, output) => `${logicalId}.${output}`,
      parameters: { VpcId: 'vpc-passed' },
    });
    // WHEN each is resolved THEN the options answer, and the VPC's id differs from the same logical id elsewhere
    expect(resolver.resolve({ 'Fn::ImportValue': 'Network:VpcId' })).toEqual('imported:Network:VpcId');
    expect(resolver.resolve({ 'Fn::GetAtt': ['Nested', 'Outputs.Url'] })).toEqual('Nested.Url');
    expect(resolver.resolve({ Ref: 'VpcId' })).toEqual('vpc-passed');
    expect(resolver.resolve({ Ref: 'Vpc' })).not.toEqual(new TemplateResolver(template, {}, { idSeed: 'Green' }).resolve({ Ref: 'Vpc' }));
  });
});
