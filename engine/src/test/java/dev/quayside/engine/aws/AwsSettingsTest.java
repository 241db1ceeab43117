package dev.quayside.engine.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;

class AwsSettingsTest {
    @TempDir
    Path home;

    @Test
    void region_optionWinsOverAwsRegionOverAwsDefaultRegion() {
        Map<String, String> env = Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "us-east-1");
        assertThat(AwsSettings.resolve(env, "ap-southeast-1", null, null, null).region()).isEqualTo(Region.AP_SOUTHEAST_1);
        assertThat(AwsSettings.resolve(env, null, null, null, null).region()).isEqualTo(Region.EU_WEST_1);
        assertThat(AwsSettings.resolve(Map.of("AWS_DEFAULT_REGION", "us-east-1"), null, null, null, null).region()).isEqualTo(Region.US_EAST_1);
    }

    @Test
    void region_missingOrUnknown_isBadInputNamingTheField() {
        assertThatThrownBy(() -> AwsSettings.resolve(Map.of(), null, null, null, null).region()).hasMessageStartingWith("region: no AWS region given");
        assertThatThrownBy(() -> AwsSettings.resolve(Map.of(), "Mars", null, null, null)).hasMessageStartingWith("region: 'Mars' is not an AWS region name");
        assertThatThrownBy(() -> AwsSettings.resolve(Map.of(), "eu-west-9", null, null, null)).hasMessageStartingWith("region: 'eu-west-9' is not an AWS region this SDK knows");
        assertThat(AwsSettings.resolve(Map.of(), "eu-west-9", null, null, Map.of("ecs", URI.create("http://127.0.0.1:1"))).region().id()).isEqualTo("eu-west-9");
    }

    @Test
    void endpoints_fromTheStandardVariables_perServiceWinningOverTheGeneralOne_andGivenOnesWinningOverBoth() {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_ECS", "http://127.0.0.1:5000");
        AwsSettings s = AwsSettings.resolve(env, "us-east-1", null, null, Map.of("logs", URI.create("http://127.0.0.1:6000")));
        assertThat(s.endpoint("ecr")).contains(URI.create("http://127.0.0.1:4566"));
        assertThat(s.endpoint("ecs")).contains(URI.create("http://127.0.0.1:5000"));
        assertThat(s.endpoint("logs")).contains(URI.create("http://127.0.0.1:6000"));
        assertThat(AwsSettings.resolve(Map.of("AWS_ENDPOINT_URL", "http://x:1", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), "us-east-1", null, null, null)
                .endpoint("ecr")).isEmpty();
        assertThatThrownBy(() -> AwsSettings.resolve(Map.of("AWS_ENDPOINT_URL_ECR", "not a url"), "us-east-1", null, null, null))
                .hasMessageStartingWith("AWS_ENDPOINT_URL_ECR: ");
    }

    @Test
    void credentials_comeFromTheGivenEnvironmentNotTheJvms() {
        AwsCredentials c = AwsSettings.resolve(Map.of("AWS_ACCESS_KEY_ID", "AKIDENV", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token"),
                "us-east-1", null, null, null).credentials().resolveCredentials();
        assertThat(c.accessKeyId()).isEqualTo("AKIDENV");
        assertThat(c).isInstanceOf(AwsSessionCredentials.class);
    }

    @Test
    void credentials_fromAProfileInTheGivenHome() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), "[release]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n");
        AwsSettings settings = AwsSettings.resolve(Map.of("HOME", home.toString(), "AWS_PROFILE", "release"), "us-east-1", null, null, null);
        assertThat(settings.credentials().resolveCredentials().accessKeyId()).isEqualTo("AKIDPROFILE");
        assertThat(settings.credentialsSource()).isEqualTo("profile 'release'");
    }

    @Test
    void assumedRole_refusesAMalformedArnBeforeAnyCall() {
        AwsSettings settings = AwsSettings.resolve(Map.of("AWS_ACCESS_KEY_ID", "A", "AWS_SECRET_ACCESS_KEY", "s"), "us-east-1", null, null, null);
        assertThatThrownBy(() -> settings.withAssumedRole("deployer", null, null, Clock.systemUTC())).hasMessageStartingWith("roleArn: 'deployer' is not an IAM role ARN");
        assertThat(settings.withAssumedRole("arn:aws:iam::123456789012:role/deployer", "ext", null, Clock.systemUTC()).credentialsSource())
                .startsWith("role arn:aws:iam::123456789012:role/deployer assumed with");
    }
}
