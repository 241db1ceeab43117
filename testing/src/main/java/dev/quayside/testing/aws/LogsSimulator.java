package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** CloudWatch Logs: CreateLogGroup, DescribeLogGroups. */
public final class LogsSimulator implements AwsService {
    public static final String TARGET_PREFIX = "Logs_20140328";

    private final AwsContext context;

    public LogsSimulator(AwsContext context) {
        this.context = context;
    }

    @Override
    public String targetPrefix() {
        return TARGET_PREFIX;
    }

    @Override
    public ObjectNode handle(AwsRequest request) {
        throw AwsError.unknownOperation(request.operation() + " (not written yet, " + context.accountId() + ")");
    }
}
