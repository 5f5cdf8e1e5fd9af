package consumer;

import io.github.cdk_private_dynamo_access.DynamoEndpoint;
import io.github.cdk_private_dynamo_access.InterfaceEndpointOptions;
import io.github.cdk_private_dynamo_access.PrivateDynamoAccess;
import io.github.cdk_private_dynamo_access.PrivateDynamoAccessProps;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnOutputProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.amazon.awscdk.services.dynamodb.TablePropsV2;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * The Java consumer: the same two stacks as test/consumers/typescript/app.ts, written as a Java user
 * writes them, against the jar that jsii-pacmak built.
 */
public final class App {
  /** Inline code: no asset, so every language synthesizes the same template. */
  private static final String HANDLER_CODE = "exports.handler = async () => \"ok\";";

  public static void main(final String[] args) {
    software.amazon.awscdk.App app = new software.amazon.awscdk.App();

    // README "Minimal example": a gateway endpoint that reaches only this table.
    Stack gateway = new Stack(app, "ConsumerGateway");
    TableV2 gatewayTable = new TableV2(gateway, "Table", TablePropsV2.builder()
        .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
        .build());
    PrivateDynamoAccess gatewayAccess = new PrivateDynamoAccess(gateway, "DynamoAccess",
        PrivateDynamoAccessProps.builder().tables(List.of(gatewayTable)).build());
    Function gatewayHandler = new Function(gateway, "Handler", FunctionProps.builder()
        .runtime(Runtime.NODEJS_22_X)
        .handler("index.handler")
        .code(Code.fromInline(HANDLER_CODE))
        .vpc(gatewayAccess.getVpc())
        .vpcSubnets(SubnetSelection.builder().subnets(gatewayAccess.getSubnets()).build())
        .environment(gatewayAccess.getClientEnvironment())
        .build());
    gatewayHandler.addEnvironment("TABLE_NAME", gatewayTable.getTableName());
    gatewayTable.grantReadWriteData(gatewayHandler);
    gatewayAccess.allowFrom(gatewayHandler);

    // README "Interface endpoint for a Lambda function (and on-premises clients)", with the table locked to the VPC.
    Stack iface = new Stack(app, "ConsumerInterface");
    TableV2 ifaceTable = new TableV2(iface, "Table", TablePropsV2.builder()
        .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
        .build());
    PrivateDynamoAccess ifaceAccess = new PrivateDynamoAccess(iface, "DynamoAccess",
        PrivateDynamoAccessProps.builder()
            .tables(List.of(ifaceTable))
            .endpoint(DynamoEndpoint.doInterface(InterfaceEndpointOptions.builder()
                .allowedPeers(List.of(Peer.ipv4("192.168.0.0/16")))
                .build()))
            .build());
    Function ifaceHandler = new Function(iface, "Handler", FunctionProps.builder()
        .runtime(Runtime.NODEJS_22_X)
        .handler("index.handler")
        .code(Code.fromInline(HANDLER_CODE))
        .vpc(ifaceAccess.getVpc())
        .vpcSubnets(SubnetSelection.builder().subnets(ifaceAccess.getSubnets()).build())
        .environment(ifaceAccess.getClientEnvironment())
        .build());
    ifaceHandler.addEnvironment("TABLE_NAME", ifaceTable.getTableName());
    ifaceTable.grantReadWriteData(ifaceHandler);
    ifaceAccess.allowFrom(ifaceHandler);
    ifaceAccess.restrictTable(ifaceTable);
    new CfnOutput(iface, "EndpointUrl", CfnOutputProps.builder().value(ifaceAccess.getEndpointUrl()).build());

    app.synth();
  }
}
