package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quayside.testing.HostTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real AWS CLI v2 (Debian's /usr/bin/aws) against an endpoint such as the simulator's, with
 * {@code --output json}, the given region and credentials (by default us-east-1 and AKIDEXAMPLE) and none
 * of the JVM's own AWS_* environment, so that the host's configuration cannot leak in. Immutable.
 */
public final class AwsCli {

    // Explicit path: another aws (a pyenv shim, v1) may come first on PATH.
    private static final Path EXECUTABLE = Path.of("/usr/bin/aws");
    private static final int TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();
    // Own threads, not the common pool: a started command holds its readers for as long as it runs.
    private static final Executor READERS = task -> {
        Thread thread = new Thread(task, "aws-cli-output");
        thread.setDaemon(true);
        thread.start();
    };

    private final URI endpoint;
    private final Path home;
    private final String region;
    private final String accessKeyId;
    private final String secretAccessKey;

    private AwsCli(URI endpoint, Path home, String region, String accessKeyId, String secretAccessKey) {
        this.endpoint = endpoint;
        this.home = home;
        this.region = region;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
    }

    /**
     * The CLI calling {@code endpoint}, with {@code home} as HOME (so it reads no config of the user's);
     * fails or aborts the test like {@link HostTools#requireAt} when /usr/bin/aws is missing.
     */
    public static AwsCli against(URI endpoint, Path home) {
        HostTools.requireAt(EXECUTABLE, "awscli");
        return new AwsCli(endpoint, home, "us-east-1", "AKIDEXAMPLE", "secret");
    }

    public AwsCli region(String region) {
        return new AwsCli(endpoint, home, region, accessKeyId, secretAccessKey);
    }

    public AwsCli credentials(String accessKeyId, String secretAccessKey) {
        return new AwsCli(endpoint, home, region, accessKeyId, secretAccessKey);
    }

    /** Runs {@code aws args...} and waits for it, at most 60 s. */
    public Result run(String... args) {
        return start(args).await();
    }

    /** Starts {@code aws args...} without waiting, so that other calls can overlap it (say, a waiter). */
    public Running start(String... args) {
        List<String> command = new ArrayList<>(List.of(EXECUTABLE.toString(), "--endpoint-url", endpoint.toString(),
                "--region", region, "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", accessKeyId);
        env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        env.put("HOME", home.toString());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return new Running(String.join(" ", args), process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A started command. */
    public static final class Running {

        private final String args;
        private final Process process;
        // Read from the start so that a chatty command cannot stall on a full pipe before await().
        private final CompletableFuture<String> stdout;
        private final CompletableFuture<String> stderr;

        private Running(String args, Process process) {
            this.args = args;
            this.process = process;
            this.stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), READERS);
            this.stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), READERS);
        }

        /** Waits at most 60 s for the command to exit; if it does not, kills it and throws. */
        public Result await() {
            try {
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("aws " + args + " did not finish in " + TIMEOUT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        }
    }

    /** What a command printed, and its exit code (254 for an error from the service). */
    public record Result(int exitCode, String stdout, String stderr) {

        /** The output as JSON; on failure the exception's message carries both streams. */
        public JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new UncheckedIOException(stdout + stderr, e);
            }
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
