package dev.quayside.testing.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.testing.images.ImageFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryExtensionPerTestTest {

    private static String firstHostPort;
    private static Path firstWorkDir;

    @RegisterExtension
    final RegistryExtension registry = new RegistryExtension();

    @TempDir
    Path tmp;

    @Test
    @Order(1)
    void instanceField_startsARegistryForThisTest() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().writeOciLayout(tmp);
        HttpPush.push(registry, image, "app", "latest");
        firstHostPort = registry.hostPort();
        firstWorkDir = registry.logFile().getParent();

        assertThat(registry.tags("app")).containsExactly("latest");
    }

    @Test
    @Order(2)
    void instanceField_givesTheNextTestAFreshRegistryAndRemovesTheOldOne() {
        assertThat(firstHostPort).as("first test ran").isNotNull();

        assertThat(registry.hostPort()).isNotEqualTo(firstHostPort);
        assertThat(registry.tags("app")).isEmpty();
        assertThat(firstWorkDir).doesNotExist();
    }
}
