package dev.quayside.engine.release;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quayside.engine.deploy.DeployRequest;
import dev.quayside.engine.deploy.Deployer;
import dev.quayside.engine.deploy.WatchState;
import dev.quayside.engine.ecr.EcrPusher;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.registry.PushResult;
import dev.quayside.engine.scan.ScanGate;
import dev.quayside.engine.scan.ScanGateRequest;
import dev.quayside.engine.taskdef.RegisteredTaskDefinition;
import dev.quayside.engine.taskdef.TaskDefinitionDocument;
import dev.quayside.engine.taskdef.TaskDefinitionOverrides;
import dev.quayside.engine.taskdef.TaskDefinitionRequest;
import dev.quayside.engine.taskdef.TaskDefinitionService;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Push, register, deploy, in that order, each step only after the previous one succeeded. The task
 * definition is rendered and checked before the push, so a broken file fails before anything moves;
 * after the push, the scan gate (if asked) judges the pushed image, and the pre-flight checks the task
 * definition's images and log groups before it is registered.
 */
public final class Releaser {
    private final EcrPusher pusher;
    private final TaskDefinitionService taskDefinitions;
    private final Deployer deployer;
    private final ScanGate scanGate;

    public Releaser(EcrPusher pusher, TaskDefinitionService taskDefinitions, Deployer deployer) {
        this(pusher, taskDefinitions, deployer, null);
    }

    /** With {@code scanGate} (may be null), a request's scan gate runs after the push, before anything is registered. */
    public Releaser(EcrPusher pusher, TaskDefinitionService taskDefinitions, Deployer deployer, ScanGate scanGate) {
        this.pusher = pusher;
        this.taskDefinitions = taskDefinitions;
        this.deployer = deployer;
        this.scanGate = scanGate;
    }

    public Release start(ReleaseRequest request, ProgressListener listener, Consumer<WatchState> checkpoint) {
        List<String> containers = containersForImage(request);
        String placeholder = request.push().repository() + ":release-check";
        taskDefinitions.run(taskDefinitionRequest(request, containers, placeholder).renderOnly(true).build());

        PushResult pushed = pusher.push(request.push());
        ScanGateRequest gate = request.scanGate(pushed.digest().toString());
        if (gate != null) {
            if (scanGate == null) {
                throw new IllegalStateException("a scan gate was asked for, but this releaser has none");
            }
            scanGate.check(gate);
        }
        RegisteredTaskDefinition registered = taskDefinitions.run(taskDefinitionRequest(request, containers, pushed.imageUri())
                .createLogGroups(request.createLogGroups()).preflight(request.preflight()).build()).registered().orElseThrow();
        // The images and log groups were checked before registering: the deploy need not ask again.
        DeployRequest deploy = DeployRequest.builder().cluster(request.cluster()).service(request.service())
                .taskDefinition(registered.taskDefinitionArn()).desiredCount(request.desiredCount())
                .serviceDefinition(request.serviceDefinition()).variables(request.variables()).createCluster(request.createCluster())
                .capacityProviders(request.capacityProviders()).preflight(false).logLines(request.logLines())
                .timeout(request.timeout()).pollPolicy(request.pollPolicy()).build();
        return new Release(pushed, registered, deployer.deploy(deploy, listener, checkpoint));
    }

    private static TaskDefinitionRequest.Builder taskDefinitionRequest(ReleaseRequest request, List<String> containers, String image) {
        TaskDefinitionOverrides given = request.overrides();
        TaskDefinitionOverrides.Builder overrides = given.toBuilder();
        // An image the user named for a container wins over the pushed one.
        containers.stream().filter(c -> !given.imagesByContainer().containsKey(c)).forEach(c -> overrides.image(c, image));
        return TaskDefinitionRequest.builder().file(request.taskDefinitionFile()).overrides(overrides.build()).variables(request.variables());
    }

    /** The named containers; else the only one; else those whose image is in a repository of the pushed name. */
    private static List<String> containersForImage(ReleaseRequest request) {
        if (!request.containers().isEmpty()) {
            return request.containers();
        }
        JsonNode containers = TaskDefinitionDocument.read(request.taskDefinitionFile()).json().path("containerDefinitions");
        if (containers.size() == 1) {
            return List.of(containers.get(0).path("name").asText());
        }
        List<String> matching = new ArrayList<>();
        for (JsonNode c : containers) {
            String image = c.path("image").asText("");
            String path = image.contains("/") ? image.substring(image.indexOf('/') + 1) : image;
            if (path.replaceAll("[:@].*$", "").equals(request.push().repository())) {
                matching.add(c.path("name").asText());
            }
        }
        if (matching.isEmpty()) {
            throw QuaysideException.invalidInput("containers", "name the container(s) that run the pushed image: none of the task definition's "
                    + containers.size() + " containers uses repository '" + request.push().repository() + "'");
        }
        return matching;
    }
}
