package dev.quayside.engine.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;

/** What the user is told to do follows what went wrong. */
class AwsErrorsTest {
    @TempDir
    Path home;

    @Test
    void anUnknownProfile_getsProfileAdvice_notNetworkAdvice() {
        AwsSettings settings = AwsSettings.resolve(Map.of("HOME", home.toString(), "AWS_PROFILE", "nope"), "us-east-1", null, null, null);
        SdkClientException e;
        try {
            settings.credentials().resolveCredentials();
            throw new AssertionError("an unknown profile resolved");
        } catch (SdkClientException refused) {
            e = refused;
        }

        String message = AwsErrors.translate("push to ECR", e).getMessage();

        assertThat(message).contains("nope").contains("Check the profile's name").doesNotContain("network path");
    }

    @Test
    void aGivenTodo_replacesTheUsualAdvice() {
        String message = AwsErrors.translate("apply the policy", SdkClientException.create("connection reset"), "Do this instead.").getMessage();

        assertThat(message).isEqualTo("Tried to apply the policy but failed because: connection reset. Do this instead.");
    }
}
