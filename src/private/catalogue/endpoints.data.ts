/*
 * The endpoint services of the catalogue (internal data, read through ./service-catalogue.ts). Each row is an
 * AWS endpoint service by its short name, as the PrivateLink page lists it and aws-cdk-lib 2.222.0 names it
 * (test/private/catalogue/service-catalogue.test.ts checks both; `cdkMember: false` marks the few that only the
 * service's own page names, which `new InterfaceVpcEndpointAwsService(name)` creates). Where a row says nothing, it
 * has an interface endpoint only, with private DNS (the PrivateLink guide's recommendation, aws-cdk-lib's default),
 * and no policy that a page confirms. `endpointPolicy: true` only where the service's page says its endpoint takes
 * a policy (an endpoint that rejects one fails the deployment). Sources and the version of each page read:
 * docs/design/service-catalogue.md (the long tail of services: ./endpoints-long-tail.data.ts).
 */

/** One row: the facts that differ from the defaults (interface only, private DNS, no confirmed policy support). */
export interface EndpointRow {
  readonly name: string;
  /** The service's name, without the short name (the label adds it). */
  readonly label: string;
  /** @default true */
  readonly interface?: boolean;
  /** @default false */
  readonly gateway?: boolean;
  /** @default true */
  readonly privateDns?: boolean;
  /** @default false - no page read says the endpoint supports a policy */
  readonly endpointPolicy?: boolean;
  /** From the SDKs' table of service-specific endpoint variables (`AWS_ENDPOINT_URL_` + serviceId). */
  readonly urlVariable?: string;
  /** @default false */
  readonly global?: boolean;
  /** @default - every Region */
  readonly regions?: readonly string[];
  /** @default true - aws-cdk-lib 2.222.0 has a static `InterfaceVpcEndpointAwsService` member of this short name */
  readonly cdkMember?: boolean;
}

/** The SDKs' service-specific endpoint variables all start so (`AWS_ENDPOINT_URL_` + serviceId). */
export const V = 'AWS_ENDPOINT_URL_';

export const ENDPOINT_ROWS: readonly EndpointRow[] = [
  // Storage and databases
  { name: 's3', label: 'Amazon S3', gateway: true, endpointPolicy: true, urlVariable: `${V}S3` },
  { name: 'dynamodb', label: 'Amazon DynamoDB', gateway: true, privateDns: false, endpointPolicy: true, urlVariable: `${V}DYNAMODB` },
  { name: 'dynamodb-streams', label: 'Amazon DynamoDB Streams', privateDns: false, endpointPolicy: true, urlVariable: `${V}DYNAMODB_STREAMS` },
  { name: 'elasticfilesystem', label: 'Amazon EFS', endpointPolicy: true, urlVariable: `${V}EFS` },
  { name: 'rds', label: 'Amazon RDS', endpointPolicy: true, urlVariable: `${V}RDS` },
  { name: 'rds-data', label: 'Amazon RDS Data API', endpointPolicy: true, urlVariable: `${V}RDS_DATA` },
  { name: 'elasticache', label: 'Amazon ElastiCache', endpointPolicy: true, urlVariable: `${V}ELASTICACHE` },
  { name: 'ebs', label: 'Amazon EBS direct APIs', endpointPolicy: true, urlVariable: `${V}EBS` },

  // Messaging and events
  { name: 'sqs', label: 'Amazon SQS', endpointPolicy: true, urlVariable: `${V}SQS` },
  { name: 'sns', label: 'Amazon SNS', endpointPolicy: true, urlVariable: `${V}SNS` },
  { name: 'events', label: 'Amazon EventBridge', urlVariable: `${V}EVENTBRIDGE` },
  { name: 'states', label: 'AWS Step Functions', endpointPolicy: true, urlVariable: `${V}SFN` },
  { name: 'sync-states', label: 'AWS Step Functions synchronous Express workflows' },
  { name: 'kinesis-streams', label: 'Amazon Kinesis Data Streams', endpointPolicy: true, urlVariable: `${V}KINESIS` },
  { name: 'kinesis-firehose', label: 'Amazon Data Firehose', endpointPolicy: true, urlVariable: `${V}FIREHOSE` },
  { name: 'kafka', label: 'Amazon MSK', endpointPolicy: true, urlVariable: `${V}KAFKA` },
  { name: 'email-smtp', label: 'Amazon SES SMTP' },
  { name: 'email', label: 'Amazon SES API', urlVariable: `${V}SES`, cdkMember: false },
  { name: 'mail-manager', label: 'Amazon SES Mail Manager', urlVariable: `${V}MAILMANAGER` },

  // Security and identity
  { name: 'kms', label: 'AWS KMS', endpointPolicy: true, urlVariable: `${V}KMS` },
  { name: 'sts', label: 'AWS STS', endpointPolicy: true, urlVariable: `${V}STS` },
  { name: 'iam', label: 'AWS IAM', urlVariable: `${V}IAM`, global: true, regions: ['us-east-1', 'cn-north-1', 'us-gov-west-1'] },
  { name: 'secretsmanager', label: 'AWS Secrets Manager', endpointPolicy: true, urlVariable: `${V}SECRETS_MANAGER` },
  { name: 'organizations', label: 'AWS Organizations', endpointPolicy: true, urlVariable: `${V}ORGANIZATIONS` },
  { name: 'cognito-idp', label: 'Amazon Cognito user pools', endpointPolicy: true, urlVariable: `${V}COGNITO_IDENTITY_PROVIDER`, cdkMember: false },

  // Management and monitoring
  { name: 'ssm', label: 'AWS Systems Manager', endpointPolicy: true, urlVariable: `${V}SSM` },
  { name: 'ssmmessages', label: 'Systems Manager Session Manager messages' },
  { name: 'ec2messages', label: 'Systems Manager agent messages' },
  { name: 'logs', label: 'Amazon CloudWatch Logs', endpointPolicy: true, urlVariable: `${V}CLOUDWATCH_LOGS` },
  { name: 'monitoring', label: 'Amazon CloudWatch', endpointPolicy: true, urlVariable: `${V}CLOUDWATCH` },
  { name: 'xray', label: 'AWS X-Ray', endpointPolicy: true, urlVariable: `${V}XRAY` },
  { name: 'cloudformation', label: 'AWS CloudFormation', endpointPolicy: true, urlVariable: `${V}CLOUDFORMATION` },
  { name: 'appconfig', label: 'AWS AppConfig', endpointPolicy: true, urlVariable: `${V}APPCONFIG` },
  { name: 'appconfigdata', label: 'AWS AppConfig Data', endpointPolicy: true, urlVariable: `${V}APPCONFIGDATA` },

  // Compute and containers
  { name: 'lambda', label: 'AWS Lambda', endpointPolicy: true, urlVariable: `${V}LAMBDA` },
  { name: 'ec2', label: 'Amazon EC2', endpointPolicy: true, urlVariable: `${V}EC2` },
  { name: 'autoscaling', label: 'Amazon EC2 Auto Scaling', urlVariable: `${V}AUTO_SCALING` },
  { name: 'application-autoscaling', label: 'Application Auto Scaling', urlVariable: `${V}APPLICATION_AUTO_SCALING` },
  { name: 'elasticloadbalancing', label: 'Elastic Load Balancing', endpointPolicy: true, urlVariable: `${V}ELASTIC_LOAD_BALANCING_V2` },
  { name: 'ecr.api', label: 'Amazon ECR API', endpointPolicy: true, urlVariable: `${V}ECR` },
  { name: 'ecr.dkr', label: 'Amazon ECR Docker registry', endpointPolicy: true },
  { name: 'ecs', label: 'Amazon ECS', endpointPolicy: true, urlVariable: `${V}ECS` },
  { name: 'ecs-agent', label: 'Amazon ECS agent' },
  { name: 'ecs-telemetry', label: 'Amazon ECS telemetry' },
  { name: 'servicediscovery', label: 'AWS Cloud Map', urlVariable: `${V}SERVICEDISCOVERY` },
  { name: 'data-servicediscovery', label: 'AWS Cloud Map instance discovery' },

  // Application integration and developer tools
  { name: 'execute-api', label: 'Amazon API Gateway private APIs', endpointPolicy: true, urlVariable: `${V}APIGATEWAYMANAGEMENTAPI` },
  { name: 'codecommit', label: 'AWS CodeCommit API', endpointPolicy: true, urlVariable: `${V}CODECOMMIT` },
  { name: 'git-codecommit', label: 'AWS CodeCommit Git' },

  // Analytics and machine learning
  { name: 'glue', label: 'AWS Glue', endpointPolicy: true, urlVariable: `${V}GLUE` },
  { name: 'athena', label: 'Amazon Athena', endpointPolicy: true, urlVariable: `${V}ATHENA` },
  { name: 'textract', label: 'Amazon Textract', endpointPolicy: true, urlVariable: `${V}TEXTRACT` },
  { name: 'comprehend', label: 'Amazon Comprehend', endpointPolicy: true, urlVariable: `${V}COMPREHEND` },
  { name: 'rekognition', label: 'Amazon Rekognition', endpointPolicy: true, urlVariable: `${V}REKOGNITION` },
  { name: 'bedrock', label: 'Amazon Bedrock', endpointPolicy: true, urlVariable: `${V}BEDROCK` },
  { name: 'bedrock-runtime', label: 'Amazon Bedrock runtime', endpointPolicy: true, urlVariable: `${V}BEDROCK_RUNTIME` },
  { name: 'bedrock-agent', label: 'Amazon Bedrock agents', urlVariable: `${V}BEDROCK_AGENT` },
  { name: 'bedrock-agent-runtime', label: 'Amazon Bedrock agents runtime', urlVariable: `${V}BEDROCK_AGENT_RUNTIME` },
  { name: 'bedrock-data-automation', label: 'Amazon Bedrock Data Automation', urlVariable: `${V}BEDROCK_DATA_AUTOMATION` },
  { name: 'bedrock-data-automation-runtime', label: 'Amazon Bedrock Data Automation runtime', urlVariable: `${V}BEDROCK_DATA_AUTOMATION_RUNTIME` },
  { name: 'sagemaker.api', label: 'Amazon SageMaker API', endpointPolicy: true, urlVariable: `${V}SAGEMAKER` },
  { name: 'sagemaker.runtime', label: 'Amazon SageMaker runtime', endpointPolicy: true, urlVariable: `${V}SAGEMAKER_RUNTIME` },
  { name: 'sagemaker.featurestore-runtime', label: 'Amazon SageMaker Feature Store runtime', urlVariable: `${V}SAGEMAKER_FEATURESTORE_RUNTIME` },
  { name: 'sagemaker.metrics', label: 'Amazon SageMaker metrics', urlVariable: `${V}SAGEMAKER_METRICS` },
];
