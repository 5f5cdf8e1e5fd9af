/**
 * Integration scenario: the ECS example. A Fargate service and a one-off Fargate task run in isolated
 * subnets (no NAT gateway, no internet gateway): each pulls its image from the account's ECR (the CDK
 * asset repository, built by `cdk deploy` from examples/ecs-app), writes a log line with `awslogs`, and
 * puts and gets an item through the DynamoDB gateway endpoint. The only paths out of the subnets are the
 * construct's endpoints: the service reaching a steady state, the task stopping with exit code 0, the
 * item in the table and the line in the log group prove that `addEndpointsFor` gave the tasks what they
 * need to start, and that each endpoint's policy admits them. See CONTRIBUTING.md, "Deployment tests".
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcsExampleStack } from '../examples/ecs-stack';
import { destroyLogGroupsWithStack } from './support/destroy-log-groups';

const app = new App();
const stack = new EcsExampleStack(app, 'PrivateDynamoAccessInteg-ecs');
destroyLogGroupsWithStack(stack);
const integ = new IntegTest(app, 'EcsWorkload', { testCases: [stack] });
const wait = { totalTimeout: Duration.minutes(10), interval: Duration.seconds(20) };
const taskDefinition = stack.service.taskDefinition;

// The service's task started (CloudFormation also waits for the service to be stable before it completes).
integ.assertions.awsApiCall('ECS', 'describeServices', { cluster: stack.service.cluster.clusterName, services: [stack.service.serviceName] })
  .expect(ExpectedResult.objectLike({ services: [Match.objectLike({ runningCount: 1 })] }))
  .waitForAssertions(wait);

// A one-off task of the same definition, in the same isolated subnets: it puts and gets the item once, then exits.
const runTask = integ.assertions.awsApiCall('ECS', 'runTask', {
  cluster: stack.service.cluster.clusterName,
  taskDefinition: taskDefinition.taskDefinitionArn,
  launchType: 'FARGATE',
  networkConfiguration: {
    awsvpcConfiguration: {
      subnets: stack.access.subnets.map((subnet) => subnet.subnetId),
      securityGroups: stack.service.connections.securityGroups.map((group) => group.securityGroupId),
      assignPublicIp: 'DISABLED',
    },
  },
  overrides: { containerOverrides: [{ name: 'App', command: ['once'] }] },
});
runTask.provider.addToRolePolicy(new iam.PolicyStatement({
  actions: ['iam:PassRole'],
  resources: [taskDefinition.taskRole.roleArn, taskDefinition.executionRole!.roleArn],
}).toStatementJson());

runTask
  .next(integ.assertions.awsApiCall('ECS', 'describeTasks', { cluster: stack.service.cluster.clusterName, tasks: [runTask.getAttString('tasks.0.taskArn')] })
    .expect(ExpectedResult.objectLike({ tasks: [Match.objectLike({ lastStatus: 'STOPPED', containers: [Match.objectLike({ name: 'App', exitCode: 0 })] })] }))
    .waitForAssertions(wait))
  // The item the tasks put, read from outside the VPC.
  .next(integ.assertions.awsApiCall('DynamoDB', 'getItem', { TableName: stack.table.tableName, Key: { pk: { S: 'ecs-task' } }, ConsistentRead: true })
    .expect(ExpectedResult.objectLike({ Item: Match.objectLike({ pk: { S: 'ecs-task' } }) })))
  // The line the tasks wrote through the CloudWatch Logs endpoint.
  .next(integ.assertions.awsApiCall('CloudWatchLogs', 'filterLogEvents', { logGroupName: stack.logGroup.logGroupName, filterPattern: '"put and got item"' })
    .expect(ExpectedResult.objectLike({ events: Match.arrayWith([Match.objectLike({ message: Match.stringLikeRegexp('^ecs-task: put and got item') })]) }))
    .waitForAssertions(wait));
