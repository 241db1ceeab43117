package dev.quayside.bench;

import dev.quayside.testing.HostTools;
import dev.quayside.testing.images.ImageFixture;
import dev.quayside.testing.registry.RegistryExtension;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Start-up benchmark against skopeo, whole processes side by side in one run: {@code quayside --version}
 * next to {@code skopeo --version}, then the whole {@code bin/quayside push} of a 4-layer 600 MiB
 * incompressible OCI image to a fresh Distribution registry next to {@code skopeo copy} of the same image
 * to its own fresh registry, alternating who goes first, then the same for a docker-archive of 600 MiB (whose
 * layers both hash as they push). Both times include process start and exit;
 * ours includes the launcher script and the JVM's start-up.
 */
public final class StartupBenchmark {
    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    private static final int VERSION_RUNS = Integer.getInteger("versionRuns", 20);

    public static void main(String[] args) throws Exception {
        Path skopeo = HostTools.require("skopeo", "skopeo");
        Path launcher = Path.of(System.getProperty("launcher", "bin/quayside")).toAbsolutePath().normalize();
        // The JVM the launcher would pick from the caller's environment, unless -Dcli.java.home names another.
        Optional<String> javaHome = Optional.ofNullable(System.getProperty("cli.java.home")).filter(s -> !s.isBlank());

        System.out.println(output(List.of(launcher.toString(), "--version"), javaHome).strip() + " via " + launcher
                + (System.getenv("QUAYSIDE_JAVA_OPTS") == null ? "" : ", QUAYSIDE_JAVA_OPTS=" + System.getenv("QUAYSIDE_JAVA_OPTS")));
        System.out.println(output(List.of(skopeo.toString(), "--version"), Optional.empty()).strip());
        List<Double> oursVersion = new ArrayList<>();
        List<Double> skopeoVersion = new ArrayList<>();
        for (int i = 0; i < VERSION_RUNS; i++) {
            oursVersion.add(timed(List.of(launcher.toString(), "--version"), javaHome, null));
            skopeoVersion.add(timed(List.of(skopeo.toString(), "--version"), Optional.empty(), null));
        }

        Path work = Files.createTempDirectory("quayside-startup-");
        System.out.println("Generating a 4-layer 600 MiB incompressible image ...");
        long layer = 150L * 1024 * 1024;
        ImageFixture.Written image = ImageFixture.builder().seed(600).layerSizes(layer, layer, layer, layer).tag("bench").writeOciLayout(work.resolve("image"));

        // Read docker-archive: pushes hash every layer as they go (as does skopeo), where the JIT's SHA-256 intrinsics count.
        ImageFixture.Written archive = ImageFixture.builder().seed(601).layerSizes(layer, layer, layer, layer).tag("bench")
                .writeDockerArchive(work.resolve("image.tar"));
        List<List<Double>> oci = pushes(launcher, skopeo, javaHome, work, "oci:" + image.path() + ":bench", Optional.of(image.digest()));
        List<List<Double>> tar = pushes(launcher, skopeo, javaHome, work, "docker-archive:" + archive.path(), Optional.empty());
        deleteTree(work);

        double ov = median(oursVersion);
        double sv = median(skopeoVersion);
        double op = median(oci.get(0));
        double sp = median(oci.get(1));
        double ot = median(tar.get(0));
        double st = median(tar.get(1));
        System.out.println();
        System.out.println("| whole process | quayside | skopeo | ratio | target |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf("| `--version` (median of %d) | %.3f s | %.3f s | %.2fx | quayside <= 0.300 s |%n", VERSION_RUNS, ov, sv, ov / sv);
        System.out.printf("| push of 4 x 150 MiB, fresh registry (median of %d) | %.3f s | %.3f s | %.2fx | <= 0.80x |%n", ROUNDS, op, sp, op / sp);
        System.out.printf("| push of a 4 x 150 MiB docker-archive (layers hashed), fresh registry (median of %d) | %.3f s | %.3f s | %.2fx | |%n",
                ROUNDS, ot, st, ot / st);
    }

    /**
     * ROUNDS pushes of {@code source} by each, each to a fresh registry, alternating who goes first so that disk
     * caches favour neither; each registry must then hold a manifest for the tag ({@code digest} when given).
     * Returns our times and skopeo's.
     */
    private static List<List<Double>> pushes(Path launcher, Path skopeo, Optional<String> javaHome, Path work, String source, Optional<String> digest)
            throws IOException, InterruptedException {
        List<Double> oursPush = new ArrayList<>();
        List<Double> skopeoPush = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            boolean oursFirstInRound = round % 2 == 1;
            for (int turn = 0; turn < 2; turn++) {
                boolean isOurs = (turn == 0) == oursFirstInRound;
                try (RegistryExtension registry = new RegistryExtension().start()) {
                    String target = registry.hostPort() + "/app:bench";
                    if (isOurs) {
                        oursPush.add(timed(List.of(launcher.toString(), "push", "--quiet", source, target,
                                "--registry-username", registry.username(), "--registry-password-stdin"), javaHome, registry.password() + "\n"));
                    } else {
                        Path auth = authFile(work, registry);
                        skopeoPush.add(timed(List.of(skopeo.toString(), "--insecure-policy", "copy", "--quiet", "--preserve-digests",
                                "--dest-tls-verify=false", "--dest-authfile", auth.toString(), source, "docker://" + target),
                                Optional.empty(), null));
                    }
                    Optional<String> held = registry.manifestDigest("app", "bench");
                    if (held.isEmpty() || digest.isPresent() && !held.equals(digest)) {
                        throw new IllegalStateException("the registry holds " + held + " after the push of " + source + ", not " + digest.orElse("a manifest"));
                    }
                }
            }
            System.out.printf("%s round %d: push ours %.3f s, skopeo %.3f s%n", source.substring(0, source.indexOf(':')), round,
                    oursPush.get(round - 1), skopeoPush.get(round - 1));
        }
        return List.of(oursPush, skopeoPush);
    }

    private static ProcessBuilder builder(List<String> command, Optional<String> javaHome) {
        ProcessBuilder b = new ProcessBuilder(command);
        Map<String, String> env = b.environment();
        javaHome.ifPresent(home -> env.put("JAVA_HOME", home));
        return b;
    }

    private static String output(List<String> command, Optional<String> javaHome) throws IOException, InterruptedException {
        Process p = builder(command, javaHome).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " exited with " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** The seconds from starting the process to its exit; stdin gets {@code input} (or nothing), output is discarded. */
    private static double timed(List<String> command, Optional<String> javaHome, String input) throws IOException, InterruptedException {
        ProcessBuilder b = builder(command, javaHome).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (input == null) {
            b.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        long start = System.nanoTime();
        Process p = b.start();
        if (input != null) {
            try (var stdin = p.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        int code = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException(command.get(0) + " " + command.get(1) + " exited with " + code);
        }
        return seconds;
    }

    private static Path authFile(Path work, RegistryExtension registry) throws IOException {
        String pair = Base64.getEncoder().encodeToString((registry.username() + ":" + registry.password()).getBytes(StandardCharsets.UTF_8));
        return Files.writeString(work.resolve("auth.json"), "{\"auths\":{\"" + registry.hostPort() + "\":{\"auth\":\"" + pair + "\"}}}");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Collections.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
