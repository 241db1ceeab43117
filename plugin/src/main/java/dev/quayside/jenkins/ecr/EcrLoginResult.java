package dev.quayside.jenkins.ecr;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an ECR login gives back to the controller: registries and where the Docker config is (never the token). */
public final class EcrLoginResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String dockerConfig;
    private final ArrayList<String> registries;
    private final ArrayList<String> registryUrls;

    EcrLoginResult(String dockerConfig, List<String> registries, List<String> registryUrls) {
        this.dockerConfig = dockerConfig;
        this.registries = new ArrayList<>(registries);
        this.registryUrls = new ArrayList<>(registryUrls);
    }

    /** The private DOCKER_CONFIG directory on the agent. */
    public String dockerConfig() {
        return dockerConfig;
    }

    /** The variables a login block (or freestyle wrapper) sets. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DOCKER_CONFIG", dockerConfig);
        env.put("ECR_REGISTRY", registries.get(0));
        env.put("ECR_REGISTRY_URL", registryUrls.get(0));
        env.put("ECR_REGISTRIES", String.join(",", registries));
        return env;
    }

    @Override
    public String toString() {
        return "EcrLoginResult" + registries;
    }
}
