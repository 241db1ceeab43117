package dev.quayside.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the host's skopeo for tests; aborts (or fails on CI) when it is not installed. */
public final class Skopeo {

    private Skopeo() {
    }

    /** Runs {@code skopeo args...}, returning stdout; throws with stderr on a non-zero exit. */
    public static byte[] run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(HostTools.require("skopeo", "skopeo").toString());
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile("skopeo-", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            process.getOutputStream().close();
            byte[] stdout = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("skopeo timed out: " + String.join(" ", args));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("skopeo " + String.join(" ", args) + " exited "
                        + process.exitValue() + ": " + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return stdout;
        } finally {
            Files.deleteIfExists(stderr);
        }
    }
}
