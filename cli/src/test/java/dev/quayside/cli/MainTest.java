package dev.quayside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
    private static final Map<String, String> NO_AWS = Map.of("PATH", "/usr/bin:/bin");

    @Test
    void version_needsNoAwsConfiguration() {
        CliRun run = CliRun.run(NO_AWS, "", "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("quayside ").doesNotContain("unknown");
    }

    @Test
    void help_ofEveryCommandHasExamples() {
        for (String command : new String[] {"push", "ecr-login"}) {
            CliRun run = CliRun.run(NO_AWS, "", command, "--help");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("Examples:").contains("quayside " + command);
        }
    }

    @Test
    void unknownOption_exitsWith2AndAUsageHint() {
        CliRun run = CliRun.run(NO_AWS, "", "push", "--frobnicate", "oci:x", "app:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: Unknown option: '--frobnicate'").contains("Try 'quayside push --help'");
        assertThat(run.err().lines().count()).isEqualTo(2);
    }

    @Test
    void missingTarget_exitsWith2() {
        CliRun run = CliRun.run(NO_AWS, "", "push", "oci:x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("TARGET");
    }

    @Test
    void invalidTag_exitsWith2NamingTheField() {
        CliRun run = CliRun.run(NO_AWS, "", "push", "oci:x", "myapp", "--tag", "-bad");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("tags: '-bad' is not a valid tag").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void invalidRegion_exitsWith2BeforeAnyCall() {
        CliRun run = CliRun.run(NO_AWS, "", "ecr-login", "--region", "Mars-1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("region: 'Mars-1' is not an AWS region name");
    }
}
