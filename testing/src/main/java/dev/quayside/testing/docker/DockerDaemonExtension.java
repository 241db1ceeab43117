package dev.quayside.testing.docker;

import dev.quayside.testing.HostTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Runs a real Docker daemon (Debian's {@code docker.io}) for a test class, with its own data root,
 * exec root and socket under a fresh directory, no iptables and no bridge, as root:
 * {@code @RegisterExtension static final DockerDaemonExtension docker = new DockerDaemonExtension();}.
 * Clients reach it through {@link #environment()} ({@code DOCKER_HOST}); nothing touches the host's
 * own daemon or {@code ~/.docker}. Loopback registries are insecure by default for Docker, so images
 * go to the test registry on 127.0.0.1 over plain HTTP. A missing daemon binary, or a user other than
 * root, aborts the test locally and fails it when {@code CI=true} (see {@link HostTools}).
 */
public final class DockerDaemonExtension implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private Path dir;
    private Process daemon;
    private Path client;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts the daemon unless it is running; returns when it answers. */
    public synchronized DockerDaemonExtension start() {
        if (daemon != null) {
            return this;
        }
        Path dockerd = HostTools.require("dockerd", "docker.io");
        // The Debian client, of the daemon's own version (another docker may come first on PATH).
        client = HostTools.requireAt(Path.of("/usr/bin/docker"), "docker.io");
        if (!"root".equals(System.getProperty("user.name"))) {
            String message = "dockerd runs as root only; these tests start their own daemon (run them as root, as .ci/run does)";
            if (HostTools.isCi()) {
                throw new IllegalStateException(message + " [CI=true, so this is a failure, not a skip]");
            }
            throw new TestAbortedException(message);
        }
        try {
            dir = Files.createTempDirectory(Path.of("/tmp"), "qd"); // short: a unix socket path has ~100 characters
            daemon = new ProcessBuilder(dockerd.toString(), "--data-root", dir.resolve("root").toString(), "--exec-root", dir.resolve("exec").toString(),
                    "--host", "unix://" + socket(), "--pidfile", dir.resolve("pid").toString(), "--iptables=false", "--bridge=none")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
            long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
            while (true) {
                if (!daemon.isAlive()) {
                    throw new IllegalStateException("dockerd exited with " + daemon.exitValue() + ": " + logTail());
                }
                if (Files.exists(socket()) && run(List.of("version", "--format", "{{.Server.Version}}"), dir).exit == 0) {
                    return this;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("dockerd did not answer within " + STARTUP_TIMEOUT.toSeconds() + " s: " + logTail());
                }
                Thread.sleep(200);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start dockerd", e);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting dockerd", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Stops the daemon and removes its directory (images, containers, logs). */
    @Override
    public synchronized void close() {
        if (daemon != null) {
            daemon.destroy();
            try {
                if (!daemon.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                    daemon.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            daemon = null;
        }
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // Left for the OS to clear from /tmp; the next run uses a new directory.
            }
            dir = null;
        }
    }

    /** {@code unix:///tmp/qd.../docker.sock}. */
    public String host() {
        return "unix://" + socket();
    }

    /** What a client needs to reach this daemon (and only it). */
    public Map<String, String> environment() {
        return Map.of("DOCKER_HOST", host());
    }

    /** The Debian {@code docker} client of this daemon's version. */
    public Path client() {
        running();
        return client;
    }

    /**
     * Runs {@code docker ARGS} against this daemon with a throwaway HOME (so nothing reaches the real
     * {@code ~/.docker}); answers its standard output, or fails with its output.
     */
    public String docker(String... args) {
        Result r = run(List.of(args), running());
        if (r.exit != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " exited with " + r.exit + ": " + r.output);
        }
        return r.output;
    }

    /**
     * Builds {@code tag} {@code FROM scratch} (no registry serves base images here): two layers of
     * seeded random bytes, so that different seeds give different images.
     */
    public String buildFromScratch(String tag, long seed) {
        Path context = running().resolve("build-" + seed + "-" + System.nanoTime());
        try {
            Files.createDirectories(context);
            Random random = new Random(seed);
            for (String name : new String[] {"app.bin", "data.bin"}) {
                byte[] bytes = new byte[50_000];
                random.nextBytes(bytes);
                Files.write(context.resolve(name), bytes);
            }
            Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY app.bin /app/app.bin\nCOPY data.bin /app/data.bin\nCMD [\"/app/app.bin\"]\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        docker("build", "--quiet", "--tag", tag, context.toString());
        return tag;
    }

    private Path socket() {
        return dir.resolve("docker.sock");
    }

    private synchronized Path running() {
        if (daemon == null) {
            throw new IllegalStateException("the Docker daemon is not running; register the extension on a static field or call start()");
        }
        return dir;
    }

    private record Result(int exit, String output) {
    }

    private Result run(List<String> args, Path workDir) {
        List<String> command = new ArrayList<>();
        command.add(client.toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", workDir.resolve("home").toString(), "DOCKER_HOST", host(),
                "DOCKER_BUILDKIT", "0"));
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + COMMAND_TIMEOUT.toSeconds() + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("dockerd.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
