import { Annotations as CoreAnnotations, App, Stack, Stage } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ConnectivityCheck } from '../src';
import { access, ANY_FINDING, expectNoFinding, finding, findings, fn, LOOKUP_CONTEXT, newStack, table } from './support/connectivity';
import { ENV, twoGroupVpc } from './support/fixtures';

/*
 * How the connectivity check reports: findings are acknowledged the CDK way, each is reported once per
 * synth, and every app, stage and synth is judged on its own clients.
 */

describe('acknowledging a finding the CDK way', () => {
  test('an error acknowledged on the client is not reported', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);
    const handler = fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } });
    table(stack).grantReadData(handler);

    // WHEN
    CoreAnnotations.of(handler).acknowledgeWarning(ConnectivityCheck.NO_ENDPOINT_ROUTE, 'the route tables route to a transit gateway outside this app');

    // THEN
    expectNoFinding(stack);
  });

  test('a warning acknowledged on the stack is not reported', () => {
    // GIVEN
    const stack = newStack();
    const dynamoAccess = access(stack, twoGroupVpc(stack));
    const group = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Imported', 'sg-0123456789abcdef0', { allowAllOutbound: false });
    table(stack).grantReadData(fn(stack, { vpc: dynamoAccess.vpc, vpcSubnets: { subnets: dynamoAccess.subnets }, securityGroups: [group] }));

    // WHEN
    CoreAnnotations.of(stack).acknowledgeWarning(ConnectivityCheck.NO_HTTPS_EGRESS, 'sg-0123456789abcdef0 allows 443 to the prefix list');

    // THEN
    expectNoFinding(stack);
  });

  test('an acknowledgement of one id leaves the others reported', () => {
    // GIVEN a function that breaks twice: an unserved subnet and no egress
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);
    const handler = fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' }, allowAllOutbound: false });
    table(stack).grantReadData(handler);

    // WHEN
    CoreAnnotations.of(handler).acknowledgeWarning(ConnectivityCheck.NO_ENDPOINT_ROUTE, 'routed through a transit gateway');

    // THEN
    const annotations = findings(stack);
    annotations.hasNoError('*', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE));
    annotations.hasError('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_HTTPS_EGRESS));
  });

  test('a finding is reported once, however often the app is synthesized', () => {
    // GIVEN
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);
    table(stack).grantReadData(fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } }));

    // WHEN
    findings(stack);
    const annotations = findings(stack);

    // THEN
    expect(annotations.findError('*', ANY_FINDING)).toHaveLength(1);
    annotations.hasNoWarning('*', ANY_FINDING);
  });
});

describe('synthesized more than once, or several apps', () => {
  test('a client added after a first synth is judged by the next one', () => {
    // GIVEN an app synthesized once without a client
    const stack = newStack();
    const vpc = twoGroupVpc(stack);
    access(stack, vpc);
    expectNoFinding(stack);

    // WHEN a client in a subnet the endpoint does not serve is added, and the app synthesized again
    table(stack).grantReadData(fn(stack, { vpc, vpcSubnets: { subnetGroupName: 'Other' } }));

    // THEN
    const annotations = findings(stack);
    expect(annotations.findError('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE))).toHaveLength(1);
  });

  test('each app is judged on its own clients', () => {
    // GIVEN two apps, only the second with a broken client
    const first = newStack();
    access(first, twoGroupVpc(first));
    const second = newStack();
    const vpc = twoGroupVpc(second);
    access(second, vpc);
    table(second).grantReadData(fn(second, { vpc, vpcSubnets: { subnetGroupName: 'Other' } }));

    // THEN
    expectNoFinding(first);
    expect(findings(second).findError('/Stack/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE))).toHaveLength(1);
    expectNoFinding(first);
  });

  test('accesses in a nested stage and in the app are each checked', () => {
    // GIVEN a broken client next to an access in the app, and another in a nested stage
    const app = new App({ context: LOOKUP_CONTEXT });
    const outer = newStack('Outer', app);
    const outerVpc = twoGroupVpc(outer);
    access(outer, outerVpc);
    table(outer).grantReadData(fn(outer, { vpc: outerVpc, vpcSubnets: { subnetGroupName: 'Other' } }));
    const inner = new Stack(new Stage(app, 'Nested'), 'Inner', { env: ENV });
    const innerVpc = twoGroupVpc(inner);
    access(inner, innerVpc);
    table(inner).grantReadData(fn(inner, { vpc: innerVpc, vpcSubnets: { subnetGroupName: 'Other' } }));

    // THEN
    expect(findings(outer).findError('/Outer/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE))).toHaveLength(1);
    expect(findings(inner).findError('/Nested/Inner/Fn/Resource', finding(ConnectivityCheck.NO_ENDPOINT_ROUTE))).toHaveLength(1);
  });
});
