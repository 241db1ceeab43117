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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pushes an image from the local Docker engine with {@code docker tag} and {@code docker push},
 * logged in through a private DOCKER_CONFIG: the password is never on a command line.
 */
public final class DockerCliPusher {
    /** The tag is a local request to the daemon; a daemon that does not answer it in this time is not going to push. */
    static final Duration TAG_LIMIT = Duration.ofSeconds(60);
    private static final Pattern DIGEST = Pattern.compile("digest: (sha256:[a-f0-9]{64})");

    private final Map<String, String> environment;
    private final ProgressListener listener;

    public DockerCliPusher(Map<String, String> environment, ProgressListener listener) {
        this.environment = Map.copyOf(environment);
        this.listener = listener;
    }

    /** What can be checked without the daemon: the reference and tags, and the docker CLI on PATH. */
    public void check(String localImage, List<String> tags) {
        docker(localImage, tags);
    }

    /**
     * Tags the image for the first of {@code tags} in {@code registry/repository}, within {@link #TAG_LIMIT}.
     * This is also the check that the daemon has the image (docker tag fails when it has not), to be made
     * before anything changes in the registry: one docker process rather than an inspect and then a tag,
     * as each costs 0.1 s or more (docs/benchmarks.md).
     */
    public void tagFirst(String localImage, String registry, String repository, List<String> tags, Path dockerConfig) {
        Path docker = docker(localImage, tags);
        String target = registry + "/" + repository + ":" + tags.get(0);
        Optional<Outcome> tagged = run(docker, dockerConfig, List.of("tag", localImage, target), TAG_LIMIT);
        if (tagged.isEmpty()) {
            throw QuaysideException.of(Failure.REMOTE, "docker tag " + localImage + " " + target, "the Docker daemon did not answer within "
                    + TAG_LIMIT.toSeconds() + " s", "Check that the Docker daemon is running and reachable (DOCKER_HOST). Nothing was pushed.");
        }
        if (tagged.get().code() != 0) {
            throw QuaysideException.invalidInput("source", "the Docker daemon has no image " + localImage + " (docker tag exited with "
                    + tagged.get().code() + tagged.get().tailSuffix() + "); build or pull it first, or check DOCKER_HOST. Nothing was pushed");
        }
    }

    /** Pushes the image that {@link #tagFirst} tagged: tags it for the other tags too, then pushes every tag. */
    public PushResult push(String localImage, String registry, String repository, List<String> tags, Path dockerConfig) {
        Path docker = docker(localImage, tags);
        String repositoryUri = registry + "/" + repository;
        String digest = null;
        for (int i = 0; i < tags.size(); i++) {
            String target = repositoryUri + ":" + tags.get(i);
            if (i > 0) {
                succeeded("tag " + localImage + " " + target, run(docker, dockerConfig, List.of("tag", localImage, target), null));
            }
            Outcome pushed = succeeded("push " + target, run(docker, dockerConfig, List.of("push", target), null));
            if (pushed.digest() != null) {
                digest = pushed.digest();
            }
        }
        if (digest == null) {
            throw QuaysideException.of(Failure.REMOTE, "push " + localImage + " with docker", "docker push did not report a digest", null);
        }
        listener.onEvent(Event.of(Event.Level.INFO, "push.done", "Pushed " + repositoryUri + "@" + digest + " tags " + String.join(", ", tags),
                Map.of("digest", digest, "repository", repositoryUri)));
        return PushResult.of(repositoryUri, Digest.of(digest), MediaTypes.DOCKER_MANIFEST, tags, 0, 0, 0, 0);
    }

    /** The docker CLI, once the image reference and the tags are known to be well formed. */
    private Path docker(String localImage, List<String> tags) {
        ImageReference.parse("source", localImage);
        if (tags.isEmpty()) {
            throw QuaysideException.invalidInput("tags", "a push through docker needs at least one tag");
        }
        tags.forEach(t -> ImageReference.checkTag("tags", t));
        return findDocker();
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

    /** How a docker process ended: its exit code, the digest it reported (if any) and its last lines. */
    private record Outcome(int code, String digest, String tail) {
        String tailSuffix() {
            return tail.isEmpty() ? "" : ": " + tail;
        }
    }

    /** The outcome of an unbounded run (so there is one), if docker exited with 0. */
    private static Outcome succeeded(String what, Optional<Outcome> outcome) {
        Outcome o = outcome.orElseThrow();
        if (o.code() != 0) {
            throw QuaysideException.of(Failure.REMOTE, "docker " + what, "docker exited with " + o.code() + o.tailSuffix(),
                    "Check that the image exists locally (docker images) and that the Docker daemon is reachable.");
        }
        return o;
    }

    /**
     * Runs docker with the private config and an environment without AWS credentials (docker needs none:
     * its login is in the config), within {@code limit} unless it is null (empty past it: the child is then
     * stopped). Its output is read on a thread of its own, so that an interrupt (Ctrl-C, SIGTERM, an aborted
     * build) reaches this thread at once: the child and its own children are then stopped before this
     * returns, and the caller's cleanup removes the config.
     */
    private Optional<Outcome> run(Path docker, Path dockerConfig, List<String> args, Duration limit) {
        String what = String.join(" ", args);
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add(docker.toString());
        pb.command().addAll(args);
        Map<String, String> env = childEnvironment();
        env.put("DOCKER_CONFIG", dockerConfig.toString());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Deque<String> tail = new ArrayDeque<>();
        AtomicReference<String> digest = new AtomicReference<>();
        Process p;
        try {
            p = pb.start();
            p.getOutputStream().close();
        } catch (IOException e) {
            throw QuaysideException.of(Failure.REMOTE, "docker " + what, String.valueOf(e.getMessage()), null, e);
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    listener.onEvent(Event.of(Event.Level.INFO, "docker.output", "docker: " + line, Map.of()));
                    Matcher m = DIGEST.matcher(line);
                    if (m.find()) {
                        digest.set(m.group(1));
                    }
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 5) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                // The child's output ended with it (or it was stopped): nothing more to read.
            }
        }, "docker " + args.get(0) + " output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (limit == null) {
                p.waitFor();
            } else if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(p);
                return Optional.empty();
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
            synchronized (tail) {
                return Optional.of(new Outcome(p.exitValue(), digest.get(), String.join(" / ", tail)));
            }
        } catch (InterruptedException e) {
            stop(p);
            Thread.currentThread().interrupt();
            throw QuaysideException.of(Failure.INTERRUPTED, "docker " + what, "interrupted; the docker process was stopped", null, e);
        }
    }

    /** The build's environment without AWS credentials: docker needs none. */
    private Map<String, String> childEnvironment() {
        Map<String, String> env = new HashMap<>(environment);
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        return env;
    }

    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        } catch (InterruptedException again) {
            p.destroyForcibly();
        }
    }
}
