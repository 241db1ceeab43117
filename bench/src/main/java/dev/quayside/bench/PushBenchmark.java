package dev.quayside.bench;

import dev.quayside.engine.errors.Secret;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.registry.ImageSourceSpec;
import dev.quayside.engine.registry.ImageSources;
import dev.quayside.engine.registry.LoadedImage;
import dev.quayside.engine.registry.PushRequest;
import dev.quayside.engine.registry.PushResult;
import dev.quayside.engine.registry.RegistryCredentials;
import dev.quayside.engine.registry.RegistryPusher;
import dev.quayside.engine.time.Sleeper;
import dev.quayside.testing.HostTools;
import dev.quayside.testing.images.ImageFixture;
import dev.quayside.testing.registry.RegistryExtension;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Push benchmark against skopeo, in the same run, to the real Distribution registry on loopback:
 * a 4-layer 300 MiB incompressible OCI image, first push (fresh registry each time) and re-push
 * (every blob already there), then the heap used while pushing a 1 GiB single layer in a JVM capped
 * at 64 MiB of heap. Our time is the engine call in a warm JVM; skopeo's is its whole process.
 */
public final class PushBenchmark {
    private static final int ROUNDS = Integer.getInteger("rounds", 5);

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("heap-probe")) {
            heapProbe(Path.of(args[1]), args[2], args[3]);
            return;
        }
        Path skopeo = HostTools.require("skopeo", "skopeo");
        Path work = Files.createTempDirectory("quayside-bench-");
        System.out.println("Generating a 4-layer 300 MiB incompressible image ...");
        long layer = 75L * 1024 * 1024;
        ImageFixture.Written image = ImageFixture.builder().seed(300).layerSizes(layer, layer, layer, layer).tag("bench").writeOciLayout(work.resolve("image"));
        LoadedImage loaded = ImageSources.open(ImageSourceSpec.parse("source", "oci:" + image.path() + ":bench"));

        // Warm the JVM on a throwaway registry so that we measure the push, not class loading and JIT.
        try (RegistryExtension warm = new RegistryExtension().start()) {
            ours(warm, loaded, "warmup");
            ours(warm, loaded, "warmup");
        }

        List<Double> oursFirst = new ArrayList<>();
        List<Double> skopeoFirst = new ArrayList<>();
        List<Double> oursAgain = new ArrayList<>();
        List<Double> skopeoAgain = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            // Alternate who goes first so disk caches favour neither.
            boolean oursFirstInRound = round % 2 == 1;
            for (int turn = 0; turn < 2; turn++) {
                boolean isOurs = (turn == 0) == oursFirstInRound;
                try (RegistryExtension registry = new RegistryExtension().start()) {
                    Path auth = authFile(work.resolve("auth.json"), registry);
                    if (isOurs) {
                        oursFirst.add(ours(registry, loaded, "app"));
                        oursAgain.add(ours(registry, loaded, "app"));
                    } else {
                        skopeoFirst.add(skopeo(skopeo, auth, image.path(), registry, "app"));
                        skopeoAgain.add(skopeo(skopeo, auth, image.path(), registry, "app"));
                    }
                }
            }
            System.out.printf("round %d: first push ours %.3f s, skopeo %.3f s; re-push ours %.3f s, skopeo %.3f s%n", round,
                    oursFirst.get(round - 1), skopeoFirst.get(round - 1), oursAgain.get(round - 1), skopeoAgain.get(round - 1));
        }
        double mf = median(oursFirst);
        double sf = median(skopeoFirst);
        double ma = median(oursAgain);
        double sa = median(skopeoAgain);
        System.out.println();
        System.out.println("| push of 4 x 75 MiB (median of " + ROUNDS + ") | quayside | skopeo copy | ratio | target |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf("| first push | %.3f s | %.3f s | %.2fx | <= 0.80x |%n", mf, sf, mf / sf);
        System.out.printf("| re-push (all blobs present) | %.3f s | %.3f s | %.2fx | <= 1.00x |%n", ma, sa, ma / sa);

        System.out.println();
        System.out.println("Generating a 1 GiB single-layer image for the heap probe ...");
        ImageFixture.Written big = ImageFixture.builder().seed(1024).layerSizes(1024L * 1024 * 1024).tag("big").writeOciLayout(work.resolve("big"));
        try (RegistryExtension registry = new RegistryExtension().start()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"), PushBenchmark.class.getName(),
                    "heap-probe", big.path().toString(), registry.hostPort(), registry.password()).inheritIO().start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("the heap probe failed (exit " + p.exitValue() + ")");
            }
        }
        deleteTree(work);
    }

    private static double ours(RegistryExtension registry, LoadedImage image, String repository) {
        RegistryPusher pusher = RegistryPusher.create(ProgressListener.NONE, Clock.systemUTC(), Sleeper.REAL);
        PushRequest request = PushRequest.builder().image(image).registry(registry.hostPort()).repository(repository).tag("bench").build();
        long start = System.nanoTime();
        PushResult result = pusher.push(request, RegistryCredentials.of(registry.username(), Secret.of(registry.password())));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!result.digest().equals(image.digest())) {
            throw new IllegalStateException("digest changed: " + result.digest());
        }
        return seconds;
    }

    private static double skopeo(Path skopeo, Path auth, Path layout, RegistryExtension registry, String repository) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(skopeo.toString(), "--insecure-policy", "copy", "--quiet", "--preserve-digests", "--dest-tls-verify=false",
                "--dest-authfile", auth.toString(), "oci:" + layout + ":bench", "docker://" + registry.hostPort() + "/" + repository + ":bench")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int code = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("skopeo copy exited with " + code);
        }
        return seconds;
    }

    /** A skopeo auth file or a docker config.json (the same format) logged in to {@code registry}. */
    static Path authFile(Path file, RegistryExtension registry) throws IOException {
        String pair = Base64.getEncoder().encodeToString((registry.username() + ":" + registry.password()).getBytes(StandardCharsets.UTF_8));
        return Files.writeString(file, "{\"auths\":{\"" + registry.hostPort() + "\":{\"auth\":\"" + pair + "\"}}}");
    }

    /** Runs in a JVM with -Xmx64m: pushes a 1 GiB layer and reports the peak heap the collector saw. */
    private static void heapProbe(Path layout, String registry, String password) {
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long idle = memory.getHeapMemoryUsage().getUsed();
        LoadedImage image = ImageSources.open(ImageSourceSpec.parse("source", "oci:" + layout + ":big"));
        RegistryPusher pusher = RegistryPusher.create(ProgressListener.NONE, Clock.systemUTC(), Sleeper.REAL);
        long[] peak = {0};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        pusher.push(PushRequest.builder().image(image).registry(registry).repository("big").tag("big").build(),
                RegistryCredentials.of("AWS", Secret.of(password)));
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        System.out.printf("1 GiB single-layer push in a JVM capped at -Xmx64m: %.2f s; heap idle %.1f MiB, highest sampled %.1f MiB "
                        + "(includes garbage not yet collected), so at most %.1f MiB over idle (target < 64 MiB)%n",
                seconds, idle / 1048576.0, peak[0] / 1048576.0, (peak[0] - idle) / 1048576.0);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Collections.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
