import { BEDROCK_ACTIONS, MAIL_MANAGER_ACTIONS } from './action-lists.data';

/*
 * The IAM service prefixes of the catalogue (internal data, read through ./service-catalogue.ts): where each
 * prefix's calls go, and the actions that go elsewhere (first match wins). A string target is an endpoint of
 * ./endpoints.data.ts. Sources and the version of each page read: docs/design/service-catalogue.md. A prefix
 * that no source maps is not here (the check then says it does not know it). The long tail of services:
 * ./prefixes-long-tail.data.ts.
 */

/** An endpoint's short name, or why no endpoint serves the call, or why the call is not judged. */
export type TargetRow = string | { readonly none: string } | { readonly inVpc: string };

/** One row: the prefix, its label, its default target and its exceptions (`[patterns, target]`, first match wins). */
export interface PrefixRow {
  readonly prefix: string;
  readonly label: string;
  readonly target: TargetRow;
  readonly actions?: ReadonlyArray<readonly [readonly string[], TargetRow]>;
}

const NO_CALL = 'a permission checked by AWS when another call is made (no API operation of its own)';

export const PREFIX_ROWS: readonly PrefixRow[] = [
  // Storage and databases
  { prefix: 's3', label: 'Amazon S3', target: 's3' },
  {
    prefix: 'dynamodb',
    label: 'Amazon DynamoDB',
    target: 'dynamodb',
    actions: [[['DescribeStream', 'GetRecords', 'GetShardIterator', 'ListStreams'], 'dynamodb-streams']],
  },
  {
    prefix: 'dax',
    label: 'Amazon DynamoDB Accelerator (DAX)',
    target: { inVpc: 'DAX cluster nodes are in the VPC' },
    actions: [[['CreateCluster', 'CreateParameterGroup', 'CreateSubnetGroup', 'DecreaseReplicationFactor', 'DeleteCluster',
      'DeleteParameterGroup', 'DeleteSubnetGroup', 'Describe*', 'IncreaseReplicationFactor', 'ListTags', 'RebootNode', 'TagResource',
      'UntagResource', 'UpdateCluster', 'UpdateParameterGroup', 'UpdateSubnetGroup'],
    { inVpc: 'the DAX management API, whose endpoint (com.amazonaws.<region>.dax) aws-cdk-lib 2.222.0 does not know: not judged' }]],
  },
  {
    prefix: 'elasticfilesystem',
    label: 'Amazon EFS',
    target: 'elasticfilesystem',
    actions: [[['ClientMount', 'ClientWrite', 'ClientRootAccess'], { inVpc: 'NFS mount of a file system through its mount targets in the VPC' }]],
  },
  { prefix: 'rds', label: 'Amazon RDS', target: 'rds' },
  { prefix: 'rds-data', label: 'Amazon RDS Data API', target: 'rds-data' },
  { prefix: 'rds-db', label: 'Amazon RDS IAM authentication', target: { inVpc: 'IAM authentication of a database connection inside the VPC' } },
  {
    prefix: 'elasticache',
    label: 'Amazon ElastiCache',
    target: 'elasticache',
    actions: [[['Connect'], { inVpc: 'IAM authentication of a cache connection inside the VPC' }]],
  },
  { prefix: 'neptune-db', label: 'Amazon Neptune data plane', target: { inVpc: 'requests to a Neptune cluster inside the VPC' } },
  { prefix: 'ebs', label: 'Amazon EBS direct APIs', target: 'ebs' },

  // Messaging and events
  { prefix: 'sqs', label: 'Amazon SQS', target: 'sqs' },
  { prefix: 'sns', label: 'Amazon SNS', target: 'sns' },
  { prefix: 'events', label: 'Amazon EventBridge', target: 'events' },
  { prefix: 'states', label: 'AWS Step Functions', target: 'states', actions: [[['StartSyncExecution', 'TestState'], 'sync-states']] },
  { prefix: 'kinesis', label: 'Amazon Kinesis Data Streams', target: 'kinesis-streams' },
  { prefix: 'firehose', label: 'Amazon Data Firehose', target: 'kinesis-firehose' },
  { prefix: 'kafka', label: 'Amazon MSK', target: 'kafka' },
  { prefix: 'kafka-cluster', label: 'Apache Kafka APIs for Amazon MSK clusters', target: { inVpc: 'Kafka protocol requests to MSK brokers inside the VPC' } },
  {
    prefix: 'ses',
    label: 'Amazon SES',
    target: 'email',
    actions: [[MAIL_MANAGER_ACTIONS, 'mail-manager']],
  },

  // Security and identity
  { prefix: 'kms', label: 'AWS KMS', target: 'kms' },
  { prefix: 'sts', label: 'AWS STS', target: 'sts', actions: [[['TagSession', 'SetSourceIdentity', 'SetContext'], { inVpc: NO_CALL }]] },
  { prefix: 'iam', label: 'AWS IAM', target: 'iam', actions: [[['PassRole'], { inVpc: NO_CALL }]] },
  { prefix: 'secretsmanager', label: 'AWS Secrets Manager', target: 'secretsmanager' },
  { prefix: 'organizations', label: 'AWS Organizations', target: 'organizations' },
  {
    prefix: 'cognito-idp',
    label: 'Amazon Cognito user pools',
    target: 'cognito-idp',
    actions: [[['CreateUserPoolDomain'], { none: 'Amazon Cognito blocks CreateUserPoolDomain requests at the interface endpoint' }]],
  },

  // Management and monitoring
  { prefix: 'ssm', label: 'AWS Systems Manager', target: 'ssm' },
  { prefix: 'ssmmessages', label: 'Systems Manager Session Manager messages', target: 'ssmmessages' },
  { prefix: 'ec2messages', label: 'Systems Manager agent messages', target: 'ec2messages' },
  {
    prefix: 'logs',
    label: 'Amazon CloudWatch Logs',
    target: 'logs',
    actions: [[['StartLiveTail'], { none: 'served by stream-logs.<region>.amazonaws.com, which no VPC endpoint names' }]],
  },
  { prefix: 'cloudwatch', label: 'Amazon CloudWatch', target: 'monitoring' },
  { prefix: 'xray', label: 'AWS X-Ray', target: 'xray' },
  { prefix: 'cloudformation', label: 'AWS CloudFormation', target: 'cloudformation' },
  {
    prefix: 'appconfig',
    label: 'AWS AppConfig',
    target: 'appconfig',
    actions: [[['StartConfigurationSession', 'GetLatestConfiguration'], 'appconfigdata']],
  },

  // Compute and containers
  { prefix: 'lambda', label: 'AWS Lambda', target: 'lambda' },
  { prefix: 'ec2', label: 'Amazon EC2', target: 'ec2' },
  { prefix: 'autoscaling', label: 'Amazon EC2 Auto Scaling', target: 'autoscaling' },
  { prefix: 'application-autoscaling', label: 'Application Auto Scaling', target: 'application-autoscaling' },
  { prefix: 'elasticloadbalancing', label: 'Elastic Load Balancing', target: 'elasticloadbalancing' },
  {
    prefix: 'ecr',
    label: 'Amazon ECR',
    target: 'ecr.api',
    actions: [[['BatchGetImage', 'GetDownloadUrlForLayer', 'BatchCheckLayerAvailability', 'InitiateLayerUpload', 'UploadLayerPart',
      'CompleteLayerUpload', 'PutImage'], 'ecr.dkr']],
  },
  { prefix: 'ecr-public', label: 'Amazon ECR Public', target: { none: 'VPC endpoints do not support Amazon ECR Public repositories' } },
  {
    prefix: 'ecs',
    label: 'Amazon ECS',
    target: 'ecs',
    actions: [[['StartTelemetrySession'], 'ecs-telemetry'], [['Poll'], 'ecs-agent']],
  },
  {
    prefix: 'servicediscovery',
    label: 'AWS Cloud Map',
    target: 'servicediscovery',
    actions: [[['DiscoverInstances', 'DiscoverInstancesRevision'], 'data-servicediscovery']],
  },

  // Application integration and developer tools
  { prefix: 'execute-api', label: 'Amazon API Gateway (invoking APIs)', target: 'execute-api' },
  { prefix: 'codecommit', label: 'AWS CodeCommit', target: 'codecommit', actions: [[['GitPull', 'GitPush'], 'git-codecommit']] },

  // Analytics and machine learning
  { prefix: 'glue', label: 'AWS Glue', target: 'glue' },
  { prefix: 'athena', label: 'Amazon Athena', target: 'athena' },
  { prefix: 'textract', label: 'Amazon Textract', target: 'textract' },
  { prefix: 'comprehend', label: 'Amazon Comprehend', target: 'comprehend' },
  { prefix: 'rekognition', label: 'Amazon Rekognition', target: 'rekognition' },
  {
    prefix: 'bedrock',
    label: 'Amazon Bedrock',
    target: 'bedrock',
    actions: [
      [BEDROCK_ACTIONS.runtime, 'bedrock-runtime'],
      [BEDROCK_ACTIONS.dataAutomationRuntime, 'bedrock-data-automation-runtime'],
      [BEDROCK_ACTIONS.agentRuntime, 'bedrock-agent-runtime'],
      [BEDROCK_ACTIONS.agent, 'bedrock-agent'],
      [BEDROCK_ACTIONS.dataAutomation, 'bedrock-data-automation'],
    ],
  },
  {
    prefix: 'sagemaker',
    label: 'Amazon SageMaker',
    target: 'sagemaker.api',
    actions: [
      [['InvokeEndpoint', 'InvokeEndpointAsync', 'InvokeEndpointWithResponseStream'], 'sagemaker.runtime'],
      [['BatchGetRecord', 'BatchWriteRecord', 'DeleteRecord', 'GetRecord', 'ListRecords', 'PutRecord'], 'sagemaker.featurestore-runtime'],
      [['BatchGetMetrics', 'BatchPutMetrics'], 'sagemaker.metrics'],
      [['DeleteHumanLoop', 'DescribeHumanLoop', 'ListHumanLoops', 'StartHumanLoop', 'StopHumanLoop'],
        { none: 'served by a2i-runtime.sagemaker, which no VPC endpoint names' }],
    ],
  },
];
