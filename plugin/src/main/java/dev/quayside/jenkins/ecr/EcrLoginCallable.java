package dev.quayside.jenkins.ecr;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.ecr.DockerConfigDir;
import dev.quayside.engine.ecr.EcrAuthorizer;
import dev.quayside.engine.ecr.EcrLogin;
import dev.quayside.jenkins.aws.AwsTarget;
import dev.quayside.jenkins.report.BuildLog;
import dev.quayside.jenkins.util.AgentWork;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * On the agent: GetAuthorizationToken with the build's identity and a private Docker
 * config (0700 directory, 0600 config.json) created inside the directory this callable runs on (the
 * workspace's temporary directory). The token stays on the agent.
 */
final class EcrLoginCallable extends MasterToSlaveFileCallable<EcrLoginResult> {
    private static final long serialVersionUID = 1L;

    private final AwsTarget target;
    private final HashMap<String, String> environment;
    private final ArrayList<String> registryIds;
    private final TaskListener listener;

    EcrLoginCallable(AwsTarget target, Map<String, String> environment, List<String> registryIds, TaskListener listener) {
        this.target = target;
        this.environment = new HashMap<>(environment);
        this.registryIds = new ArrayList<>(registryIds);
        this.listener = listener;
    }

    @Override
    public EcrLoginResult invoke(File dir, VirtualChannel channel) throws IOException, InterruptedException {
        return AgentWork.run(() -> {
            EcrAuthorizer.checkRegistryIds(registryIds);
            AwsSettings settings = target.settings(environment, null);
            BuildLog.identity(listener, settings);
            try (EcrClient ecr = AwsClients.ecr(settings)) {
                List<EcrLogin> logins = new EcrAuthorizer(ecr).authorize(registryIds);
                List<String> registries = new ArrayList<>();
                List<String> urls = new ArrayList<>();
                for (EcrLogin login : logins) {
                    registries.add(login.registry());
                    urls.add(login.endpoint().toString());
                }
                String config = DockerConfigDir.createTemporary(Files.createDirectories(dir.toPath()), logins).path().toString();
                listener.getLogger().println("Logged in to " + String.join(", ", registries) + "; private Docker config in " + config);
                return new EcrLoginResult(config, registries, urls);
            }
        });
    }
}
