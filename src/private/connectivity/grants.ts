import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { key, listOf, resolveIn, sameEnvironment } from '../cfn-values';

/*
 * Who IAM grants DynamoDB data access in the app: part of the connectivity check (./check.ts), which
 * counts a client only when its role is granted DynamoDB actions (or it is passed to `allowFrom()`).
 *
 * A policy can only name roles of its own environment, so a role is only ever looked up in policies of
 * the role's environment: resolving a role's name in a stack of another region or account is refused by
 * aws-cdk-lib ("cannot use resource in a cross-environment fashion").
 */

/** DynamoDB Streams actions: the Lambda service calls them for an event source mapping, not the function. */
const STREAM_ACTIONS = new Set(['dynamodb:describestream', 'dynamodb:getrecords', 'dynamodb:getsharditerator', 'dynamodb:liststreams']);

/** AWS managed policies that grant DynamoDB data access: `AmazonDynamoDBFullAccess`, `AmazonDynamoDBReadOnlyAccess`, … */
const DYNAMODB_MANAGED_POLICY = /:policy\/AmazonDynamoDB/;

/** Who is granted DynamoDB data access by the IAM policies of the app. */
export class Grants {
  /** Policies (inline and customer managed) with a DynamoDB statement, with the roles they name. */
  private readonly policies: Array<{ stack: Stack; roles: string[] }> = [];
  /** Customer managed policies with a DynamoDB statement, by their resolved ARN. */
  private readonly managedPolicies: Array<{ stack: Stack; arn: string }> = [];

  constructor(all: IConstruct[]) {
    for (const construct of all) {
      if (construct instanceof iam.CfnPolicy || construct instanceof iam.CfnManagedPolicy) {
        const stack = Stack.of(construct);
        if (grantsDynamo(resolveIn(stack, construct.policyDocument))) {
          this.policies.push({ stack, roles: listOf(resolveIn(stack, construct.roles)).map(key) });
          if (construct instanceof iam.CfnManagedPolicy) {
            this.managedPolicies.push({ stack, arn: key(resolveIn(stack, construct.ref)) });
          }
        }
      }
    }
  }

  /** Whether IAM grants the role DynamoDB data access (stream reads for an event source mapping do not count). */
  public hasDynamoAccess(role: iam.IRole): boolean {
    const roleStack = Stack.of(role);
    const named = this.policies.some((policy) => {
      if (!sameEnvironment(policy.stack, roleStack)) {
        return false;
      }
      const roleName = resolveIn(policy.stack, role.roleName);
      return roleName !== undefined && policy.roles.includes(key(roleName));
    });
    if (named) {
      return true;
    }
    const resource = role.node.defaultChild;
    if (!(resource instanceof iam.CfnRole)) {
      return false;
    }
    const stack = Stack.of(resource);
    const inline = listOf(resolveIn(stack, resource.policies)) as any[];
    if (inline.some((policy) => grantsDynamo(policy?.policyDocument))) {
      return true;
    }
    return listOf(resolveIn(stack, resource.managedPolicyArns)).map(key).some((arn) =>
      DYNAMODB_MANAGED_POLICY.test(arn) || this.managedPolicies.some((policy) => policy.stack === stack && policy.arn === arn));
  }
}

/** Whether a resolved policy document allows a DynamoDB action other than reading streams. */
function grantsDynamo(document: any): boolean {
  return listOf(document?.Statement).some((statement: any) => statement?.Effect !== 'Deny' &&
    listOf(statement?.Action).some((action) => typeof action === 'string' &&
      action.toLowerCase().startsWith('dynamodb:') && !STREAM_ACTIONS.has(action.toLowerCase())));
}
