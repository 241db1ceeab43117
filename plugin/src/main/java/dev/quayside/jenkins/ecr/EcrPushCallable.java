package dev.quayside.jenkins.ecr;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.ecr.EcrPushRequest;
import dev.quayside.engine.ecr.EcrPusher;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.registry.HttpClients;
import dev.quayside.engine.registry.PushResult;
import dev.quayside.engine.registry.RegistryPusher;
import dev.quayside.engine.scan.ScanGate;
import dev.quayside.engine.scan.ScanGateRequest;
import dev.quayside.engine.scan.ScanGateResult;
import dev.quayside.engine.time.Sleeper;
import dev.quayside.jenkins.aws.AwsTarget;
import dev.quayside.jenkins.report.BuildLog;
import dev.quayside.jenkins.util.AgentWork;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;
import software.amazon.awssdk.services.ecr.EcrClient;

/** On the agent, in the workspace: the engine's ECR push with the build's identity and environment, then its scan gate if asked. */
final class EcrPushCallable extends MasterToSlaveFileCallable<PushSummary> {
    private static final long serialVersionUID = 1L;

    private final AwsTarget target;
    private final HashMap<String, String> environment;
    private final PushSpec spec;
    private final String tempDir;
    private final TaskListener listener;

    EcrPushCallable(AwsTarget target, Map<String, String> environment, PushSpec spec, String tempDir, TaskListener listener) {
        this.target = target;
        this.environment = new HashMap<>(environment);
        this.spec = spec;
        this.tempDir = tempDir;
        this.listener = listener;
    }

    @Override
    public PushSummary invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        return AgentWork.run(() -> {
            Path dockerConfigParent = tempDir == null ? null : Files.createDirectories(Path.of(tempDir));
            EcrPushRequest request = spec.request(workspace.toPath(), dockerConfigParent);
            spec.scanGate(request.registryId(), request.repository(), "sha256:" + "0".repeat(64));
            AwsSettings settings = target.settings(environment, request.regionFromHost().orElse(null));
            BuildLog.identity(listener, settings);
            ProgressListener log = BuildLog.to(listener);
            try (EcrClient ecr = AwsClients.ecr(settings);
                 RegistryPusher pusher = RegistryPusher.create(HttpClients.registryClient(environment), log, Clock.systemUTC(), Sleeper.REAL)) {
                PushResult pushed = new EcrPusher(ecr, pusher, environment, log).push(request);
                ScanGateRequest gate = spec.scanGate(request.registryId(), request.repository(), pushed.digest().toString());
                ScanGateResult scanned = gate == null ? null : new ScanGate(ecr, Clock.systemUTC(), Sleeper.REAL, log).check(gate);
                return PushSummary.of(pushed, scanned);
            }
        });
    }
}
