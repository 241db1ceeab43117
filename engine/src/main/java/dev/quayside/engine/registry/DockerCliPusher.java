package dev.quayside.engine.registry;

import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.events.ProgressListener;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pushes an image from the local Docker engine with {@code docker tag} and {@code docker push},
 * logged in through a private DOCKER_CONFIG: the password is never on a command line.
 */
public final class DockerCliPusher {
    private static final Pattern DIGEST = Pattern.compile("digest: (sha256:[a-f0-9]{64})");

    private final Map<String, String> environment;
    private final ProgressListener listener;

    public DockerCliPusher(Map<String, String> environment, ProgressListener listener) {
        this.environment = Map.copyOf(environment);
        this.listener = listener;
    }

    public PushResult push(String localImage, String registry, String repository, List<String> tags, Path dockerConfig) {
        ImageReference.parse("source", localImage);
        if (tags.isEmpty()) {
            throw QuaysideException.invalidInput("tags", "a push through docker needs at least one tag");
        }
        tags.forEach(t -> ImageReference.checkTag("tags", t));
        Path docker = findDocker();
        String repositoryUri = registry + "/" + repository;
        String digest = null;
        for (String tag : tags) {
            String target = repositoryUri + ":" + tag;
            run(docker, dockerConfig, "tag " + localImage + " " + target, List.of("tag", localImage, target));
            Optional<String> pushed = run(docker, dockerConfig, "push " + target, List.of("push", target));
            if (pushed.isPresent()) {
                digest = pushed.get();
            }
        }
        if (digest == null) {
            throw QuaysideException.of(Failure.REMOTE, "push " + localImage + " with docker", "docker push did not report a digest", null);
        }
        listener.onEvent(Event.of(Event.Level.INFO, "push.done", "Pushed " + repositoryUri + "@" + digest + " tags " + String.join(", ", tags),
                Map.of("digest", digest, "repository", repositoryUri)));
        return PushResult.of(repositoryUri, Digest.of(digest), MediaTypes.DOCKER_MANIFEST, tags, 0, 0, 0, 0);
    }

    private Path findDocker() {
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "docker");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw QuaysideException.invalidInput("source", "a docker-daemon: source needs the docker CLI, and none was found on PATH (" + path + ")");
    }

    private Optional<String> run(Path docker, Path dockerConfig, String what, List<String> args) {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add(docker.toString());
        pb.command().addAll(args);
        Map<String, String> env = new HashMap<>(environment);
        env.put("DOCKER_CONFIG", dockerConfig.toString());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Deque<String> tail = new ArrayDeque<>();
        String digest = null;
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    listener.onEvent(Event.of(Event.Level.INFO, "docker.output", "docker: " + line, Map.of()));
                    Matcher m = DIGEST.matcher(line);
                    if (m.find()) {
                        digest = m.group(1);
                    }
                    tail.addLast(line);
                    if (tail.size() > 5) {
                        tail.removeFirst();
                    }
                }
            }
            int code = p.waitFor();
            if (code != 0) {
                throw QuaysideException.of(Failure.REMOTE, "docker " + what, "docker exited with " + code + (tail.isEmpty() ? "" : ": " + String.join(" / ", tail)),
                        "Check that the image exists locally (docker images) and that the Docker daemon is reachable.");
            }
        } catch (IOException e) {
            throw QuaysideException.of(Failure.REMOTE, "docker " + what, String.valueOf(e.getMessage()), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw QuaysideException.of(Failure.INTERRUPTED, "docker " + what, "interrupted", null, e);
        }
        return Optional.ofNullable(digest);
    }
}
