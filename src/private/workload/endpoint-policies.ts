import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { WorkloadService } from './services';

/*
 * The endpoint policies of the endpoints that `addEndpointsFor` creates: a data perimeter for each
 * service that supports one, never `*`. Internal module.
 *
 * - ECR (`ecr.api`, `ecr.dkr`): principals of the account may get an authorization token and pull
 *   (and, for a pull-through cache, import and create) images of the account's repositories in the
 *   region, and of the repositories of other accounts that the task definitions name.
 * - S3 (gateway): anyone may read ECR's layer bucket of the region (ECR hands out pre-signed URLs to it,
 *   signed by ECR); with environment files or a FireLens configuration in S3, principals of the account
 *   may read (FireLens output to S3: write) objects of the account's buckets. A user who wants more adds their own S3
 *   gateway endpoint before `addEndpointsFor`, which then uses it and creates none.
 * - CloudWatch Logs: principals of the account, the account's log groups of the region.
 * - Secrets Manager, Parameter Store, Firehose, Kinesis: the service's actions by principals of the account.
 * - ECS (`ecs`, `ecs-agent`, `ecs-telemetry`): none, since ECS does not support endpoint policies.
 * - A service that clients call at run time (SQS, SNS, KMS, ...): what they are granted, by principals of
 *   the account or organization (./runtime-endpoints.ts).
 */

/** Actions that pull an image (and that a pull-through cache needs to import one on first pull). */
export const ECR_PULL_ACTIONS = [
  'ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository',
];

/** The statements of a new endpoint of `service`; `foreignRepositories` is the statement that repositories of other accounts are added to. */
export function endpointStatements(scope: Construct, service: WorkloadService): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const ofTheAccount = { StringEquals: { 'aws:PrincipalAccount': stack.account } };
  const statement = (sid: string, actions: string[], resources: string[], conditions?: Record<string, unknown>) => new iam.PolicyStatement({
    sid, principals: [new iam.AnyPrincipal()], actions, resources, conditions,
  });
  switch (service.policy) {
    case 'ecr':
      return [
        statement('AuthorizationTokenForTheAccount', ['ecr:GetAuthorizationToken'], ['*'], ofTheAccount),
        statement('PullFromTheAccountsRepositories', ECR_PULL_ACTIONS,
          [`arn:${stack.partition}:ecr:${stack.region}:${stack.account}:repository/*`], ofTheAccount),
      ];
    case 's3':
      return [statement('ReadEcrImageLayers', ['s3:GetObject'], [`arn:${stack.partition}:s3:::prod-${stack.region}-starport-layer-bucket/*`])];
    case 'logs':
      return [statement('LogsOfTheAccount', ['logs:*'], [`arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`], ofTheAccount)];
    case 'account':
      return [statement('PrincipalsOfTheAccount', [`${service.actionPrefix}:*`], ['*'], ofTheAccount)];
    case 'runtime': // ./runtime-endpoints.ts adds what the runtime clients are granted
    case 'none':
      return [];
  }
}

/** The statement that lets principals of the account pull from repositories of other accounts. */
export function foreignRepositoriesStatement(scope: Construct, repositories: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'PullFromRepositoriesTheTasksName',
    principals: [new iam.AnyPrincipal()],
    actions: ECR_PULL_ACTIONS.filter((action) => action !== 'ecr:CreateRepository'),
    resources: repositories,
    conditions: { StringEquals: { 'aws:PrincipalAccount': Stack.of(scope).account } },
  });
}

/**
 * The statement that lets principals of the account read (environment files, a FireLens configuration)
 * or write (FireLens output to S3) objects of the account's buckets.
 */
export function accountObjectsStatement(scope: Construct, access: 'read' | 'write'): iam.PolicyStatement {
  const account = Stack.of(scope).account;
  return new iam.PolicyStatement({
    sid: access === 'read' ? 'ReadObjectsOfTheAccountsBuckets' : 'WriteObjectsOfTheAccountsBuckets',
    principals: [new iam.AnyPrincipal()],
    actions: access === 'read' ? ['s3:GetObject', 's3:GetBucketLocation'] : ['s3:PutObject', 's3:AbortMultipartUpload'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:PrincipalAccount': account, 'aws:ResourceAccount': account } },
  });
}
