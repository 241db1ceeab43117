package dev.quayside.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.testing.images.ImageFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images that a registry would refuse (or push wrongly) are refused while reading the source, before
 * any repository is created or blob sent, naming what is wrong: docker archives whose manifest.json is
 * not what `docker save` writes, and manifests with media types that are unknown or not media types.
 */
class ImageChecksTest {
    private static final String CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:"
            + "a".repeat(64) + "\"]}}";

    @TempDir
    Path tmp;

    @Test
    void aDockerArchiveWhoseLayersIsNotAList_isRefused_notPushedWithoutLayers() throws Exception {
        assertRefused(dockerArchive("[{\"Config\":\"config.json\",\"RepoTags\":[\"app:1\"],\"Layers\":\"layer.tar\"}]"),
                "must give each image a \"Config\" file name and a non-empty \"Layers\" list");
    }

    @Test
    void aDockerArchiveWhoseManifestIsAnObject_isRefused() throws Exception {
        assertRefused(dockerArchive("{\"Config\":\"config.json\",\"Layers\":[\"layer.tar\"]}"), "its manifest.json is a JSON object, not a list of images");
    }

    @Test
    void aDockerArchiveWithMoreLayersThanItsConfig_isRefused() throws Exception {
        assertRefused(dockerArchive("[{\"Config\":\"config.json\",\"RepoTags\":[\"app:1\"],\"Layers\":[\"layer.tar\",\"layer.tar\"]}]"),
                "lists 2 layers but the image config config.json has 1 (rootfs.diff_ids)");
    }

    @Test
    void aManifestWithAnUnknownOrMalformedMediaType_isRefused() throws Exception {
        for (String mediaType : new String[] {"application/vnd.example.unknown+json", "application/vnd.oci.image.manifest.v1+json\\u0007",
                "text plain"}) {
            Path dir = tmp.resolve("mt" + Integer.toHexString(mediaType.hashCode()));
            ImageFixture.builder().seed(31).layerSizes(100).writeOciLayout(dir);
            String index = Files.readString(dir.resolve("index.json")).replaceFirst("\"mediaType\":\\s*\"application/vnd.oci.image.manifest.v1\\+json\"",
                    Matcher.quoteReplacement("\"mediaType\":\"" + mediaType + "\""));
            Files.writeString(dir.resolve("index.json"), index);
            assertThatThrownBy(() -> ImageSources.open(ImageSourceSpec.parse("source", "oci:" + dir))).as(mediaType)
                    .isInstanceOf(QuaysideException.class).hasMessageMatching("(?s).*(neither an image manifest nor an index|is not type/subtype).*");
        }
    }

    private Path dockerArchive(String manifest) throws Exception {
        return Tars.write(tmp, Tars.entry("0", "manifest.json", manifest), Tars.entry("0", "config.json", CONFIG),
                Tars.entry("0", "layer.tar", new byte[1024]));
    }

    private static void assertRefused(Path archive, String message) {
        assertThatThrownBy(() -> ImageSources.open(ImageSourceSpec.parse("source", "docker-archive:" + archive)))
                .isInstanceOf(QuaysideException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((QuaysideException) e).failure()).isEqualTo(Failure.INVALID_INPUT));
    }
}
