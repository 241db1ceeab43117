package dev.quayside.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.engine.errors.Secret;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.time.Sleeper;
import dev.quayside.testing.HostTools;
import dev.quayside.testing.registry.RegistryExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Shared helpers for push tests: recorded events, a virtual sleeper, and skopeo as the peer that checks results. */
public final class PushFixtures {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    final ProgressListener listener = events::add;
    final Sleeper sleeper = sleeps::add;

    RegistryPusher pusher() {
        return RegistryPusher.create(listener, CLOCK, sleeper);
    }

    long count(String type) {
        return events.stream().filter(e -> e.type().equals(type)).count();
    }

    static RegistryCredentials login(RegistryExtension registry) {
        return RegistryCredentials.of(registry.username(), Secret.of(registry.password()));
    }

    /** sha256 of the manifest skopeo reads back from the registry, i.e. the digest the registry serves. */
    public static String skopeoDigest(RegistryExtension registry, String repositoryAndTag, Path workDir) throws IOException, InterruptedException {
        Path skopeo = HostTools.require("skopeo", "skopeo");
        Path auth = workDir.resolve("skopeo-auth.json");
        String pair = Base64.getEncoder().encodeToString((registry.username() + ":" + registry.password()).getBytes(StandardCharsets.UTF_8));
        Files.writeString(auth, "{\"auths\":{\"" + registry.hostPort() + "\":{\"auth\":\"" + pair + "\"}}}");
        Path raw = workDir.resolve("raw-manifest");
        Process p = new ProcessBuilder(skopeo.toString(), "inspect", "--raw", "--tls-verify=false", "--authfile", auth.toString(),
                "docker://" + registry.hostPort() + "/" + repositoryAndTag)
                .redirectOutput(raw.toFile()).redirectErrorStream(false).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("skopeo inspect failed: %s", err).isZero();
        return Digest.sha256(Files.readAllBytes(raw)).toString();
    }
}
