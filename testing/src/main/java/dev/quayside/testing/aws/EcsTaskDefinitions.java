package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** ECS task definitions: RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions, DeregisterTaskDefinition. */
public final class EcsTaskDefinitions implements AwsService {
    public static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113";

    private final AwsContext context;

    public EcsTaskDefinitions(AwsContext context) {
        this.context = context;
    }

    @Override
    public String targetPrefix() {
        return TARGET_PREFIX;
    }

    @Override
    public Set<String> operations() {
        return Set.of("RegisterTaskDefinition", "DescribeTaskDefinition", "ListTaskDefinitions", "DeregisterTaskDefinition");
    }

    @Override
    public ObjectNode handle(AwsRequest request) {
        throw AwsError.unknownOperation(request.operation() + " (not written yet, context " + context.accountId() + ")");
    }
}
