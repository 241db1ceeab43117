package dev.quayside.engine.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quayside.engine.errors.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigDirTest {
    private static final EcrLogin LOGIN = EcrLogin.of("123456789012", "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
            URI.create("https://123456789012.dkr.ecr.eu-west-1.amazonaws.com"), "AWS", Secret.of("s3cr3t-token"), Instant.EPOCH);

    @TempDir
    Path tmp;

    @Test
    void createTemporary_writesPrivateAuthsAndRemovesThemOnClose() throws Exception {
        Path dir;
        try (DockerConfigDir config = DockerConfigDir.createTemporary(tmp, List.of(LOGIN))) {
            dir = config.path();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.configFile()))).isEqualTo("rw-------");
            String json = Files.readString(config.configFile());
            String expected = Base64.getEncoder().encodeToString("AWS:s3cr3t-token".getBytes(StandardCharsets.UTF_8));
            assertThat(json).contains("\"123456789012.dkr.ecr.eu-west-1.amazonaws.com\"").contains(expected);
            assertThat(config.toString()).doesNotContain("s3cr3t-token").doesNotContain(expected);
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void createTemporary_isRemovedWhenTheBlockFails() {
        Path[] seen = new Path[1];
        assertThatThrownBy(() -> {
            try (DockerConfigDir config = DockerConfigDir.createTemporary(tmp, List.of(LOGIN))) {
                seen[0] = config.path();
                throw new IllegalStateException("build step failed");
            }
        }).hasMessage("build step failed");
        assertThat(seen[0]).doesNotExist();
    }

    @Test
    void writeInto_keepsTheNamedDirectory() throws Exception {
        Path named = tmp.resolve("docker-auth");
        try (DockerConfigDir config = DockerConfigDir.writeInto(named, List.of(LOGIN))) {
            assertThat(config.configFile()).exists();
        }
        assertThat(named.resolve("config.json")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(named))).isEqualTo("rwx------");
    }

    @Test
    void login_toStringHidesThePassword() {
        assertThat(LOGIN.toString()).doesNotContain("s3cr3t-token");
        assertThat(LOGIN.asLogin().toString()).doesNotContain("s3cr3t-token");
    }
}
