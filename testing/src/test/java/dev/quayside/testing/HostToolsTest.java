package dev.quayside.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class HostToolsTest {

    @Test
    void require_missingToolFailsNamingTheDebianPackageOnCi() {
        assertThatThrownBy(() -> HostTools.require("htpasswd", "apache2-utils", name -> Optional.empty(), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("htpasswd")
                .hasMessageContaining("apt-get install apache2-utils");
    }

    @Test
    void require_missingToolAbortsTheTestLocally() {
        assertThatThrownBy(() -> HostTools.require("docker-registry", "docker-registry", name -> Optional.empty(), false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install docker-registry");
    }

    @Test
    void require_returnsTheFoundExecutable() {
        Path fake = Path.of("/opt/tools/skopeo");

        assertThat(HostTools.require("skopeo", "skopeo", name -> Optional.of(fake), true)).isEqualTo(fake);
    }

    @Test
    void find_searchesPathAndUsrBin() {
        assertThat(HostTools.find("sh")).hasValueSatisfying(path -> assertThat(path).isExecutable());
        assertThat(HostTools.find("quayside-no-such-tool")).isEmpty();
    }
}
