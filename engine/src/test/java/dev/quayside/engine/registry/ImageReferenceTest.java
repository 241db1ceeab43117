package dev.quayside.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

    @Test
    void parse_splitsEcrReference() {
        ImageReference r = ImageReference.parse("target", "123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/team/myapp:1.0");
        assertThat(r.registry()).contains("123456789012.dkr.ecr.ap-southeast-1.amazonaws.com");
        assertThat(r.repository()).isEqualTo("team/myapp");
        assertThat(r.tag()).contains("1.0");
        assertThat(r.repositoryUri()).isEqualTo("123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/team/myapp");
    }

    @Test
    void parse_keepsRegistryPortApartFromTag() {
        ImageReference r = ImageReference.parse("target", "127.0.0.1:5000/myapp");
        assertThat(r.registry()).contains("127.0.0.1:5000");
        assertThat(r.tag()).isEmpty();
    }

    @Test
    void parse_withoutRegistryLeavesItEmpty() {
        ImageReference r = ImageReference.parse("target", "myapp:latest");
        assertThat(r.registry()).isEmpty();
        assertThat(r.repository()).isEqualTo("myapp");
    }

    @Test
    void parse_readsDigest() {
        String digest = "sha256:" + "a".repeat(64);
        ImageReference r = ImageReference.parse("target", "localhost:5000/app:1@" + digest);
        assertThat(r.digest()).contains(Digest.of(digest));
        assertThat(r.toString()).isEqualTo("localhost:5000/app:1@" + digest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"myapp:-bad", "myapp:.bad", "myapp:" + "x" + "123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789", "myapp:a b", "MyApp:1.0", "my__-app:1", "myapp@sha256:zz"})
    void parse_refusesInvalidReferenceNamingTheField(String text) {
        assertThatThrownBy(() -> ImageReference.parse("target", text))
                .isInstanceOfSatisfying(QuaysideException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
                .hasMessageStartingWith("target: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "latest", "v1.2.3-rc_1", "_x", "A"})
    void checkTag_acceptsDockerTags(String tag) {
        ImageReference.checkTag("tags", tag);
    }

    @Test
    void checkTag_refuses129Characters() {
        assertThatThrownBy(() -> ImageReference.checkTag("tags", "a".repeat(129))).hasMessageStartingWith("tags: ");
        ImageReference.checkTag("tags", "a".repeat(128));
    }

    @Test
    void parse_refusesAPortOutOfRange_namingIt() {
        for (String text : new String[] {"127.0.0.1:99999/app:1", "registry.example.com:0/app:1"}) {
            assertThatThrownBy(() -> ImageReference.parse("TARGET", text)).as(text).hasMessageContaining("; a port is 1 to 65535");
        }
        assertThat(ImageReference.parse("TARGET", "[::1]:5000/app:1").registry()).contains("[::1]:5000");
    }
}
