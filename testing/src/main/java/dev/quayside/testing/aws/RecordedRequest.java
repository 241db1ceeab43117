package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One request as the simulator received and answered it.
 *
 * @param receivedAt by the simulator's clock
 * @param targetPrefix the {@code X-Amz-Target} prefix; null if the header was missing
 * @param operation the operation name; null if the header was missing
 * @param region the region of the SigV4 credential scope, or the default region if unsigned
 * @param accessKeyId the access key id of the SigV4 credential; null if unsigned
 * @param body the JSON body as sent ({@code {}} when empty)
 * @param status the HTTP status answered
 * @param errorCode the error code answered; null on success
 */
public record RecordedRequest(
        Instant receivedAt,
        String targetPrefix,
        String operation,
        String region,
        String accessKeyId,
        JsonNode body,
        int status,
        String errorCode) {

    public boolean succeeded() {
        return errorCode == null;
    }
}
