import {
  APPREGISTRY_ACTIONS, IOT_DATA_ACTIONS, PERSONALIZE_ACTIONS, QUICKSIGHT_NO_ENDPOINT_ACTIONS, TRANSCRIBE_STREAMING_ACTIONS,
} from './action-lists.data';
import { PrefixRow } from './prefixes.data';

/*
 * The long tail of IAM service prefixes (internal data, read through ./service-catalogue.ts, same conventions as
 * ./prefixes.data.ts). Where a prefix's actions go to several endpoints, the split comes from the AWS SDK's models
 * (botocore 1.44.18: endpoint prefix, operations' host prefix) or the service's own page. Sources and the version of
 * each page read: docs/design/service-catalogue.md, section "The long tail".
 */

/** Services whose calls all go to the endpoint of the same short name: `[prefix, label]`. */
const SAME_NAME: ReadonlyArray<readonly [string, string]> = [
  ['acm', 'AWS Certificate Manager'],
  ['acm-pca', 'AWS Private CA'],
  ['apprunner', 'AWS App Runner'],
  ['backup', 'AWS Backup'],
  ['batch', 'AWS Batch'],
  ['codebuild', 'AWS CodeBuild'],
  ['codedeploy', 'AWS CodeDeploy'],
  ['codedeploy-commands-secure', 'AWS CodeDeploy agent commands'],
  ['codepipeline', 'AWS CodePipeline'],
  ['config', 'AWS Config'],
  ['datasync', 'AWS DataSync'],
  ['dms', 'AWS Database Migration Service'],
  ['ds', 'AWS Directory Service'],
  ['ds-data', 'AWS Directory Service Data'],
  ['eks', 'Amazon EKS'],
  ['eks-auth', 'Amazon EKS Pod Identity'],
  ['elasticbeanstalk', 'AWS Elastic Beanstalk'],
  ['elasticmapreduce', 'Amazon EMR'],
  ['grafana', 'Amazon Managed Grafana'],
  ['guardduty', 'Amazon GuardDuty'],
  ['inspector2', 'Amazon Inspector'],
  ['inspector-scan', 'Amazon Inspector Scan'],
  ['kinesisanalytics', 'Amazon Managed Service for Apache Flink'],
  ['lakeformation', 'AWS Lake Formation'],
  ['license-manager', 'AWS License Manager'],
  ['macie2', 'Amazon Macie'],
  ['mq', 'Amazon MQ'],
  ['polly', 'Amazon Polly'],
  ['redshift', 'Amazon Redshift'],
  ['redshift-data', 'Amazon Redshift Data API'],
  ['redshift-serverless', 'Amazon Redshift Serverless'],
  ['resource-groups', 'AWS Resource Groups'],
  ['securityhub', 'AWS Security Hub'],
  ['ssm-contacts', 'Incident Manager contacts'],
  ['ssm-incidents', 'Incident Manager'],
  ['storagegateway', 'AWS Storage Gateway'],
  ['swf', 'Amazon SWF'],
  ['synthetics', 'Amazon CloudWatch Synthetics'],
  ['transfer', 'AWS Transfer Family'],
  ['translate', 'Amazon Translate'],
  ['wafv2', 'AWS WAF'],
  ['workspaces', 'Amazon WorkSpaces'],
];

export const LONG_TAIL_PREFIX_ROWS: readonly PrefixRow[] = [
  ...SAME_NAME.map(([prefix, label]) => ({ prefix, label, target: prefix })),
  {
    prefix: 'airflow',
    label: 'Amazon MWAA',
    target: 'airflow.api',
    actions: [[['CreateCliToken', 'CreateWebLoginToken', 'InvokeRestApi'], 'airflow.env'], [['PublishMetrics'], 'airflow.ops']],
  },
  { prefix: 'appsync', label: 'AWS AppSync', target: 'appsync', actions: [[['GraphQL'], 'appsync-api']] },
  {
    prefix: 'codeartifact',
    label: 'AWS CodeArtifact',
    target: 'codeartifact.api',
    actions: [[['ReadFromRepository'], 'codeartifact.repositories']],
  },
  {
    prefix: 'es',
    label: 'Amazon OpenSearch Service',
    target: {
      none: 'the OpenSearch Service configuration API (es.<region>.amazonaws.com) has no interface endpoint of its own: '
        + 'OpenSearch Service-managed endpoints reach domains only',
    },
    actions: [[['ESHttp*'], { inVpc: 'HTTP requests to an OpenSearch domain, through its own endpoint' }]],
  },
  { prefix: 'iot', label: 'AWS IoT Core', target: 'iot.api', actions: [[IOT_DATA_ACTIONS, 'iot.data']] },
  {
    prefix: 'personalize',
    label: 'Amazon Personalize',
    target: 'personalize',
    actions: [[PERSONALIZE_ACTIONS.events, 'personalize-events'], [PERSONALIZE_ACTIONS.runtime, 'personalize-runtime']],
  },
  {
    prefix: 'quicksight',
    label: 'Amazon Quick',
    target: 'quicksight',
    actions: [[QUICKSIGHT_NO_ENDPOINT_ACTIONS, { none: 'not supported through the Quick API interface endpoint (Quick page)' }]],
  },
  { prefix: 'servicecatalog', label: 'AWS Service Catalog', target: 'servicecatalog', actions: [[APPREGISTRY_ACTIONS, 'servicecatalog-appregistry']] },
  { prefix: 'transcribe', label: 'Amazon Transcribe', target: 'transcribe', actions: [[TRANSCRIBE_STREAMING_ACTIONS, 'transcribestreaming']] },
];
