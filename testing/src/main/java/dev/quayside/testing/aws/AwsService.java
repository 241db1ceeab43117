package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One simulated AWS JSON-protocol service, reached by its {@code X-Amz-Target} prefix
 * (for example {@code AmazonEC2ContainerRegistry_V20150921}).
 *
 * <p>Handlers are called concurrently from the simulator's server threads.
 */
public interface AwsService {

    /** The part of {@code X-Amz-Target} before the dot. */
    String targetPrefix();

    /**
     * The operations this service answers, when several services share a target prefix (ECS task
     * definitions and ECS services); empty means every operation of the prefix not claimed by another.
     */
    default java.util.Set<String> operations() {
        return java.util.Set.of();
    }

    /**
     * The response body for a request to this service.
     *
     * @throws AwsError for any error answer, including {@link AwsError#unknownOperation} for an
     *     operation the service does not implement
     */
    ObjectNode handle(AwsRequest request);
}
