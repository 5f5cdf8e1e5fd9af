import * as path from 'path';
import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PrivateDynamoAccess } from '../src';

export interface EcsExampleStackProps extends StackProps {
  /**
   * The container's image.
   * @default - built from examples/ecs-app by `cdk deploy` and pushed to the account's ECR
   */
  readonly image?: ecs.ContainerImage;
}

/**
 * A Fargate service in the isolated subnets of a new VPC (no NAT, no internet gateway) whose task pulls
 * its image from the account's ECR, logs with `awslogs`, and puts and gets an item in a table: the
 * construct's DynamoDB gateway endpoint, and the endpoints `addEndpointsFor` derives from the service
 * (ECR API and registry, S3 for the image layers, CloudWatch Logs).
 */
export class EcsExampleStack extends Stack {
  public readonly table: dynamodb.TableV2;
  public readonly access: PrivateDynamoAccess;
  public readonly service: ecs.FargateService;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: EcsExampleStackProps = {}) {
    super(scope, id, props);

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.access = new PrivateDynamoAccess(this, 'DynamoAccess', { tables: [this.table] });

    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: this.access.vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', { cpu: 256, memoryLimitMiB: 512 });
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });
    taskDefinition.addContainer('App', {
      image: props.image ?? ecs.ContainerImage.fromAsset(path.join(__dirname, 'ecs-app')),
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app', logGroup: this.logGroup }),
      environment: { TABLE_NAME: this.table.tableName, AWS_REGION: this.region, ...this.access.clientEnvironment },
    });
    this.table.grantReadWriteData(taskDefinition.taskRole);

    this.service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      vpcSubnets: { subnets: this.access.subnets },
      desiredCount: 1,
      minHealthyPercent: 100,
      circuitBreaker: { enable: true, rollback: false },
    });
    this.access.allowFrom(this.service);
    // ECR (API and registry), S3 for the image layers, CloudWatch Logs: derived from the task definition.
    this.access.addEndpointsFor(this.service);
  }
}
