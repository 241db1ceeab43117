package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** ECS clusters, services, deployments and tasks, progressing over the simulator's clock. */
public final class EcsServices implements AwsService {
    private final AwsContext context;
    private final EcsTaskDefinitions taskDefinitions;

    public EcsServices(AwsContext context, EcsTaskDefinitions taskDefinitions) {
        this.context = context;
        this.taskDefinitions = taskDefinitions;
    }

    @Override
    public String targetPrefix() {
        return EcsTaskDefinitions.TARGET_PREFIX;
    }

    @Override
    public ObjectNode handle(AwsRequest request) {
        throw AwsError.unknownOperation(request.operation() + " (not written yet, " + context.accountId() + ", " + taskDefinitions.targetPrefix() + ")");
    }
}
