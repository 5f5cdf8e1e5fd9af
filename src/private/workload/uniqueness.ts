import { Stack } from 'aws-cdk-lib';
import { workloadEndpointsOwnedBy } from './registry';
import { workloadService } from './services';
import { endpointsOfVpc, gatewayEndpointsFor, interfaceEndpointsFor, servesRouteTable } from './vpc-endpoints';
import { AccessView } from '../access-view';
import { propMessage } from '../errors';
import { SynthIndex } from '../synth-index';
import { describeRouteTables } from '../vpc-facts';

/*
 * The endpoints that `addEndpointsFor` created must stay the only ones of their kind: a second interface
 * endpoint with private DNS for a service in a VPC, or a second S3 gateway endpoint on a route table,
 * fails at deploy. `addEndpointsFor` uses an endpoint that exists when it is called; one added to the app
 * after the call is refused here, at synth. Internal module, run by the access's validation.
 */

/** The errors for endpoints that duplicate one `addEndpointsFor` created under `access`. */
export function duplicateWorkloadEndpointErrors(access: AccessView, index: SynthIndex): string[] {
  const errors: string[] = [];
  for (const record of workloadEndpointsOwnedBy(access.construct)) {
    const all = endpointsOfVpc(index.appVpcEndpoints(), record.vpc, Stack.of(access.construct));
    for (const [name, endpoint] of record.created) {
      const own = endpoint.node.defaultChild;
      const label = workloadService(name).label;
      if (name === 's3') {
        for (const other of gatewayEndpointsFor(all, 's3').filter((candidate) => candidate.resource !== own)) {
          const shared = record.s3RouteTables.filter((routeTableId) => servesRouteTable(other, routeTableId));
          if (shared.length > 0) {
            errors.push(propMessage('addEndpointsFor',
              `route table ${describeRouteTables(access.construct, shared)} has the S3 gateway endpoint it created (${endpoint.node.path}) and another one ` +
              `(${other.resource.node.path}), and a route table can have only one`,
              'add your S3 gateway endpoint before calling addEndpointsFor, so that it is used, or remove it'));
          }
        }
        continue;
      }
      const others = interfaceEndpointsFor(all, name).filter((candidate) => candidate.resource !== own && candidate.privateDns !== 'no');
      for (const other of others) {
        errors.push(propMessage('addEndpointsFor',
          `the VPC has the ${label} interface endpoint it created (${endpoint.node.path}) and another one with private DNS (${other.resource.node.path}), ` +
          'and a VPC can have only one with private DNS for a service',
          'add your endpoint before calling addEndpointsFor, so that it is used, or remove it'));
      }
    }
  }
  return errors;
}
