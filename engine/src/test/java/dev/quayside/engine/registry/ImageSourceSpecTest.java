package dev.quayside.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageSourceSpecTest {

    @Test
    void parse_ociWithTag() {
        ImageSourceSpec s = ImageSourceSpec.parse("source", "oci:build/image:1.0");
        assertThat(s.transport()).isEqualTo(ImageSourceSpec.Transport.OCI);
        assertThat(s.location()).isEqualTo("build/image");
        assertThat(s.reference()).contains("1.0");
    }

    @Test
    void parse_dockerArchiveWithNameAndTag() {
        ImageSourceSpec s = ImageSourceSpec.parse("source", "docker-archive:app.tar:myapp:1.0");
        assertThat(s.location()).isEqualTo("app.tar");
        assertThat(s.reference()).contains("myapp:1.0");
    }

    @Test
    void parse_dockerDaemonKeepsTheImageName() {
        ImageSourceSpec s = ImageSourceSpec.parse("source", "docker-daemon:myapp:1.0");
        assertThat(s.transport()).isEqualTo(ImageSourceSpec.Transport.DOCKER_DAEMON);
        assertThat(s.location()).isEqualTo("myapp:1.0");
    }

    @Test
    void parse_refusesUnknownTransport() {
        assertThatThrownBy(() -> ImageSourceSpec.parse("source", "docker://myapp:1.0"))
                .hasMessageContaining("source: ").hasMessageContaining("oci:DIR[:TAG]");
    }

    @Test
    void parse_refusesInvalidTag() {
        assertThatThrownBy(() -> ImageSourceSpec.parse("source", "oci:dir:-x")).hasMessageStartingWith("source: ");
    }
}
