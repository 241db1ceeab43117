package dev.quayside.bench;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.ecr.EcrPushRequest;
import dev.quayside.engine.ecr.EcrPusher;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.registry.ImageReference;
import dev.quayside.engine.registry.ImageSourceSpec;
import dev.quayside.engine.registry.PushResult;
import dev.quayside.engine.registry.RegistryPusher;
import dev.quayside.engine.time.Sleeper;
import dev.quayside.testing.HostTools;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.docker.DockerDaemonExtension;
import dev.quayside.testing.images.ImageFixture;
import dev.quayside.testing.registry.RegistryExtension;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentest4j.TestAbortedException;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Push benchmark against {@code docker push}, in the same run, to the real Distribution registry on
 * loopback: one 4-layer 300 MiB incompressible image, loaded into a Docker daemon this benchmark starts
 * (when the machine has dockerd) and written as an OCI layout and a docker archive. Each round gives
 * every tool a fresh registry (first push, then re-push); the order is reversed every other round.
 * {@code docker push}, skopeo and the quayside CLI are timed as whole processes; quayside's engine
 * call ({@code EcrPusher.push}, what {@code quayside push} runs, against the AWS simulator's ECR whose
 * registry is that fresh registry) in this warm JVM.
 */
public final class DockerPushBenchmark {
    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    private static final String CLI_JAR = System.getProperty("cli.jar", "");
    private static final String IMAGE = "bench/app:bench";
    private static final String OURS_DOCKER = "quayside docker-daemon: (engine call)";
    private static final long PROCESS_LIMIT_MINUTES = 10;
    private static final Pattern DOCKER_DIGEST = Pattern.compile("digest: (sha256:[a-f0-9]{64})");
    private static final Pattern JSON_DIGEST = Pattern.compile("\"digest\"\\s*:\\s*\"(sha256:[a-f0-9]{64})\"");

    private interface Push {
        /** Pushes to {@code registry} (as repository "app", tag "bench"); answers the seconds taken and the digest. */
        Timed push(RegistryExtension registry) throws Exception;
    }

    private record Timed(double seconds, String digest) {
    }

    private record Ran(double seconds, String output) {
    }

    private record Tool(String name, Push push, List<Double> first, List<Double> again) {
        Tool(String name, Push push) {
            this(name, push, new ArrayList<>(), new ArrayList<>());
        }
    }

    private DockerPushBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path skopeo = HostTools.require("skopeo", "skopeo");
        Path work = Files.createTempDirectory("quayside-bench-docker-");
        DockerDaemonExtension docker = null;
        try (AwsSimulatorExtension aws = new AwsSimulatorExtension().start()) {
            printMachine(skopeo, work);
            System.out.println("Generating a 4-layer 300 MiB incompressible image (OCI layout and docker archive) ...");
            long layer = 75L * 1024 * 1024;
            ImageFixture fixture = ImageFixture.builder().seed(300).layerSizes(layer, layer, layer, layer).tarLayers().repository("bench/app").tag("bench");
            Path layout = fixture.writeOciLayout(work.resolve("image")).path();
            Path archive = fixture.writeDockerArchive(work.resolve("image.tar")).path();

            docker = startDocker();
            if (docker != null) {
                docker.docker("load", "--quiet", "--input", archive.toString());
                System.out.println("Loaded " + IMAGE + " into dockerd " + docker.docker("version", "--format", "{{.Server.Version}}") + " at " + docker.host());
            }
            Map<String, String> env = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", "AKIDBENCH", "AWS_SECRET_ACCESS_KEY", "bench-secret",
                    "PATH", "/usr/bin:/bin", "HOME", Files.createDirectories(work.resolve("home")).toString()));
            if (docker != null) {
                env.putAll(docker.environment());
            }
            Path dockerConfig = Files.createDirectories(work.resolve("docker-config"));
            try (EcrClient ecr = AwsClients.ecr(AwsSettings.resolve(env, "us-east-1", null, null, Map.of("ecr", aws.endpoint())))) {
                // Made once, as a pipeline's repository is: every timed push finds it there.
                ecr.createRepository(r -> r.repositoryName("app"));
                List<Tool> tools = new ArrayList<>();
                if (docker != null) {
                    DockerDaemonExtension daemon = docker;
                    tools.add(new Tool("docker push", r -> dockerPush(daemon, dockerConfig, env, r)));
                    tools.add(new Tool(OURS_DOCKER, r -> ours(ecr, env, work, "docker-daemon:" + IMAGE)));
                    if (Files.isRegularFile(Path.of(CLI_JAR))) {
                        tools.add(new Tool("quayside docker-daemon: (CLI process)", r -> cli(env, aws, work, "docker-daemon:" + IMAGE)));
                    } else {
                        System.out.println("No CLI jar at '" + CLI_JAR + "' (build it with -pl cli,bench -am): the CLI row is skipped.");
                    }
                }
                tools.add(new Tool("quayside oci: (engine call)", r -> ours(ecr, env, work, "oci:" + layout + ":bench")));
                tools.add(new Tool("quayside docker-archive: (engine call)", r -> ours(ecr, env, work, "docker-archive:" + archive)));
                tools.add(new Tool("skopeo copy oci: (process)", r -> skopeo(skopeo, work, layout, r)));
                run(tools, aws);
            }
        } finally {
            if (docker != null) {
                docker.close();
            }
            PushBenchmark.deleteTree(work);
        }
    }

    /** Our own dockerd, or null (and why) when this machine has none or we may not start one. */
    private static DockerDaemonExtension startDocker() {
        if (HostTools.find("dockerd").isEmpty()) {
            System.out.println("No dockerd on this machine: the docker push and docker-daemon: rows are skipped.");
            return null;
        }
        try {
            return new DockerDaemonExtension().start();
        } catch (TestAbortedException e) {
            System.out.println(e.getMessage() + ": the docker push and docker-daemon: rows are skipped.");
            return null;
        }
    }

    private static void run(List<Tool> tools, AwsSimulatorExtension aws) throws Exception {
        // Warm the JVM (and the daemon) on a throwaway registry, so that we measure pushes, not class loading and JIT.
        try (RegistryExtension warm = new RegistryExtension().start()) {
            aws.ecr().registry(warm.endpoint(), warm.password());
            for (Tool tool : tools) {
                tool.push.push(warm);
                tool.push.push(warm);
            }
        }
        Map<String, String> digests = new LinkedHashMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            // Reverse the order every other round so that disk caches and a busy neighbour favour no tool.
            List<Tool> order = new ArrayList<>(tools);
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (Tool tool : order) {
                try (RegistryExtension registry = new RegistryExtension().start()) {
                    aws.ecr().registry(registry.endpoint(), registry.password());
                    Timed first = tool.push.push(registry);
                    Timed again = tool.push.push(registry);
                    for (Timed t : List.of(first, again)) {
                        String before = digests.putIfAbsent(tool.name, t.digest);
                        if (before != null && !before.equals(t.digest)) {
                            throw new IllegalStateException(tool.name + " pushed " + t.digest + ", before " + before);
                        }
                    }
                    tool.first.add(first.seconds);
                    tool.again.add(again.seconds);
                }
            }
            StringBuilder line = new StringBuilder("round " + round + " (first push / re-push):");
            for (Tool tool : tools) {
                line.append(String.format(" %s %.3f / %.3f s;", tool.name, tool.first.get(round - 1), tool.again.get(round - 1)));
            }
            System.out.println(line);
        }
        if (digests.containsKey("docker push") && !digests.get("docker push").equals(digests.get(OURS_DOCKER))) {
            throw new IllegalStateException("docker push and quayside docker-daemon: pushed different manifests: " + digests);
        }
        System.out.println();
        System.out.println("Manifest digests: " + digests);
        System.out.printf("Load average now: %s%n", loadAverage());
        System.out.println();
        Tool peer = tools.get(0);
        boolean withDocker = peer.name.equals("docker push");
        System.out.println("| push of 4 x 75 MiB (median of " + ROUNDS + ") | first push |" + (withDocker ? " vs docker push |" : "")
                + " re-push (all blobs present) |" + (withDocker ? " vs docker push |" : ""));
        System.out.println(withDocker ? "|---|---|---|---|---|" : "|---|---|---|");
        for (Tool tool : tools) {
            double first = PushBenchmark.median(tool.first);
            double again = PushBenchmark.median(tool.again);
            if (withDocker) {
                System.out.printf("| %s | %.3f s | %s | %.3f s | %s |%n", tool.name, first, ratio(first, PushBenchmark.median(peer.first)),
                        again, ratio(again, PushBenchmark.median(peer.again)));
            } else {
                System.out.printf("| %s | %.3f s | %.3f s |%n", tool.name, first, again);
            }
        }
        if (withDocker) {
            // The re-push moves no layer, so its difference is what our path adds to any push (login, repository, docker tag).
            Tool ours = tools.stream().filter(t -> t.name.equals(OURS_DOCKER)).findFirst().orElseThrow();
            double added = PushBenchmark.median(ours.again) - PushBenchmark.median(peer.again);
            System.out.printf("%nquayside docker-daemon: (engine call) adds %.3f s to a docker re-push: %.1f%% of docker's first push (target <= 5%%)%n",
                    added, added / PushBenchmark.median(peer.first) * 100);
        }
    }

    private static String ratio(double value, double peer) {
        return String.format("%.2fx (%+.1f%%)", value / peer, (value / peer - 1) * 100);
    }

    /** Plain {@code docker push}, logged in through a config file of its own; the image is tagged for the registry first, untimed. */
    private static Timed dockerPush(DockerDaemonExtension docker, Path dockerConfig, Map<String, String> env, RegistryExtension registry)
            throws IOException, InterruptedException {
        String target = registry.hostPort() + "/app:bench";
        PushBenchmark.authFile(dockerConfig.resolve("config.json"), registry);
        docker.docker("tag", IMAGE, target);
        Map<String, String> childEnv = new HashMap<>(env);
        childEnv.put("DOCKER_CONFIG", dockerConfig.toString());
        Ran ran = timedProcess(List.of(docker.client().toString(), "push", target), childEnv, dockerConfig.getParent());
        Matcher m = DOCKER_DIGEST.matcher(ran.output);
        if (!m.find()) {
            throw new IllegalStateException("docker push reported no digest: " + ran.output);
        }
        return new Timed(ran.seconds, m.group(1));
    }

    /** {@code quayside push SOURCE app:bench} as the CLI runs it, in this JVM. */
    private static Timed ours(EcrClient ecr, Map<String, String> env, Path work, String source) {
        EcrPusher pusher = new EcrPusher(ecr, RegistryPusher.create(ProgressListener.NONE, Clock.systemUTC(), Sleeper.REAL), env, ProgressListener.NONE);
        EcrPushRequest request = EcrPushRequest.builder().source(ImageSourceSpec.parse("source", source)).target(ImageReference.parse("repository", "app"))
                .tags(List.of("bench")).dockerConfigParent(work).build();
        long start = System.nanoTime();
        PushResult result = pusher.push(request);
        return new Timed((System.nanoTime() - start) / 1e9, result.digest().toString());
    }

    /** The quayside CLI as a whole process: JVM start, AWS client, the push. */
    private static Timed cli(Map<String, String> env, AwsSimulatorExtension aws, Path work, String source) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Ran ran = timedProcess(List.of(java, "-jar", CLI_JAR, "push", source, "app:bench", "--region", "us-east-1",
                "--endpoint-url", aws.endpoint().toString(), "--json"), env, work);
        Matcher m = JSON_DIGEST.matcher(ran.output);
        if (!m.find()) {
            throw new IllegalStateException("quayside push printed no digest: " + ran.output);
        }
        return new Timed(ran.seconds, m.group(1));
    }

    private static Timed skopeo(Path skopeo, Path work, Path layout, RegistryExtension registry) throws IOException, InterruptedException {
        Path auth = PushBenchmark.authFile(work.resolve("auth.json"), registry);
        Ran ran = timedProcess(List.of(skopeo.toString(), "--insecure-policy", "copy", "--quiet", "--preserve-digests", "--dest-tls-verify=false",
                "--dest-authfile", auth.toString(), "oci:" + layout + ":bench", "docker://" + registry.hostPort() + "/app:bench"), Map.of("PATH", "/usr/bin:/bin"), work);
        return new Timed(ran.seconds, registry.manifestDigest("app", "bench").orElseThrow());
    }

    /** Runs a process to its end (within {@link #PROCESS_LIMIT_MINUTES}): its time and output; fails unless it exits with 0. */
    private static Ran timedProcess(List<String> command, Map<String, String> env, Path work) throws IOException, InterruptedException {
        Path log = work.resolve("process.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        boolean ended = p.waitFor(PROCESS_LIMIT_MINUTES, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within " + PROCESS_LIMIT_MINUTES + " minutes");
        }
        String output = Files.readString(log);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ": " + output);
        }
        return new Ran(seconds, output);
    }

    private static void printMachine(Path skopeo, Path work) throws IOException, InterruptedException {
        System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + ", " + timedProcess(List.of(skopeo.toString(), "--version"), Map.of(), work).output.trim());
        System.out.println("Load average at the start: " + loadAverage());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return String.format("%.2f (1 min)", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
