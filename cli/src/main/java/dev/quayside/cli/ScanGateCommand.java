package dev.quayside.cli;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.scan.ScanGate;
import dev.quayside.engine.scan.ScanGateRequest;
import dev.quayside.engine.scan.ScanGateResult;
import dev.quayside.engine.scan.Severity;
import dev.quayside.engine.time.Durations;
import dev.quayside.engine.time.Sleeper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.ecr.EcrClient;

@Command(name = "scan-gate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Wait for an image's ECR scan and fail on findings at or above a severity.",
                "Shows the counts per severity and the top findings; a finding can be allowed by id, with a reason."},
        footer = {"", "Examples:",
                "  quayside scan-gate myapp@sha256:... --fail-on HIGH --allow CVE-2024-1234='not reachable: no TLS'",
                "  quayside scan-gate 123456789012.dkr.ecr.eu-west-1.amazonaws.com/myapp:1.0 --json"})
final class ScanGateCommand extends EngineCommand {
    @Mixin
    AwsOptions aws = new AwsOptions();

    @Parameters(index = "0", paramLabel = "IMAGE", description = "REPOSITORY:TAG or REPOSITORY@DIGEST, optionally with the ECR registry host.")
    String image;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", description = "Fail on findings at or above this severity; without it, only report.")
    String failOn;

    @Option(names = "--allow", paramLabel = "ID[=REASON]", description = "A finding to allow; repeatable.")
    List<String> allow = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", description = "How long to wait for the scan (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--registry-id", paramLabel = "ACCOUNT", description = "The registry's account id, when the image names no ECR host.")
    String registryId;

    @Override
    int execute(Console console) {
        ScanGateRequest request = ScanGateRequest.forImage("IMAGE", image, registryId)
                .failOn(failOn == null ? null : Severity.parse("--fail-on", failOn)).allow(allow).timeout(Durations.parse("--timeout", timeout)).build();
        String region = ScanGateRequest.regionOf("IMAGE", image).orElse(null);
        try (EcrClient ecr = AwsClients.ecr(aws.settings(main.environment, region))) {
            ScanGateResult result = new ScanGate(ecr, main.clock, Sleeper.REAL, console).check(request);
            if (output.json) {
                console.json(json(result));
            } else {
                console.result("PASSED " + result.image() + " " + result.counts());
            }
            return ExitCodes.OK;
        }
    }

    static Map<String, Object> json(ScanGateResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("image", result.image());
        json.put("passed", result.passed());
        json.put("counts", result.counts());
        json.put("allowed", result.allowed().stream().map(ScanGateResult.Finding::id).toList());
        return json;
    }
}
