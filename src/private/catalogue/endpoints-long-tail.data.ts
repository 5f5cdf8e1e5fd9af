import { EndpointRow, V } from './endpoints.data';

/*
 * The long tail of endpoint services (internal data, read through ./service-catalogue.ts, same conventions as
 * ./endpoints.data.ts): services that aws-cdk-lib 2.222.0 names and whose IAM prefix is the endpoint's short
 * name, plus the few that only their own page names (`cdkMember: false`). Sources and the version of each page
 * read: docs/design/service-catalogue.md, section "The long tail".
 */

export const LONG_TAIL_ENDPOINT_ROWS: readonly EndpointRow[] = [
  // Security, identity and compliance
  { name: 'acm', label: 'AWS Certificate Manager', urlVariable: `${V}ACM`, cdkMember: false },
  { name: 'acm-pca', label: 'AWS Private CA', endpointPolicy: true, urlVariable: `${V}ACM_PCA` },
  { name: 'ds', label: 'AWS Directory Service', endpointPolicy: true, urlVariable: `${V}DIRECTORY_SERVICE` },
  { name: 'ds-data', label: 'AWS Directory Service Data', endpointPolicy: true, urlVariable: `${V}DIRECTORY_SERVICE_DATA` },
  { name: 'guardduty', label: 'Amazon GuardDuty', endpointPolicy: true, urlVariable: `${V}GUARDDUTY` },
  { name: 'inspector2', label: 'Amazon Inspector', urlVariable: `${V}INSPECTOR2` },
  { name: 'inspector-scan', label: 'Amazon Inspector Scan', urlVariable: `${V}INSPECTOR_SCAN` },
  { name: 'macie2', label: 'Amazon Macie', endpointPolicy: true, urlVariable: `${V}MACIE2` },
  { name: 'securityhub', label: 'AWS Security Hub', endpointPolicy: true, urlVariable: `${V}SECURITYHUB` },
  { name: 'wafv2', label: 'AWS WAF', urlVariable: `${V}WAFV2` },

  // Management and governance
  { name: 'backup', label: 'AWS Backup', endpointPolicy: true, urlVariable: `${V}BACKUP` },
  { name: 'config', label: 'AWS Config', urlVariable: `${V}CONFIG_SERVICE` },
  { name: 'license-manager', label: 'AWS License Manager', endpointPolicy: true, urlVariable: `${V}LICENSE_MANAGER` },
  { name: 'resource-groups', label: 'AWS Resource Groups', endpointPolicy: true, urlVariable: `${V}RESOURCE_GROUPS` },
  { name: 'servicecatalog', label: 'AWS Service Catalog', urlVariable: `${V}SERVICE_CATALOG` },
  { name: 'servicecatalog-appregistry', label: 'AWS Service Catalog AppRegistry', urlVariable: `${V}SERVICE_CATALOG_APPREGISTRY` },
  { name: 'ssm-contacts', label: 'Incident Manager contacts', endpointPolicy: true, urlVariable: `${V}SSM_CONTACTS` },
  { name: 'ssm-incidents', label: 'Incident Manager', endpointPolicy: true, urlVariable: `${V}SSM_INCIDENTS` },
  { name: 'synthetics', label: 'Amazon CloudWatch Synthetics', endpointPolicy: true, urlVariable: `${V}SYNTHETICS` },
  { name: 'grafana', label: 'Amazon Managed Grafana', endpointPolicy: true, urlVariable: `${V}GRAFANA` },

  // Compute, containers and developer tools
  { name: 'apprunner', label: 'AWS App Runner', endpointPolicy: true, urlVariable: `${V}APPRUNNER` },
  { name: 'batch', label: 'AWS Batch', urlVariable: `${V}BATCH` },
  { name: 'eks', label: 'Amazon EKS', endpointPolicy: true, urlVariable: `${V}EKS` },
  { name: 'eks-auth', label: 'Amazon EKS Pod Identity', urlVariable: `${V}EKS_AUTH` },
  { name: 'elasticbeanstalk', label: 'AWS Elastic Beanstalk', urlVariable: `${V}ELASTIC_BEANSTALK` },
  { name: 'codebuild', label: 'AWS CodeBuild', endpointPolicy: true, urlVariable: `${V}CODEBUILD` },
  { name: 'codeartifact.api', label: 'AWS CodeArtifact API', endpointPolicy: true, urlVariable: `${V}CODEARTIFACT` },
  { name: 'codeartifact.repositories', label: 'AWS CodeArtifact repositories', endpointPolicy: true },
  { name: 'codedeploy', label: 'AWS CodeDeploy', urlVariable: `${V}CODEDEPLOY` },
  { name: 'codedeploy-commands-secure', label: 'AWS CodeDeploy agent' },
  { name: 'codepipeline', label: 'AWS CodePipeline', urlVariable: `${V}CODEPIPELINE` },
  { name: 'swf', label: 'Amazon SWF', endpointPolicy: true, urlVariable: `${V}SWF` },

  // Application integration
  { name: 'appsync', label: 'AWS AppSync API', urlVariable: `${V}APPSYNC`, cdkMember: false },
  { name: 'appsync-api', label: 'AWS AppSync private APIs (GraphQL)', endpointPolicy: true },
  { name: 'airflow.api', label: 'Amazon MWAA API', urlVariable: `${V}MWAA` },
  { name: 'airflow.env', label: 'Amazon MWAA environments' },
  { name: 'airflow.ops', label: 'Amazon MWAA operations' },
  { name: 'mq', label: 'Amazon MQ', urlVariable: `${V}MQ` },

  // Storage, databases and migration
  { name: 'datasync', label: 'AWS DataSync', urlVariable: `${V}DATASYNC` },
  { name: 'dms', label: 'AWS DMS', urlVariable: `${V}DATABASE_MIGRATION_SERVICE` },
  { name: 'storagegateway', label: 'AWS Storage Gateway', urlVariable: `${V}STORAGE_GATEWAY` },
  { name: 'transfer', label: 'AWS Transfer Family API', urlVariable: `${V}TRANSFER` },
  { name: 'redshift', label: 'Amazon Redshift', urlVariable: `${V}REDSHIFT` },
  { name: 'redshift-data', label: 'Amazon Redshift Data API', urlVariable: `${V}REDSHIFT_DATA` },
  { name: 'redshift-serverless', label: 'Amazon Redshift Serverless', urlVariable: `${V}REDSHIFT_SERVERLESS` },

  // Analytics, machine learning and IoT
  { name: 'elasticmapreduce', label: 'Amazon EMR', endpointPolicy: true, urlVariable: `${V}EMR` },
  { name: 'kinesisanalytics', label: 'Amazon Managed Service for Apache Flink', urlVariable: `${V}KINESIS_ANALYTICS_V2`, cdkMember: false },
  { name: 'lakeformation', label: 'AWS Lake Formation', endpointPolicy: true, urlVariable: `${V}LAKEFORMATION` },
  { name: 'quicksight', label: 'Amazon Quick API', endpointPolicy: true, urlVariable: `${V}QUICKSIGHT`, cdkMember: false },
  { name: 'personalize', label: 'Amazon Personalize', endpointPolicy: true, urlVariable: `${V}PERSONALIZE` },
  { name: 'personalize-events', label: 'Amazon Personalize events', urlVariable: `${V}PERSONALIZE_EVENTS` },
  { name: 'personalize-runtime', label: 'Amazon Personalize runtime', urlVariable: `${V}PERSONALIZE_RUNTIME` },
  { name: 'polly', label: 'Amazon Polly', endpointPolicy: true, urlVariable: `${V}POLLY` },
  { name: 'transcribe', label: 'Amazon Transcribe', endpointPolicy: true, urlVariable: `${V}TRANSCRIBE` },
  { name: 'transcribestreaming', label: 'Amazon Transcribe streaming', endpointPolicy: true },
  { name: 'translate', label: 'Amazon Translate', endpointPolicy: true, urlVariable: `${V}TRANSLATE` },
  { name: 'iot.api', label: 'AWS IoT Core control plane', urlVariable: `${V}IOT`, cdkMember: false },
  { name: 'iot.data', label: 'AWS IoT Core data plane', privateDns: false, urlVariable: `${V}IOT_DATA_PLANE` },
  { name: 'workspaces', label: 'Amazon WorkSpaces', urlVariable: `${V}WORKSPACES` },
];
