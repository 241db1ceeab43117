package dev.quayside.testing.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quayside.testing.Skopeo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ImageFixture SMALL = ImageFixture.builder().seed(42).layerSizes(1024, 64 * 1024).tag("1.0");
    private static final ImageFixture MULTI = SMALL.platforms("linux/amd64", "linux/arm64");

    @TempDir
    Path tmp;

    @Test
    void writeOciLayout_writesContentAddressedBlobsAndTaggedManifest() throws Exception {
        Path dir = tmp.resolve("layout");
        ImageFixture.Written written = SMALL.writeOciLayout(dir);

        assertThat(written.path()).isEqualTo(dir);
        assertThat(Files.readString(dir.resolve("oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
        JsonNode entries = json(Files.readAllBytes(dir.resolve("index.json"))).get("manifests");
        assertThat(entries).hasSize(1);
        JsonNode top = entries.get(0);
        assertThat(top.get("mediaType").asText()).isEqualTo(ImageFixture.OCI_MANIFEST).isEqualTo(written.mediaType());
        assertThat(top.get("digest").asText()).isEqualTo(written.digest());
        assertThat(top.get("annotations").get(ImageFixture.REF_NAME_ANNOTATION).asText()).isEqualTo("1.0");

        Map<String, byte[]> blobs = blobs(dir);
        blobs.forEach((digest, bytes) -> assertThat(sha256(bytes)).as("content of %s", digest).isEqualTo(digest));
        assertThat(blobs.keySet()).containsExactlyInAnyOrderElementsOf(
                concat(written.allBlobDigests(), written.digest()));
        assertThat(written.totalBytes()).isEqualTo(blobs.values().stream().mapToLong(b -> b.length).sum());
        assertThat(top.get("size").asLong()).isEqualTo(blobs.get(written.digest()).length);

        JsonNode manifest = json(blobs.get(written.digest()));
        assertThat(manifest.get("config").get("digest").asText()).isEqualTo(written.configDigest());
        assertThat(manifest.get("config").get("mediaType").asText()).isEqualTo(ImageFixture.OCI_CONFIG);
        List<String> layerDigests = new ArrayList<>();
        for (JsonNode layer : manifest.get("layers")) {
            assertThat(layer.get("mediaType").asText()).isEqualTo(ImageFixture.OCI_LAYER_GZIP);
            assertThat(layer.get("size").asLong()).isEqualTo(blobs.get(layer.get("digest").asText()).length);
            layerDigests.add(layer.get("digest").asText());
        }
        assertThat(layerDigests).isEqualTo(written.layerDigests());

        JsonNode config = json(blobs.get(written.configDigest()));
        assertThat(config.get("architecture").asText()).isEqualTo("amd64");
        assertThat(config.get("os").asText()).isEqualTo("linux");
        assertThat(config.get("rootfs").get("type").asText()).isEqualTo("layers");
        List<String> diffIds = new ArrayList<>();
        config.get("rootfs").get("diff_ids").forEach(id -> diffIds.add(id.asText()));
        List<byte[]> uncompressed = written.layerDigests().stream().map(d -> gunzip(blobs.get(d))).toList();
        assertThat(diffIds).isEqualTo(uncompressed.stream().map(ImageFixtureTest::sha256).toList());
        assertThat(uncompressed).extracting(b -> b.length).containsExactly(1024, 64 * 1024);
    }

    @Test
    void writeOciLayout_layersAreIncompressibleAndCloseToRequestedSize() throws Exception {
        long size = 3 * 1024 * 1024 + 5; // several generator chunks, not a multiple of 8
        ImageFixture.Written written = ImageFixture.builder().layerSizes(size).writeOciLayout(tmp);

        byte[] blob = Files.readAllBytes(tmp.resolve("blobs/sha256/" + written.layerDigests().get(0).substring(7)));
        assertThat((long) blob.length).isBetween(size, size + size / 1000 + 64);
        byte[] raw = gunzip(blob);
        assertThat(raw).hasSize((int) size);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(raw);
        deflater.finish();
        byte[] sink = new byte[raw.length + 1024];
        int compressed = deflater.deflate(sink);
        deflater.end();
        assertThat(compressed).as("deflated size").isGreaterThan((int) (size * 0.99));
    }

    @Test
    void writeOciLayout_isDeterministicPerSeed() {
        ImageFixture.Written first = SMALL.writeOciLayout(tmp.resolve("a"));
        ImageFixture.Written again = SMALL.writeOciLayout(tmp.resolve("b"));
        ImageFixture.Written otherSeed = SMALL.seed(43).writeOciLayout(tmp.resolve("c"));

        assertThat(again).isEqualTo(new ImageFixture.Written(tmp.resolve("b"), first.digest(), first.mediaType(),
                first.configDigest(), first.layerDigests(), first.allBlobDigests(), first.totalBytes()));
        assertThat(otherSeed.layerDigests()).doesNotContainAnyElementsOf(first.layerDigests());
        assertThat(first.layerDigests()).doesNotHaveDuplicates();
    }

    @Test
    void writeOciLayout_listsIdenticalEmptyLayersOnce() throws Exception {
        ImageFixture.Written written = ImageFixture.builder().layerSizes(0, 0).writeOciLayout(tmp);

        assertThat(written.layerDigests()).hasSize(2).containsOnly(written.layerDigests().get(0));
        assertThat(written.allBlobDigests()).containsExactly(written.layerDigests().get(0), written.configDigest());
        assertThat(written.totalBytes()).isEqualTo(blobs(tmp).values().stream().mapToLong(b -> b.length).sum());
        assertThat(gunzip(blobs(tmp).get(written.layerDigests().get(0)))).isEmpty();
    }

    @Test
    void writeOciLayout_multiPlatformWritesIndexWithOneManifestPerPlatform() throws Exception {
        ImageFixture.Written written = MULTI.writeOciLayout(tmp);
        Map<String, byte[]> blobs = blobs(tmp);

        JsonNode top = json(Files.readAllBytes(tmp.resolve("index.json"))).get("manifests");
        assertThat(top).hasSize(1);
        assertThat(top.get(0).get("mediaType").asText()).isEqualTo(ImageFixture.OCI_INDEX).isEqualTo(written.mediaType());
        assertThat(top.get(0).get("digest").asText()).isEqualTo(written.digest());
        assertThat(top.get(0).get("annotations").get(ImageFixture.REF_NAME_ANNOTATION).asText()).isEqualTo("1.0");

        JsonNode index = json(blobs.get(written.digest()));
        assertThat(index.get("mediaType").asText()).isEqualTo(ImageFixture.OCI_INDEX);
        assertThat(index.get("manifests")).hasSize(2);
        List<List<String>> layersPerPlatform = new ArrayList<>();
        for (JsonNode child : index.get("manifests")) {
            String architecture = child.get("platform").get("architecture").asText();
            assertThat(child.get("platform").get("os").asText()).isEqualTo("linux");
            assertThat(child.get("mediaType").asText()).isEqualTo(ImageFixture.OCI_MANIFEST);
            assertThat(written.allBlobDigests()).contains(child.get("digest").asText());
            JsonNode manifest = json(blobs.get(child.get("digest").asText()));
            JsonNode config = json(blobs.get(manifest.get("config").get("digest").asText()));
            assertThat(config.get("architecture").asText()).isEqualTo(architecture);
            List<String> layers = new ArrayList<>();
            manifest.get("layers").forEach(layer -> layers.add(layer.get("digest").asText()));
            layersPerPlatform.add(layers);
        }
        assertThat(index.get("manifests").get(0).get("platform").get("architecture").asText()).isEqualTo("amd64");
        assertThat(index.get("manifests").get(1).get("platform").get("architecture").asText()).isEqualTo("arm64");
        assertThat(layersPerPlatform.get(0)).isEqualTo(written.layerDigests())
                .doesNotContainAnyElementsOf(layersPerPlatform.get(1));
        assertThat(blobs.keySet()).containsExactlyInAnyOrderElementsOf(
                concat(written.allBlobDigests(), written.digest()));
    }

    @Test
    void writeOciArchive_holdsTheLayoutAsValidUstar() throws Exception {
        ImageFixture.Written archived = MULTI.writeOciArchive(tmp.resolve("image.tar"));
        ImageFixture.Written laidOut = MULTI.writeOciLayout(tmp.resolve("layout"));

        assertThat(archived.digest()).isEqualTo(laidOut.digest());
        assertThat(archived.allBlobDigests()).isEqualTo(laidOut.allBlobDigests());
        assertThat(archived.totalBytes()).isEqualTo(laidOut.totalBytes());
        List<TarEntries.Entry> entries = TarEntries.read(tmp.resolve("image.tar"));
        assertThat(entries).filteredOn(e -> e.type() == '5').extracting(TarEntries.Entry::name)
                .containsExactly("blobs/", "blobs/sha256/");
        assertThat(entries.get(entries.size() - 1).name()).isEqualTo("index.json");
        Map<String, byte[]> files = new TreeMap<>(TarEntries.files(tmp.resolve("image.tar")));
        Map<String, byte[]> onDisk = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(tmp.resolve("layout"))) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                onDisk.put(tmp.resolve("layout").relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        assertThat(files.keySet()).isEqualTo(onDisk.keySet());
        files.forEach((name, bytes) -> assertThat(bytes).as(name).isEqualTo(onDisk.get(name)));
    }

    @Test
    void writeDockerArchive_writesDockerSaveFormatWithUncompressedLayers() throws Exception {
        ImageFixture fixture = SMALL.repository("team/service");
        ImageFixture.Written written = fixture.writeDockerArchive(tmp.resolve("docker.tar"));
        Map<String, byte[]> files = TarEntries.files(tmp.resolve("docker.tar"));

        JsonNode manifest = json(files.get("manifest.json"));
        assertThat(manifest).hasSize(1);
        JsonNode image = manifest.get(0);
        String configName = image.get("Config").asText();
        assertThat(configName).isEqualTo(written.configDigest().substring(7) + ".json");
        assertThat(written.digest()).isEqualTo(written.configDigest());
        assertThat(written.mediaType()).isEqualTo(ImageFixture.DOCKER_CONFIG);
        assertThat(image.get("RepoTags").get(0).asText()).isEqualTo("team/service:1.0");
        assertThat(sha256(files.get(configName))).isEqualTo(written.configDigest());

        List<String> layerNames = new ArrayList<>();
        image.get("Layers").forEach(layer -> layerNames.add(layer.asText()));
        assertThat(layerNames).hasSize(2);
        List<String> diffIds = new ArrayList<>();
        json(files.get(configName)).get("rootfs").get("diff_ids").forEach(id -> diffIds.add(id.asText()));
        for (int i = 0; i < layerNames.size(); i++) {
            byte[] layer = files.get(layerNames.get(i));
            assertThat(layerNames.get(i)).isEqualTo(sha256(layer).substring(7) + "/layer.tar");
            assertThat(sha256(layer)).isEqualTo(diffIds.get(i)).isEqualTo(written.layerDigests().get(i));
        }
        assertThat(files.get(layerNames.get(0))).hasSize(1024);
        assertThat(files.get(layerNames.get(1))).hasSize(64 * 1024);
        assertThat(json(files.get("repositories")).get("team/service").get("1.0").asText())
                .isEqualTo(layerNames.get(1).replace("/layer.tar", ""));
        assertThat(written.allBlobDigests()).containsExactlyInAnyOrderElementsOf(
                concat(written.layerDigests(), written.configDigest()));
        // Same seed, same uncompressed layers: the image ID matches the OCI config digest.
        assertThat(written.configDigest()).isEqualTo(SMALL.writeOciLayout(tmp.resolve("oci")).configDigest());
    }

    @Test
    void tarLayers_makesEachLayerATarOfOneFile_sameImageInBothFormats() throws Exception {
        ImageFixture fixture = SMALL.tarLayers();
        ImageFixture.Written archive = fixture.writeDockerArchive(tmp.resolve("docker.tar"));
        Map<String, byte[]> files = TarEntries.files(tmp.resolve("docker.tar"));
        for (int i = 0; i < 2; i++) {
            Path layer = Files.write(tmp.resolve("layer" + i + ".tar"), files.get(archive.layerDigests().get(i).substring(7) + "/layer.tar"));
            List<TarEntries.Entry> entries = TarEntries.read(layer);
            assertThat(entries).extracting(TarEntries.Entry::name).containsExactly("layer-" + i + ".bin");
            assertThat(entries.get(0).content()).hasSize(i == 0 ? 1024 : 64 * 1024);
        }
        // The same layers, gzip-wrapped in the layout: the same config, so the same image ID.
        assertThat(fixture.writeOciLayout(tmp.resolve("oci")).configDigest()).isEqualTo(archive.configDigest());
    }

    @Test
    void writeDockerArchive_rejectsSeveralPlatforms() {
        assertThatThrownBy(() -> MULTI.writeDockerArchive(tmp.resolve("docker.tar")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void corruptBlob_keepsSizeButBreaksDigest() throws Exception {
        ImageFixture.Written written = SMALL.writeOciLayout(tmp);
        String layer = written.layerDigests().get(1);
        Path blob = tmp.resolve("blobs/sha256/" + layer.substring(7));
        long size = Files.size(blob);

        ImageFixture.corruptBlob(tmp, layer);

        assertThat(Files.size(blob)).isEqualTo(size);
        assertThat(sha256(Files.readAllBytes(blob))).isNotEqualTo(layer);
    }

    @Test
    void builder_rejectsInvalidSettings() {
        ImageFixture base = ImageFixture.builder();
        assertThatThrownBy(() -> base.layerSizes()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.layerSizes(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.platforms("linux")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.tag("no:colons")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.repository("Upper/Case")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void skopeoInspectRaw_ociLayoutReturnsTheWrittenManifestAndIndex() throws Exception {
        ImageFixture.Written single = SMALL.writeOciLayout(tmp.resolve("single"));
        ImageFixture.Written multi = MULTI.writeOciLayout(tmp.resolve("multi"));

        assertThat(sha256(Skopeo.run("inspect", "--raw", "oci:" + single.path() + ":1.0"))).isEqualTo(single.digest());
        assertThat(sha256(Skopeo.run("inspect", "--raw", "oci:" + multi.path() + ":1.0"))).isEqualTo(multi.digest());
    }

    @Test
    void skopeoInspectRaw_ociArchiveReturnsTheWrittenManifest() throws Exception {
        ImageFixture.Written written = SMALL.writeOciArchive(tmp.resolve("image.tar"));

        byte[] raw = Skopeo.run("inspect", "--raw", "oci-archive:" + written.path() + ":1.0");

        assertThat(sha256(raw)).isEqualTo(written.digest());
    }

    @Test
    void skopeoCopy_acceptsDockerArchiveLayersAgainstItsDiffIds() throws Exception {
        ImageFixture.Written written = SMALL.writeDockerArchive(tmp.resolve("docker.tar"));

        Skopeo.run("--insecure-policy", "copy", "--quiet", "docker-archive:" + written.path(),
                "oci:" + tmp.resolve("copied") + ":copied");

        JsonNode config = json(Skopeo.run("inspect", "--config", "--raw", "oci:" + tmp.resolve("copied") + ":copied"));
        List<String> diffIds = new ArrayList<>();
        config.get("rootfs").get("diff_ids").forEach(id -> diffIds.add(id.asText()));
        assertThat(diffIds).isEqualTo(written.layerDigests());
    }

    private static Map<String, byte[]> blobs(Path layout) throws IOException {
        Map<String, byte[]> blobs = new TreeMap<>();
        try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path file : files.toList()) {
                blobs.put("sha256:" + file.getFileName(), Files.readAllBytes(file));
            }
        }
        return blobs;
    }

    private static List<String> concat(List<String> digests, String more) {
        List<String> all = new ArrayList<>(digests);
        all.add(more);
        return all;
    }

    private static JsonNode json(byte[] bytes) throws IOException {
        return JSON.readTree(bytes);
    }

    private static byte[] gunzip(byte[] gzip) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError("not valid gzip", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
