package dev.quayside.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.testing.Allocations;
import dev.quayside.testing.images.ImageFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSourcesTest {
    @TempDir
    Path tmp;

    private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String source) {
        return assertThatThrownBy(() -> ImageSources.open(ImageSourceSpec.parse("source", source)))
                .isInstanceOfSatisfying(QuaysideException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
                .hasMessageStartingWith("source: ");
    }

    @Test
    void open_ociLayout_readsManifestAndBlobs() {
        ImageFixture.Written image = ImageFixture.builder().seed(1).layerSizes(1_000, 2_000).tag("1.0").writeOciLayout(tmp.resolve("oci"));

        LoadedImage loaded = ImageSources.open(ImageSourceSpec.parse("source", "oci:" + image.path() + ":1.0"));

        assertThat(loaded.digest().toString()).isEqualTo(image.digest());
        assertThat(loaded.blobs()).extracting(d -> d.digest().toString())
                .containsExactlyInAnyOrder(image.configDigest(), image.layerDigests().get(0), image.layerDigests().get(1));
    }

    @Test
    void open_ociArchive_readsEntriesInPlace() {
        ImageFixture.Written image = ImageFixture.builder().seed(2).layerSizes(3_000).platforms("linux/amd64", "linux/arm64").writeOciArchive(tmp.resolve("a.tar"));

        LoadedImage loaded = ImageSources.open(ImageSourceSpec.parse("source", "oci-archive:" + image.path()));

        assertThat(loaded.digest().toString()).isEqualTo(image.digest());
        assertThat(loaded.children()).hasSize(2);
        assertThat(loaded.children()).extracting(m -> m.descriptor().platform()).containsExactly("linux/amd64", "linux/arm64");
        assertThat(loaded.blobs()).hasSize(4);
    }

    @Test
    void open_dockerArchive_buildsAnOciManifestOverTheLayers() {
        ImageFixture.Written image = ImageFixture.builder().seed(3).layerSizes(4_000, 5_000).writeDockerArchive(tmp.resolve("d.tar"));

        LoadedImage loaded = ImageSources.open(ImageSourceSpec.parse("source", "docker-archive:" + image.path()));

        assertThat(loaded.root().descriptor().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(loaded.blobs()).hasSize(3);
        assertThat(loaded.blobs().get(1).mediaType()).isEqualTo(MediaTypes.OCI_LAYER);
        assertThat(loaded.blobs().get(0).digest().toString()).isEqualTo(image.configDigest());
        assertThat(ImageSources.open(ImageSourceSpec.parse("source", "docker-archive:" + image.path())).digest()).isEqualTo(loaded.digest());
    }

    @Test
    void open_missingDirectory_saysItDoesNotExist() {
        assertInvalid("oci:" + tmp.resolve("nope")).hasMessageContaining("does not exist");
    }

    @Test
    void open_missingArchive_saysItDoesNotExist() {
        assertInvalid("oci-archive:" + tmp.resolve("nope.tar")).hasMessageContaining("does not exist");
    }

    @Test
    void open_unreadableArchive_saysSo() throws Exception {
        Path file = Files.writeString(tmp.resolve("secret.tar"), "x");
        file.toFile().setReadable(false);
        if (Files.isReadable(file)) {
            // Running as root: permissions do not stop reads, so check the garbage content instead.
            assertInvalid("oci-archive:" + file).hasMessageContaining("not a readable tar archive");
        } else {
            assertInvalid("oci-archive:" + file).hasMessageContaining("not readable");
        }
    }

    @Test
    void open_directoryThatIsNotAnOciLayout_saysWhatIsMissing() throws Exception {
        Files.createDirectories(tmp.resolve("plain"));
        assertInvalid("oci:" + tmp.resolve("plain")).hasMessageContaining("is not an OCI image layout").hasMessageContaining("oci-layout");
    }

    @Test
    void open_unknownTag_listsTheTagsThere() {
        ImageFixture.Written image = ImageFixture.builder().seed(4).layerSizes(100).tag("1.0").writeOciLayout(tmp.resolve("tags"));
        assertInvalid("oci:" + image.path() + ":2.0").hasMessageContaining("no image tagged '2.0'").hasMessageContaining("1.0");
    }

    @Test
    void open_missingBlob_namesIt() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(5).layerSizes(100, 200).writeOciLayout(tmp.resolve("missing"));
        String layer = image.layerDigests().get(1);
        Files.delete(image.path().resolve("blobs/sha256/" + layer.substring(7)));

        assertInvalid("oci:" + image.path()).hasMessageContaining(layer).hasMessageContaining("layer 2 of 2").hasMessageContaining("missing");
    }

    @Test
    void open_truncatedBlob_namesIt() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(6).layerSizes(1_000).writeOciLayout(tmp.resolve("short"));
        String layer = image.layerDigests().get(0);
        Path file = image.path().resolve("blobs/sha256/" + layer.substring(7));
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 10));

        assertInvalid("oci:" + image.path()).hasMessageContaining(layer).hasMessageContaining("10 bytes");
    }

    @Test
    void open_tamperedManifest_failsItsDigestCheck() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(7).layerSizes(1_000).writeOciLayout(tmp.resolve("tampered"));
        ImageFixture.corruptBlob(image.path(), image.digest());

        assertInvalid("oci:" + image.path()).hasMessageContaining(image.digest()).hasMessageContaining("does not match its digest");
    }

    @Test
    void open_garbageArchive_isNotATar() throws Exception {
        Path file = Files.write(tmp.resolve("garbage.tar"), new byte[2048]);
        Files.write(file, "not a tar at all, just text that is long enough".repeat(30).getBytes());
        assertInvalid("docker-archive:" + file).hasMessageContaining("not a readable tar archive");
    }

    @Test
    void anIndexThatReferencesTheSameManifestsOverAndOver_isWalkedOncePerDigest() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(21).layerSizes(1000).writeOciLayout(tmp.resolve("bomb"));
        String entry = "{\"mediaType\":\"" + image.mediaType() + "\",\"digest\":\"" + image.digest() + "\",\"size\":"
                + Files.size(tmp.resolve("bomb/blobs/sha256/" + image.digest().substring(7))) + "}";
        // Four levels of indexes, each listing the one below 100 times: 100^4 references, 5 distinct manifests.
        long indexBytes = 0;
        for (int level = 0; level < 3; level++) {
            String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                    + String.join(",", java.util.Collections.nCopies(100, entry)) + "]}";
            byte[] bytes = index.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String digest = Digest.sha256(bytes).toString();
            Files.write(tmp.resolve("bomb/blobs/sha256/" + digest.substring(7)), bytes);
            indexBytes += bytes.length;
            entry = "{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\"" + digest + "\",\"size\":" + bytes.length + "}";
        }
        Files.writeString(tmp.resolve("bomb/index.json"), "{\"schemaVersion\":2,\"manifests\":[" + entry + "]}");

        long started = System.nanoTime();
        LoadedImage loaded = ImageSources.open(ImageSourceSpec.parse("source", "oci:" + tmp.resolve("bomb")));

        assertThat(loaded.children()).as("each distinct manifest once").hasSize(3);
        assertThat(loaded.blobs()).hasSize(2);
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms").isLessThan(5_000);
        long allocated = Allocations.of(() -> ImageSources.open(ImageSourceSpec.parse("source", "oci:" + tmp.resolve("bomb"))));
        assertThat(allocated).as("heap allocated walking %d bytes of indexes", indexBytes).isLessThan(100L << 20);
    }

    @Test
    void descriptorsWithANegativeOrFractionalSize_areRefusedBeforeAnythingIsSent() throws Exception {
        for (String size : new String[] {"-1", "1.5", "\"12\""}) {
            Path dir = tmp.resolve("size" + size.hashCode());
            ImageFixture.builder().seed(22).layerSizes(100).writeOciLayout(dir);
            String index = Files.readString(dir.resolve("index.json")).replaceFirst("\"size\":\\s*\\d+", "\"size\":" + size);
            Files.writeString(dir.resolve("index.json"), index);
            assertInvalid("oci:" + dir).as(size).hasMessageContaining("a whole, non-negative size");
        }
    }

    @Test
    void aLinkInALayoutToAFileOutsideIt_isRefused_oneInsideIsFollowed() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(24).layerSizes(100).writeOciLayout(tmp.resolve("linked"));
        Path blob = tmp.resolve("linked/blobs/sha256/" + image.layerDigests().get(0).substring(7));
        Path outside = Files.move(blob, tmp.resolve("outside-the-layout"));
        Files.createSymbolicLink(blob, outside);

        assertInvalid("oci:" + tmp.resolve("linked")).hasMessageContaining("is a link to " + outside.toRealPath() + ", outside the layout");

        Files.delete(blob);
        Path inside = Files.move(outside, tmp.resolve("linked/elsewhere-inside"));
        Files.createSymbolicLink(blob, inside);
        assertThat(ImageSources.open(ImageSourceSpec.parse("source", "oci:" + tmp.resolve("linked"))).digest().toString()).isEqualTo(image.digest());
    }
}
