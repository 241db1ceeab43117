package dev.quayside.testing.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes container images with random, incompressible layers of chosen sizes, deterministic per seed,
 * as an OCI image layout directory, an OCI archive or a {@code docker save} archive.
 *
 * <p>Immutable: {@link #builder()} returns the defaults (seed 0, one 1 KiB layer, linux/amd64, tag
 * "latest", repository "fixture/app") and every setter returns a modified copy, so a base fixture can
 * be shared. Layer bytes are generated and hashed in 1 MiB chunks while streaming to disk, so memory
 * does not grow with layer size.
 */
public final class ImageFixture {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 1 << 20;
    private static final String CREATED = "2024-01-01T00:00:00Z";
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*");

    private final long seed;
    private final long[] layerSizes;
    private final List<Platform> platforms;
    private final String tag;
    private final String repository;
    private final Map<String, String> labels;
    private final boolean tarLayers;

    private ImageFixture(long seed, long[] layerSizes, List<Platform> platforms, String tag, String repository, Map<String, String> labels,
                         boolean tarLayers) {
        this.seed = seed;
        this.layerSizes = layerSizes;
        this.platforms = platforms;
        this.tag = tag;
        this.repository = repository;
        this.labels = labels;
        this.tarLayers = tarLayers;
    }

    /** The default fixture; see the class comment. */
    public static ImageFixture builder() {
        return new ImageFixture(0, new long[] {1024}, List.of(Platform.parse("linux/amd64")), "latest", "fixture/app", Map.of(), false);
    }

    public ImageFixture seed(long seed) {
        return new ImageFixture(seed, layerSizes, platforms, tag, repository, labels, tarLayers);
    }

    /** Uncompressed size of each layer; OCI layer blobs add a few bytes of gzip framing. */
    public ImageFixture layerSizes(long... bytes) {
        if (bytes.length == 0 || Arrays.stream(bytes).anyMatch(size -> size < 0)) {
            throw new IllegalArgumentException("need at least one layer, sizes >= 0: " + Arrays.toString(bytes));
        }
        return new ImageFixture(seed, bytes.clone(), platforms, tag, repository, labels, tarLayers);
    }

    /** Platforms as "os/architecture[/variant]"; several make an OCI image index. */
    public ImageFixture platforms(String... platforms) {
        if (platforms.length == 0) {
            throw new IllegalArgumentException("need at least one platform");
        }
        return new ImageFixture(seed, layerSizes, Arrays.stream(platforms).map(Platform::parse).toList(), tag,
                repository, labels, tarLayers);
    }

    public ImageFixture tag(String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("invalid tag: " + tag);
        }
        return new ImageFixture(seed, layerSizes, platforms, tag, repository, labels, tarLayers);
    }

    /** A label in the image config's {@code config.Labels}. */
    public ImageFixture label(String key, String value) {
        Map<String, String> more = new TreeMap<>(labels);
        more.put(key, value);
        return new ImageFixture(seed, layerSizes, platforms, tag, repository, Map.copyOf(more), tarLayers);
    }

    /** Repository named in a docker archive's RepoTags. */
    public ImageFixture repository(String repository) {
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("invalid repository: " + repository);
        }
        return new ImageFixture(seed, layerSizes, platforms, tag, repository, labels, tarLayers);
    }

    /**
     * Makes each layer a tar holding one file, {@code layer-N.bin}, of the layer's size of random bytes
     * (plus up to 2 KiB of tar framing), so that a Docker daemon can load the image: {@code docker load}
     * unpacks every layer, which plain random bytes are not.
     */
    public ImageFixture tarLayers() {
        return new ImageFixture(seed, layerSizes, platforms, tag, repository, labels, true);
    }

    /** Writes an OCI image layout into {@code dir} (created if absent), tagged via the ref.name annotation. */
    public Written writeOciLayout(Path dir) {
        try (DirSink sink = new DirSink(dir)) {
            return writeOci(sink, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write OCI layout " + dir, e);
        }
    }

    /** Writes the OCI image layout as an uncompressed ustar archive. */
    public Written writeOciArchive(Path tarFile) {
        try (TarSink sink = new TarSink(tarFile)) {
            Written written = writeOci(sink, tarFile);
            sink.finish();
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write OCI archive " + tarFile, e);
        }
    }

    /**
     * Writes a {@code docker save} archive with uncompressed {@code <id>/layer.tar} layers. A docker
     * archive has no manifest, so {@link Written#digest()} is the config digest (the image ID) and
     * {@link Written#mediaType()} the Docker config type. Single platform only.
     */
    public Written writeDockerArchive(Path tarFile) {
        if (platforms.size() != 1) {
            throw new IllegalStateException("a docker archive holds one platform, not " + platforms);
        }
        try (TarSink sink = new TarSink(tarFile)) {
            Image image = writeImage(sink, 0, false, hex -> hex + "/layer.tar", hex -> hex + ".json");
            ObjectNode entry = JSON.createObjectNode();
            entry.put("Config", hex(image.config.digest) + ".json");
            entry.putArray("RepoTags").add(repository + ":" + tag);
            ArrayNode layers = entry.putArray("Layers");
            image.layers.forEach(layer -> layers.add(hex(layer.digest) + "/layer.tar"));
            sink.file("manifest.json", JSON.writeValueAsBytes(JSON.createArrayNode().add(entry)));
            ObjectNode repositories = JSON.createObjectNode();
            repositories.putObject(repository).put(tag, hex(image.layers.get(image.layers.size() - 1).digest));
            sink.file("repositories", JSON.writeValueAsBytes(repositories));
            sink.finish();
            List<Descriptor> blobs = new ArrayList<>(image.layers);
            blobs.add(image.config);
            return written(tarFile, image.config.digest, DOCKER_CONFIG, 0, image, blobs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write docker archive " + tarFile, e);
        }
    }

    /**
     * Flips one byte in the middle of a blob of an OCI layout, keeping its size, so that its content no
     * longer matches {@code digest}.
     */
    public static void corruptBlob(Path ociLayoutDir, String digest) {
        String[] parts = digest.split(":", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a digest: " + digest);
        }
        Path blob = ociLayoutDir.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
        try (FileChannel channel = FileChannel.open(blob, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size == 0) {
                throw new IllegalArgumentException("cannot corrupt an empty blob: " + blob);
            }
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, size / 2);
            one.put(0, (byte) ~one.get(0)).rewind();
            channel.write(one, size / 2);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot corrupt " + blob, e);
        }
    }

    @Override
    public String toString() {
        return "ImageFixture[seed=" + seed + ", layerSizes=" + Arrays.toString(layerSizes) + ", platforms="
                + platforms + ", " + repository + ":" + tag + "]";
    }

    /**
     * What was written. {@code digest} is the top-level manifest or index digest (docker archive: the
     * config digest). {@code configDigest} and {@code layerDigests} (blob digests as stored) describe the
     * first platform; {@code allBlobDigests} lists every distinct blob except the top-level manifest or
     * index (for a docker archive: config and layers); {@code totalBytes} sums the sizes of all distinct
     * blobs including the top-level one, i.e. what a push transfers.
     */
    public record Written(Path path, String digest, String mediaType, String configDigest,
                          List<String> layerDigests, List<String> allBlobDigests, long totalBytes) {
        public Written {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(configDigest, "configDigest");
            layerDigests = List.copyOf(layerDigests);
            allBlobDigests = List.copyOf(allBlobDigests);
        }
    }

    private Written writeOci(Sink sink, Path path) throws IOException {
        sink.directory("blobs/");
        sink.directory("blobs/sha256/");
        sink.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < platforms.size(); i++) {
            images.add(writeImage(sink, i, true, ImageFixture::ociBlobPath, ImageFixture::ociBlobPath));
        }
        Descriptor top;
        if (images.size() == 1) {
            top = images.get(0).manifest;
        } else {
            ObjectNode index = JSON.createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", OCI_INDEX);
            ArrayNode manifests = index.putArray("manifests");
            for (int i = 0; i < images.size(); i++) {
                ObjectNode entry = images.get(i).manifest.toJson();
                entry.set("platform", platforms.get(i).toJson());
                manifests.add(entry);
            }
            top = writeJsonBlob(sink, OCI_INDEX, index);
        }
        ObjectNode layoutIndex = JSON.createObjectNode();
        layoutIndex.put("schemaVersion", 2);
        layoutIndex.put("mediaType", OCI_INDEX);
        ObjectNode entry = top.toJson();
        entry.putObject("annotations").put(REF_NAME_ANNOTATION, tag);
        layoutIndex.putArray("manifests").add(entry);
        sink.file("index.json", JSON.writeValueAsBytes(layoutIndex));
        List<Descriptor> blobs = new ArrayList<>();
        for (Image image : images) {
            blobs.addAll(image.layers);
            blobs.add(image.config);
            if (image.manifest != top) {
                blobs.add(image.manifest);
            }
        }
        return written(path, top.digest, top.mediaType, top.size, images.get(0), blobs);
    }

    /**
     * Summarises what was written. {@code blobs} excludes the top-level blob, whose size is {@code topSize}
     * (0 if there is none), and may repeat a digest (e.g. two empty layers).
     */
    private static Written written(Path path, String digest, String mediaType, long topSize, Image first,
                                   List<Descriptor> blobs) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        blobs.forEach(blob -> sizes.put(blob.digest, blob.size));
        long total = topSize + sizes.values().stream().mapToLong(Long::longValue).sum();
        return new Written(path, digest, mediaType, first.config.digest, first.layerDigests(),
                List.copyOf(sizes.keySet()), total);
    }

    /** Writes the layers, config and (OCI) manifest of one platform. */
    private Image writeImage(Sink sink, int platformIndex, boolean gzip, BlobNamer layerPath, BlobNamer configPath)
            throws IOException {
        Platform platform = platforms.get(platformIndex);
        List<Descriptor> layers = new ArrayList<>();
        ArrayNode diffIds = JSON.createArrayNode();
        for (int i = 0; i < layerSizes.length; i++) {
            LayerBody body = new LayerBody(layerSeed(platformIndex, i), layerSizes[i], gzip, tarLayers ? "layer-" + i + ".bin" : null, layerPath);
            sink.streamed(body);
            layers.add(new Descriptor(gzip ? OCI_LAYER_GZIP : OCI_LAYER, body.blobDigest, body.blobSize));
            diffIds.add(body.diffId);
        }
        ObjectNode config = platform.toJson();
        config.put("created", CREATED);
        ObjectNode runtime = config.putObject("config");
        if (!labels.isEmpty()) {
            ObjectNode l = runtime.putObject("Labels");
            new TreeMap<>(labels).forEach(l::put);
        }
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.set("diff_ids", diffIds);
        byte[] configBytes = JSON.writeValueAsBytes(config);
        Descriptor configDescriptor = new Descriptor(OCI_CONFIG, sha256(configBytes), configBytes.length);
        sink.file(configPath.name(hex(configDescriptor.digest)), configBytes);

        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OCI_MANIFEST);
        manifest.set("config", configDescriptor.toJson());
        ArrayNode layerArray = manifest.putArray("layers");
        layers.forEach(layer -> layerArray.add(layer.toJson()));
        // A docker archive has no manifest blob.
        Descriptor manifestDescriptor = gzip ? writeJsonBlob(sink, OCI_MANIFEST, manifest) : null;
        return new Image(manifestDescriptor, configDescriptor, List.copyOf(layers));
    }

    // Mixed rather than added: SplittableRandom seeds a gamma apart would give shifted copies of one stream.
    private long layerSeed(int platformIndex, int layerIndex) {
        return mix64(mix64(seed + 0x9E3779B97F4A7C15L * (platformIndex + 1)) + 0xC2B2AE3D27D4EB4FL * (layerIndex + 1));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    private static Descriptor writeJsonBlob(Sink sink, String mediaType, ObjectNode json) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(json);
        Descriptor descriptor = new Descriptor(mediaType, sha256(bytes), bytes.length);
        sink.file(ociBlobPath(hex(descriptor.digest)), bytes);
        return descriptor;
    }

    private static String ociBlobPath(String hex) {
        return "blobs/sha256/" + hex;
    }

    private static String hex(String digest) {
        return digest.substring("sha256:".length());
    }

    private static String sha256(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    private record Platform(String os, String architecture, String variant) {
        static Platform parse(String text) {
            String[] parts = text.split("/");
            if (parts.length < 2 || parts.length > 3 || Arrays.stream(parts).anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("platform must be os/architecture[/variant]: " + text);
            }
            return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
        }

        ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("architecture", architecture);
            node.put("os", os);
            if (variant != null) {
                node.put("variant", variant);
            }
            return node;
        }

        @Override
        public String toString() {
            return os + "/" + architecture + (variant == null ? "" : "/" + variant);
        }
    }

    private record Descriptor(String mediaType, String digest, long size) {
        ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("mediaType", mediaType);
            node.put("digest", digest);
            node.put("size", size);
            return node;
        }
    }

    private record Image(Descriptor manifest, Descriptor config, List<Descriptor> layers) {
        List<String> layerDigests() {
            return layers.stream().map(Descriptor::digest).toList();
        }

    }

    @FunctionalInterface
    private interface BlobNamer {
        String name(String hex);
    }

    /** Content whose entry name depends on the bytes written, e.g. on their digest. */
    @FunctionalInterface
    private interface Body {
        /** Writes the content, without closing {@code out}, and returns the entry name. */
        String writeTo(OutputStream out) throws IOException;
    }

    /** Random layer bytes, optionally as one file in a tar, optionally as a stored (uncompressed) gzip stream. */
    private static final class LayerBody implements Body {
        private final long seed;
        private final long size;
        private final boolean gzip;
        private final String tarEntry;
        private final BlobNamer namer;
        private String blobDigest;
        private String diffId;
        private long blobSize;

        LayerBody(long seed, long size, boolean gzip, String tarEntry, BlobNamer namer) {
            this.seed = seed;
            this.size = size;
            this.gzip = gzip;
            this.tarEntry = tarEntry;
            this.namer = namer;
        }

        @Override
        public String writeTo(OutputStream out) throws IOException {
            HashingOutputStream blob = new HashingOutputStream(out);
            String uncompressed = null;
            if (gzip) {
                try (StoredGzipOutputStream compressed = new StoredGzipOutputStream(blob)) {
                    HashingOutputStream raw = new HashingOutputStream(compressed);
                    writeContent(raw);
                    uncompressed = raw.digest();
                }
            } else {
                writeContent(blob);
            }
            blobDigest = blob.digest();
            blobSize = blob.count;
            diffId = gzip ? uncompressed : blobDigest;
            return namer.name(hex(blobDigest));
        }

        private void writeContent(OutputStream out) throws IOException {
            if (tarEntry == null) {
                writeRandom(out);
                return;
            }
            out.write(TarSink.header(tarEntry, size, '0'));
            writeRandom(out);
            out.write(new byte[(int) ((TarSink.BLOCK - size % TarSink.BLOCK) % TarSink.BLOCK) + 2 * TarSink.BLOCK]);
        }

        private void writeRandom(OutputStream out) throws IOException {
            SplittableRandom random = new SplittableRandom(seed);
            byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(8, size + 7 & ~7L))];
            ByteBuffer longs = ByteBuffer.wrap(chunk);
            for (long remaining = size; remaining > 0; ) {
                int length = (int) Math.min(chunk.length, remaining);
                longs.clear();
                for (int i = 0; i < length; i += Long.BYTES) {
                    longs.putLong(random.nextLong());
                }
                out.write(chunk, 0, length);
                remaining -= length;
            }
        }
    }

    /** Gzip with stored deflate blocks: random data does not compress, so don't spend CPU trying. */
    private static final class StoredGzipOutputStream extends GZIPOutputStream {
        StoredGzipOutputStream(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.NO_COMPRESSION);
        }
    }

    /** Counts and SHA-256-hashes what passes through; close() does not close the target. */
    private static final class HashingOutputStream extends FilterOutputStream {
        private final MessageDigest sha = newSha256();
        private long count;

        HashingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            sha.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            sha.update(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        String digest() {
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        }
    }

    /** Where entries go: a directory tree or a tar archive. */
    private interface Sink extends Closeable {
        void directory(String name) throws IOException;

        void file(String name, byte[] content) throws IOException;

        void streamed(Body body) throws IOException;
    }

    private static final class DirSink implements Sink {
        private final Path root;

        DirSink(Path root) throws IOException {
            this.root = Files.createDirectories(root);
        }

        @Override
        public void directory(String name) throws IOException {
            Files.createDirectories(root.resolve(name));
        }

        @Override
        public void file(String name, byte[] content) throws IOException {
            Files.write(root.resolve(name), content);
        }

        @Override
        public void streamed(Body body) throws IOException {
            // Not Files.createTempFile: its 0600 mode would make blobs unreadable to other users' tools.
            Path temp = root.resolve(".partial-" + UUID.randomUUID());
            try {
                String name;
                try (OutputStream out = new BufferedOutputStream(
                        Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                    name = body.writeTo(out);
                }
                Files.move(temp, root.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        }

        @Override
        public void close() {
        }
    }

    /**
     * Minimal ustar writer. Streamed entries get a placeholder header that is patched once the content,
     * and so its name and size, are known; the archive is therefore written in one pass.
     */
    private static final class TarSink implements Sink {
        private static final int BLOCK = 512;
        private static final long MAX_SIZE = 077777777777L;
        private final FileChannel channel;

        TarSink(Path file) throws IOException {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        }

        @Override
        public void directory(String name) throws IOException {
            append(header(name, 0, '5'));
        }

        @Override
        public void file(String name, byte[] content) throws IOException {
            append(header(name, content.length, '0'));
            append(content);
            pad(content.length);
        }

        @Override
        public void streamed(Body body) throws IOException {
            long headerAt = channel.position();
            channel.position(headerAt + BLOCK);
            // Not closed: closing a Channels stream would close the channel.
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            String name = body.writeTo(out);
            out.flush();
            long size = channel.position() - headerAt - BLOCK;
            pad(size);
            ByteBuffer header = ByteBuffer.wrap(header(name, size, '0'));
            while (header.hasRemaining()) {
                channel.write(header, headerAt + header.position());
            }
        }

        /** Writes the end-of-archive marker: two zero blocks. */
        void finish() throws IOException {
            append(new byte[2 * BLOCK]);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }

        private void pad(long size) throws IOException {
            int padding = (int) ((BLOCK - size % BLOCK) % BLOCK);
            append(new byte[padding]);
        }

        private void append(byte[] bytes) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        private static byte[] header(String name, long size, char type) {
            byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
            if (nameBytes.length > 100) {
                throw new IllegalArgumentException("tar entry name longer than 100 bytes: " + name);
            }
            if (size > MAX_SIZE) {
                throw new IllegalArgumentException("tar entry larger than 8 GiB: " + name);
            }
            byte[] header = new byte[BLOCK];
            System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
            octal(header, 100, 8, type == '5' ? 0755 : 0644);
            octal(header, 108, 8, 0);
            octal(header, 116, 8, 0);
            octal(header, 124, 12, size);
            octal(header, 136, 12, 0);
            Arrays.fill(header, 148, 156, (byte) ' ');
            header[156] = (byte) type;
            System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
            header[263] = '0';
            header[264] = '0';
            long checksum = 0;
            for (byte b : header) {
                checksum += b & 0xFF;
            }
            octal(header, 148, 7, checksum);
            return header;
        }

        /** Zero-padded octal digits followed by NUL, filling {@code width} bytes. */
        private static void octal(byte[] header, int offset, int width, long value) {
            String digits = String.format("%0" + (width - 1) + "o", value);
            System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, header, offset, width - 1);
            header[offset + width - 1] = 0;
        }
    }
}
