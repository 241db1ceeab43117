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
    void version_shortOptionToo() {
        assertThat(CliRun.run(NO_AWS, "", "-V").out()).isEqualTo(CliRun.run(NO_AWS, "", "--version").out());
    }

    @Test
    void version_afterACommand_printsTheSameLine() {
        String version = CliRun.run(NO_AWS, "", "--version").out();
        for (String command : new String[] {"ecr-login", "push", "register-task-def", "deploy", "wait-deployment", "release", "scan-gate", "run-task"}) {
            CliRun run = CliRun.run(NO_AWS, "", command, "--version");
            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).as(command).isEqualTo(version);
        }
    }

    @Test
    void usageAndHelp_listEveryCommand() {
        for (String[] args : new String[][] {{}, {"--help"}, {"help"}}) {
            CliRun run = CliRun.run(NO_AWS, "", args);
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("ecr-login", "push", "register-task-def", "deploy", "wait-deployment", "release", "scan-gate", "run-task", "help");
        }
        CliRun helpPush = CliRun.run(NO_AWS, "", "help", "push");
        assertThat(helpPush.exitCode()).isZero();
        assertThat(helpPush.out()).contains("Usage: quayside push");
    }

    @Test
    void unknownCommand_exitsWith2() {
        CliRun run = CliRun.run(NO_AWS, "", "pusj", "oci:x", "app:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: Unmatched argument");
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
    void colours_onlyOnATerminalAndNeverWithNoColor() {
        assertThat(Console.colourWanted(Map.of(), true)).isTrue();
        assertThat(Console.colourWanted(Map.of(), false)).isFalse();
        assertThat(Console.colourWanted(Map.of("NO_COLOR", ""), true)).isFalse();
        assertThat(Console.colourWanted(Map.of("TERM", "dumb"), true)).isFalse();
    }

    @Test
    void quiet_keepsWarningsAndDropsInfo() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Console console = new Console(System.out, new java.io.PrintStream(err, true), java.time.Clock.systemUTC(), true, false, false);
        console.onEvent(dev.quayside.engine.events.Event.info("uploaded layer"));
        console.onEvent(dev.quayside.engine.events.Event.warning("w", "AWS is throttling"));
        assertThat(err.toString()).contains("AWS is throttling").doesNotContain("uploaded layer");
    }

    @Test
    void invalidRegion_exitsWith2BeforeAnyCall() {
        CliRun run = CliRun.run(NO_AWS, "", "ecr-login", "--region", "Mars-1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("region: 'Mars-1' is not an AWS region name");
    }
}
