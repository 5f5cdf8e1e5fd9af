import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  allEndpointServices, allServicePrefixes, endpointService, ServiceTarget, servicePrefix, targetsOfAction,
} from '../../../src/private/catalogue/service-catalogue';

/*
 * The catalogue's long tail, its endpoint-policy decisions and the endpoints that only a service's own page names:
 * checked against aws-cdk-lib 2.222.0 and docs/design/service-catalogue.md.
 */

const DOC = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'design', 'service-catalogue.md'), 'utf8');

/** The short names of aws-cdk-lib's static InterfaceVpcEndpointAwsService members. */
function memberShortNames(): Set<string> {
  const names = new Set<string>();
  for (const key of Object.getOwnPropertyNames(ec2.InterfaceVpcEndpointAwsService)) {
    const value = (ec2.InterfaceVpcEndpointAwsService as unknown as Record<string, unknown>)[key];
    if (value instanceof ec2.InterfaceVpcEndpointAwsService) {
      names.add(value.shortName);
    }
  }
  return names;
}

describe('endpoints that only the service\'s own page names (cdkMember: false)', () => {
  const members = memberShortNames();
  const notMembers = allEndpointServices().filter((service) => service.cdkMember === false).map((service) => service.name);

  test('are exactly the seven the design page lists', () => {
    // GIVEN the catalogue WHEN the endpoints aws-cdk-lib does not name are listed THEN each was added deliberately
    expect(notMembers.sort()).toEqual(['acm', 'appsync', 'cognito-idp', 'email', 'iot.api', 'kinesisanalytics', 'quicksight']);
  });

  test.each(notMembers)('%s is no static member of aws-cdk-lib 2.222.0 (when one appears, drop the flag)', (name) => {
    expect(members.has(name)).toBe(false);
  });

  test.each(notMembers)('new InterfaceVpcEndpointAwsService(%s) names com.amazonaws.<region>.<name>', (name) => {
    // GIVEN a stack in eu-west-1 WHEN aws-cdk-lib's public constructor names the service THEN it is the page's service name
    const stack = new Stack(new App(), 'Names', { env: { region: 'eu-west-1', account: '111111111111' } });
    expect(stack.resolve(new ec2.InterfaceVpcEndpointAwsService(name).name)).toEqual(`com.amazonaws.eu-west-1.${name}`);
  });
});

describe('endpoint policies', () => {
  /** The rows of the design page's policy table: short name → the decision it records ("yes" or "no"). */
  function documented(): Map<string, string> {
    const rows = new Map<string, string>();
    for (const match of DOC.matchAll(/^\| `([a-z0-9.-]+)` \| (yes|no)\b/gm)) {
      rows.set(match[1], match[2]);
    }
    return rows;
  }

  test.each(allEndpointServices().map((service) => [service.name, service.endpointPolicy]))(
    '%s: endpointPolicy %s is the decision docs/design/service-catalogue.md records with its source', (name, policy) => {
      // GIVEN the design page's table WHEN the endpoint's row is read THEN it exists and says the same
      expect(documented().get(name as string)).toEqual(policy ? 'yes' : 'no');
    });

  test.each<[string, boolean]>([
    // the services the brief named: settled by their own pages
    ['sqs', true], ['sns', true], ['kms', true], ['lambda', true], ['states', true], ['monitoring', true], ['xray', true],
    ['bedrock', true], ['bedrock-runtime', true], ['cloudformation', true], ['appconfig', true], ['appconfigdata', true],
    ['rds-data', true], ['elasticfilesystem', true], ['glue', true], ['athena', true], ['sagemaker.runtime', true],
    ['sagemaker.api', true], ['ecs', true], ['cognito-idp', true],
    // a page section that names the service but not this endpoint: not claimed
    ['events', false], ['bedrock-agent', false], ['bedrock-agent-runtime', false], ['ssmmessages', false], ['ec2messages', false],
    ['ecs-agent', false], ['ecs-telemetry', false], ['sync-states', false], ['eks-auth', false],
    // pages that say no
    ['iot.data', false], ['iot.api', false],
  ])('%s: %s', (name, expected) => {
    expect(endpointService(name)?.endpointPolicy).toBe(expected);
  });
});

describe('the long tail', () => {
  /** The prefixes the brief asked for; each either has a row or is one of the deliberate omissions below. */
  const ASKED = ['acm', 'acm-pca', 'airflow', 'apprunner', 'appsync', 'backup', 'batch', 'codebuild', 'codeartifact', 'codedeploy',
    'codedeploy-commands-secure', 'codepipeline', 'config', 'datasync', 'dms', 'ds', 'eks', 'eks-auth', 'elasticbeanstalk',
    'elasticmapreduce', 'es', 'grafana', 'guardduty', 'inspector2', 'iot', 'kinesisanalytics', 'kinesisvideo', 'lakeformation',
    'license-manager', 'macie2', 'mq', 'personalize', 'polly', 'qldb', 'quicksight', 'redshift', 'redshift-data', 'redshift-serverless',
    'resource-groups', 'route53resolver', 's3-outposts', 'securityhub', 'servicecatalog', 'ses', 'shield', 'signer', 'ssm-contacts',
    'ssm-incidents', 'storagegateway', 'swf', 'synthetics', 'transcribe', 'transfer', 'translate', 'wafv2', 'workspaces', 'xray'];
  /** Left out, with the reason in the design page: no endpoint aws-cdk-lib or an AWS page names for its API. */
  const LEFT_OUT = ['kinesisvideo', 'qldb', 'route53resolver', 's3-outposts', 'shield', 'signer'];

  test.each(ASKED.filter((prefix) => !LEFT_OUT.includes(prefix)))('%s has a row', (prefix) => {
    expect(servicePrefix(prefix)).toBeDefined();
  });

  test.each(LEFT_OUT)('%s is left out (unknown to the check) and the design page says why', (prefix) => {
    expect(servicePrefix(prefix)).toBeUndefined();
    expect(DOC).toContain(`\`${prefix}\``);
  });

  test('every endpoint row is reached by a prefix, and no prefix is listed twice', () => {
    const names = allServicePrefixes().map((service) => service.prefix);
    expect(new Set(names).size).toEqual(names.length);
    const reached = new Set(allServicePrefixes().flatMap((service) => [service.target, ...(service.actions ?? []).map((a) => a.target)])
      .flatMap((target) => ('endpoint' in target ? [target.endpoint] : [])));
    expect(allEndpointServices().map((service) => service.name).filter((name) => !reached.has(name))).toEqual(['email-smtp']);
  });

  const e = (endpoint: string): ServiceTarget => ({ endpoint });
  test.each<[string, ServiceTarget[]]>([
    ['airflow:CreateEnvironment', [e('airflow.api')]],
    ['airflow:CreateWebLoginToken', [e('airflow.env')]],
    ['airflow:PublishMetrics', [e('airflow.ops')]],
    ['appsync:GraphQL', [e('appsync-api')]],
    ['appsync:CreateGraphqlApi', [e('appsync')]],
    ['codeartifact:GetAuthorizationToken', [e('codeartifact.api')]],
    ['codeartifact:ReadFromRepository', [e('codeartifact.repositories')]],
    ['codedeploy-commands-secure:PollHostCommand', [e('codedeploy-commands-secure')]],
    ['cognito-idp:AdminInitiateAuth', [e('cognito-idp')]],
    ['cognito-idp:CreateUserPoolDomain', [{ none: 'Amazon Cognito blocks CreateUserPoolDomain requests at the interface endpoint' }]],
    ['es:ESHttpGet', [{ inVpc: 'HTTP requests to an OpenSearch domain, through its own endpoint' }]],
    ['eks-auth:AssumeRoleForPodIdentity', [e('eks-auth')]],
    ['iot:Publish', [e('iot.data')]],
    ['iot:Connect', [e('iot.data')]],
    ['iot:CreateThing', [e('iot.api')]],
    ['personalize:PutEvents', [e('personalize-events')]],
    ['personalize:GetRecommendations', [e('personalize-runtime')]],
    ['personalize:CreateCampaign', [e('personalize')]],
    ['quicksight:DescribeDashboard', [e('quicksight')]],
    ['quicksight:ListFlows', [{ none: 'not supported through the Quick API interface endpoint (Quick page)' }]],
    ['servicecatalog:CreateAttributeGroup', [e('servicecatalog-appregistry')]],
    ['servicecatalog:ProvisionProduct', [e('servicecatalog')]],
    ['ses:SendRawEmail', [e('email')]],
    ['ses:CreateIngressPoint', [e('mail-manager')]],
    ['transcribe:StartStreamTranscription', [e('transcribestreaming')]],
    ['transcribe:StartTranscriptionJob', [e('transcribe')]],
    ['redshift-data:ExecuteStatement', [e('redshift-data')]],
    ['elasticmapreduce:RunJobFlow', [e('elasticmapreduce')]],
  ])('%s', (action, expected) => {
    // GIVEN the catalogue WHEN one granted action is looked up THEN it goes where its SDK model or page says
    expect(targetsOfAction(action)).toEqual(expected);
  });

  test('IoT data plane endpoints have no private DNS (the IoT page)', () => {
    expect(endpointService('iot.data')?.privateDns).toBe(false);
    expect(endpointService('iot.api')?.privateDns).toBe(true);
  });
});
