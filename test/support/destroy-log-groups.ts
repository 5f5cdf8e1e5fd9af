import { Aspects, IAspect, RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';

/**
 * For integration tests only: log groups in `scope` (the VPC's flow logs, the Lambda function's log
 * group), which aws-cdk-lib retains by default, are deleted with the stack, so that a run against a real
 * account leaves nothing behind. Log groups that Lambda creates at run time (the assertion provider's)
 * are not in any template and stay.
 */
export function destroyLogGroupsWithStack(scope: IConstruct): void {
  Aspects.of(scope).add(new DestroyLogGroups());
}

class DestroyLogGroups implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof logs.CfnLogGroup) {
      node.applyRemovalPolicy(RemovalPolicy.DESTROY);
    }
  }
}
