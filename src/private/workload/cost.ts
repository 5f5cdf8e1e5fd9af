import { Annotations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ArtifactMetadataEntryType } from 'aws-cdk-lib/cloud-assembly-schema';
import { VpcWorkloadEndpoints } from './registry';
import { onePerZone } from '../vpc-facts';

/*
 * What the interface endpoints `addEndpointsFor` created cost, said once per VPC at synth as an info
 * message on the access that owns them. Internal module. List prices of us-east-1, with their pages, in
 * docs/design/costs.md; other regions differ.
 */

/** An interface endpoint's price per Availability Zone and hour (AWS PrivateLink pricing, us-east-1). */
export const INTERFACE_ENDPOINT_ZONE_HOUR = 0.01;
/** A NAT gateway's price per hour (Amazon VPC pricing, us-east-1), without its public IPv4 address. */
export const NAT_GATEWAY_HOUR = 0.045;
/** Hours in the month that AWS's pricing examples use. */
export const HOURS_PER_MONTH = 730;

/** The info line for the endpoints of a record, or undefined when it created no interface endpoint. */
export function costSummary(record: VpcWorkloadEndpoints): string | undefined {
  const interfaces = [...record.created].filter(([, endpoint]) => endpoint instanceof ec2.InterfaceVpcEndpoint).map(([name]) => name).sort();
  if (interfaces.length === 0) {
    return undefined;
  }
  const zones = onePerZone(record.subnets, 'subnets').length;
  const monthly = interfaces.length * zones * INTERFACE_ENDPOINT_ZONE_HOUR * HOURS_PER_MONTH;
  const nat = NAT_GATEWAY_HOUR * HOURS_PER_MONTH;
  return `addEndpointsFor created ${interfaces.length} interface endpoint${interfaces.length === 1 ? '' : 's'} in VPC ${record.vpc.node.path} ` +
    `(${interfaces.join(', ')}), each in ${zones} Availability Zone${zones === 1 ? '' : 's'}: about $${monthly.toFixed(2)} a month at us-east-1 list prices ` +
    `($${INTERFACE_ENDPOINT_ZONE_HOUR} per endpoint and zone-hour) plus $0.01 per GB; one NAT gateway costs about $${nat.toFixed(2)} a month plus $0.045 per GB ` +
    '(gateway endpoints are free; see the README\'s cost section for the break-even)';
}

/** Reports the cost line on the record's owner, once per synthesis. */
export function reportCost(record: VpcWorkloadEndpoints): void {
  const summary = costSummary(record);
  if (summary !== undefined && !record.owner.node.metadata.some((entry) => entry.type === ArtifactMetadataEntryType.INFO && entry.data === summary)) {
    Annotations.of(record.owner).addInfo(summary);
  }
}
