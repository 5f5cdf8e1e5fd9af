import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { FLOW_LOG_ACTIONS } from '../../src/private/flow-log-destination';
import { createIsolatedVpc } from '../../src/private/isolated-vpc';
import { expectCfnLintClean } from '../support/cfn-lint';
import { envAgnosticStack } from '../support/fixtures';
import { ACCOUNT, Caller, simulate } from '../support/iam-simulation';
import { PolicyJson, TemplateResolver, TEST_ENVIRONMENT } from '../support/resolve-template';

/*
 * The new VPC's flow log without a destination: the log group and role that aws-cdk-lib's default CloudWatch Logs
 * destination creates, under the same ids, with the role's permissions in a customer-managed policy. Compared with
 * aws-cdk-lib's own default (an ec2.Vpc with a flow log, built under the same ids): statement by statement, and
 * request by request with the IAM policy engine.
 */

interface FlowLogTemplates {
  /** The isolated VPC's flow log (this library). */
  readonly ours: any;
  /** aws-cdk-lib's default flow log, on a VPC under the same construct id. */
  readonly cdks: any;
}

function flowLogTemplates(): FlowLogTemplates {
  // the same stack and VPC ids in two apps; without the default security group's custom resource, which has a role too
  const ours = envAgnosticStack('Stack');
  createIsolatedVpc(ours, 'Vpc', { restrictDefaultSecurityGroup: false });
  const cdks = envAgnosticStack('Stack');
  new ec2.Vpc(cdks, 'Vpc', { restrictDefaultSecurityGroup: false, flowLogs: { FlowLog: { trafficType: ec2.FlowLogTrafficType.ALL } } });
  return { ours: Template.fromStack(ours).toJSON(), cdks: Template.fromStack(cdks).toJSON() };
}

const ofType = (template: any, type: string): Record<string, any> =>
  Object.fromEntries(Object.entries<any>(template.Resources).filter(([, resource]) => resource.Type === type));

/** The one resource of a type, by logical id. */
function onlyOf(template: any, type: string): [string, any] {
  const resources = Object.entries(ofType(template, type));
  expect(resources).toHaveLength(1);
  return resources[0];
}

/** The permissions of the flow log's role: its inline policies (aws-cdk-lib) or its managed policies (ours), resolved. */
function rolePermissions(template: any): PolicyJson[] {
  const resolver = new TemplateResolver(template);
  const [roleId, role] = onlyOf(template, 'AWS::IAM::Role');
  const inline = Object.values<any>(ofType(template, 'AWS::IAM::Policy'))
    .filter((policy) => policy.Properties.Roles.some((ref: any) => ref.Ref === roleId))
    .map((policy) => resolver.resolve(policy.Properties.PolicyDocument));
  const managed = (role.Properties.ManagedPolicyArns ?? []).map((arn: any) =>
    resolver.resolve(template.Resources[arn.Ref].Properties.PolicyDocument));
  return [...inline, ...managed];
}

describe('the default flow-log destination', () => {
  const { ours, cdks } = flowLogTemplates();

  test('keeps aws-cdk-lib\'s logical ids for the flow log, its log group and its role; the inline policy becomes a managed one', () => {
    // GIVEN / WHEN both templates
    const ids = (template: any) => Object.entries<any>(template.Resources)
      .filter(([, resource]) => ['AWS::EC2::FlowLog', 'AWS::Logs::LogGroup', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(resource.Type))
      .map(([id, resource]) => `${id} ${resource.Type}`).sort();
    // THEN
    expect(ids(cdks)).toEqual([
      'VpcFlowLog8FF33A73 AWS::EC2::FlowLog',
      'VpcFlowLogIAMRole6A475D41 AWS::IAM::Role',
      'VpcFlowLogIAMRoleDefaultPolicy406FB995 AWS::IAM::Policy',
      'VpcFlowLogLogGroup7B5C56B9 AWS::Logs::LogGroup',
    ]);
    expect(ids(ours)).toEqual([
      'VpcFlowLog8FF33A73 AWS::EC2::FlowLog',
      'VpcFlowLogIAMPolicy3D143F2B AWS::IAM::ManagedPolicy',
      'VpcFlowLogIAMRole6A475D41 AWS::IAM::Role',
      'VpcFlowLogLogGroup7B5C56B9 AWS::Logs::LogGroup',
    ]);
    expectCfnLintClean(ours);
  });

  test('the flow log, its log group and its role are aws-cdk-lib\'s, except that the role names a managed policy', () => {
    // GIVEN / WHEN / THEN the flow log and the log group are the same resources
    for (const type of ['AWS::EC2::FlowLog', 'AWS::Logs::LogGroup']) {
      expect(onlyOf(ours, type)).toEqual(onlyOf(cdks, type));
    }
    // AND the role is the same (trust policy: VPC Flow Logs; its name; its tags), with ManagedPolicyArns added
    const [roleId, role] = onlyOf(ours, 'AWS::IAM::Role');
    const [policyId] = onlyOf(ours, 'AWS::IAM::ManagedPolicy');
    const { ManagedPolicyArns: managedPolicyArns, ...rest } = role.Properties;
    expect([roleId, { ...role, Properties: rest }]).toEqual(onlyOf(cdks, 'AWS::IAM::Role'));
    // the role names the policy, so that CloudFormation creates the policy first, and the role (which the flow log references) with it
    expect(managedPolicyArns).toEqual([{ Ref: policyId }]);
    expect(ofType(ours, 'AWS::IAM::Policy')).toEqual({});
  });

  test('the managed policy holds exactly the statements of aws-cdk-lib\'s inline policy', () => {
    // GIVEN / WHEN the permissions of each role, resolved
    const [oursPolicies, cdksPolicies] = [rolePermissions(ours), rolePermissions(cdks)];
    // THEN one policy each, with the same statements: the three actions on the one log group
    expect(oursPolicies).toHaveLength(1);
    expect(cdksPolicies).toHaveLength(1);
    expect(oursPolicies[0].Statement).toEqual(cdksPolicies[0].Statement);
    expect(oursPolicies[0].Statement).toEqual([{
      Effect: 'Allow',
      Action: FLOW_LOG_ACTIONS,
      Resource: `arn:aws:logs:${TEST_ENVIRONMENT.region}:${ACCOUNT}:log-group:VpcFlowLogLogGroup7B5C56B9:*`,
    }]);
  });

  test('the IAM policy engine decides every request alike for both roles, and allows only writing to the flow log\'s group', async () => {
    // GIVEN the flow-log role as the caller, and requests on its log group, a stream in it, and another group
    const role: Caller = { arn: `arn:aws:iam::${ACCOUNT}:role/flow-log`, account: ACCOUNT, orgId: 'o-a1b2c3d4e5' };
    const arn = (rest: string) => `arn:aws:logs:${TEST_ENVIRONMENT.region}:${ACCOUNT}:log-group:${rest}`;
    const ownGroup = 'VpcFlowLogLogGroup7B5C56B9';
    // (each action on the resource type the IAM service reference gives it: a log stream, or a log group)
    const requests: Array<[string, string]> = [
      ...['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:DeleteLogStream']
        .flatMap((action) => [[action, arn(`${ownGroup}:log-stream:eni-1-all`)], [action, arn('other-group:log-stream:eni-1-all')]] as Array<[string, string]>),
      ...['logs:DescribeLogStreams', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:CreateLogGroup', 'logs:AssociateKmsKey']
        .flatMap((action) => [[action, arn(ownGroup)], [action, arn('other-group')]] as Array<[string, string]>),
      ['s3:GetObject', 'arn:aws:s3:::bucket/key'],
    ];
    const [oursPolicy, cdksPolicy] = [rolePermissions(ours)[0], rolePermissions(cdks)[0]];
    // WHEN each request is evaluated with each role's permissions
    const decisions: string[] = [];
    for (const [action, resource] of requests) {
      const [withOurs, withCdks] = await Promise.all([oursPolicy, cdksPolicy].map((identityPolicy) =>
        simulate({ caller: role, action, resource, identityPolicy }).then((outcome) => outcome.overall)));
      // THEN both decide alike
      expect(`${action} ${resource}: ${withOurs}`).toEqual(`${action} ${resource}: ${withCdks}`);
      decisions.push(`${withOurs} ${action} ${resource}`);
    }
    // AND what is allowed is writing to the streams of the flow log's own group, nothing else
    expect(decisions.filter((decision) => decision.startsWith('Allowed'))).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']
      .map((action) => `Allowed ${action} ${arn(`${ownGroup}:log-stream:eni-1-all`)}`));
  });

  test('with the user\'s destination, nothing of it is created: no log group, role or policy of the construct', () => {
    // GIVEN a log group the user owns
    const stack: Stack = envAgnosticStack();
    const logGroup = new logs.LogGroup(stack, 'FlowLogs');
    // WHEN
    const vpc = createIsolatedVpc(stack, 'Vpc', { flowLogDestination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup) });
    // THEN aws-cdk-lib's destination is used as given (its own role), and FlowLog/IAMPolicy does not exist
    expect(vpc.node.findChild('FlowLog').node.tryFindChild('IAMPolicy')).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });
});
