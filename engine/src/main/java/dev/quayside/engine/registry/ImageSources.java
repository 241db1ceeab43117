package dev.quayside.engine.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quayside.engine.errors.QuaysideException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Opens image files for a daemonless push: OCI layout directories, OCI archives and {@code docker save}
 * archives. Everything is checked before anything is sent: the layout's structure, each manifest's
 * digest, and that every blob is present with its declared size. Layer contents are verified by the
 * registry when each upload is committed, before the manifest is pushed.
 */
public final class ImageSources {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final int MAX_DOCUMENT = 4 * 1024 * 1024;
    /** An image index over platform manifests is one level; attestations or nested indexes add one or two. */
    static final int MAX_INDEX_DEPTH = 4;
    static final int MAX_MANIFESTS = 1000;
    /** RFC 6838 type/subtype (with +suffix and parameters left out): no spaces, no control characters. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageSources() {
    }

    public static LoadedImage open(ImageSourceSpec spec) {
        Path path = Path.of(spec.location());
        String field = "source";
        try {
            switch (spec.transport()) {
                case OCI:
                    if (!Files.isDirectory(path)) {
                        throw QuaysideException.invalidInput(field, notFound(path, "directory") + " (" + spec + ")");
                    }
                    return readOci(spec.toString(), path.toString(), name -> layoutFile(path, name), spec.reference().orElse(null));
                case OCI_ARCHIVE: {
                    TarIndex tar = openTar(field, path, spec);
                    return readOci(spec.toString(), path.toString(), tar::entry, spec.reference().orElse(null));
                }
                case DOCKER_ARCHIVE: {
                    TarIndex tar = openTar(field, path, spec);
                    if (tar.entry("oci-layout").isPresent() && tar.entry("index.json").isPresent()) {
                        // docker save from Docker 25+ is also an OCI layout: push its manifest byte for byte.
                        return readOci(spec.toString(), path.toString(), tar::entry, dockerTag(spec.reference().orElse(null)));
                    }
                    return readDockerArchive(spec.toString(), tar, spec.reference().orElse(null));
                }
                default:
                    throw new IllegalArgumentException(spec.transport() + " is not a file source");
            }
        } catch (IOException e) {
            throw QuaysideException.invalidInput(field, "cannot read " + spec + ": " + e.getMessage());
        }
    }

    private static String dockerTag(String reference) {
        if (reference == null) {
            return null;
        }
        int colon = reference.lastIndexOf(':');
        return colon > reference.lastIndexOf('/') ? reference.substring(colon + 1) : reference;
    }

    private static String notFound(Path path, String what) {
        return Files.exists(path) ? path + " is not a " + what : path + " does not exist";
    }

    private static TarIndex openTar(String field, Path path, ImageSourceSpec spec) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw QuaysideException.invalidInput(field, notFound(path, "file") + " (" + spec + ")");
        }
        if (!Files.isReadable(path)) {
            throw QuaysideException.invalidInput(field, path + " is not readable");
        }
        try {
            return TarIndex.read(path);
        } catch (IOException e) {
            throw QuaysideException.invalidInput(field, path + " is not a readable tar archive: " + e.getMessage());
        }
    }

    /** A file of the layout; a symbolic link may point inside the layout only (never at other files of the machine). */
    private static Optional<BlobContent> layoutFile(Path dir, String name) {
        Path file = dir.resolve(name);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            Path real = file.toRealPath();
            if (!real.startsWith(dir.toRealPath())) {
                throw QuaysideException.invalidInput("source", name + " in the OCI layout " + dir + " is a link to " + real
                        + ", outside the layout; copy the file into the layout instead");
            }
            return Optional.of(BlobContent.ofFile(real, 0, Files.size(real)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static LoadedImage readOci(String description, String where, Function<String, Optional<BlobContent>> files, String tag) throws IOException {
        if (files.apply("oci-layout").isEmpty()) {
            throw QuaysideException.invalidInput("source", where + " is not an OCI image layout: it has no oci-layout file");
        }
        BlobContent indexFile = files.apply("index.json").orElseThrow(() ->
                QuaysideException.invalidInput("source", where + " is not an OCI image layout: it has no index.json"));
        JsonNode index = parse(where + "/index.json", indexFile.readAll(MAX_DOCUMENT));
        JsonNode manifests = index.path("manifests");
        List<JsonNode> candidates = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode m : manifests) {
            String name = m.path("annotations").path(REF_NAME).asText(null);
            if (name != null) {
                names.add(name);
            }
            if (tag == null || tag.equals(name)) {
                candidates.add(m);
            }
        }
        if (candidates.isEmpty()) {
            throw QuaysideException.invalidInput("source", tag == null
                    ? where + " holds no image (index.json lists no manifests)"
                    : where + " has no image tagged '" + tag + "' (it has: " + (names.isEmpty() ? "no tagged images" : String.join(", ", names)) + ")");
        }
        if (candidates.size() > 1) {
            throw QuaysideException.invalidInput("source", where + " holds " + candidates.size() + " images; name one with :TAG (it has: " + String.join(", ", names) + ")");
        }
        Descriptor rootDescriptor = descriptor(where + "/index.json", candidates.get(0), null);
        Reader reader = new Reader(where, files);
        LoadedImage.Manifest root = reader.manifest(rootDescriptor, "the image");
        reader.walk(root, null, 0);
        return new LoadedImage(description, root, reader.children, new ArrayList<>(reader.blobs.values()), reader.content);
    }

    /** Collects and checks everything a manifest or index references. */
    private static final class Reader {
        private final String where;
        private final Function<String, Optional<BlobContent>> files;
        private final List<LoadedImage.Manifest> children = new ArrayList<>();
        private final Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
        private final Map<Digest, BlobContent> content = new LinkedHashMap<>();
        /** Each manifest is read and pushed once, however often (and however deep) indexes reference it. */
        private final Set<Digest> walked = new HashSet<>();

        Reader(String where, Function<String, Optional<BlobContent>> files) {
            this.where = where;
            this.files = files;
        }

        BlobContent blobFile(Descriptor d, String role) {
            BlobContent c = files.apply("blobs/sha256/" + d.digest().hex()).orElseThrow(() -> QuaysideException.invalidInput("source",
                    "blob " + d.digest() + " (" + role + ") is missing from " + where));
            if (c.size() != d.size()) {
                throw QuaysideException.invalidInput("source", "blob " + d.digest() + " (" + role + ") in " + where + " is " + c.size()
                        + " bytes but its manifest says " + d.size() + "; the image is corrupt or was copied incompletely");
            }
            return c;
        }

        LoadedImage.Manifest manifest(Descriptor d, String role) throws IOException {
            if (!MediaTypes.isManifest(d.mediaType()) && !MediaTypes.isIndex(d.mediaType())) {
                throw QuaysideException.invalidInput("source", d.digest() + " (" + role + ") in " + where + " has the media type " + d.mediaType()
                        + ", which is neither an image manifest nor an index (OCI or Docker v2); a registry would refuse it");
            }
            byte[] bytes = blobFile(d, role).readAll(MAX_DOCUMENT);
            Digest actual = Digest.sha256(bytes);
            if (!actual.equals(d.digest())) {
                throw QuaysideException.invalidInput("source", "blob " + d.digest() + " (" + role + ") in " + where
                        + " does not match its digest (its content hashes to " + actual + "); the image is corrupt");
            }
            return new LoadedImage.Manifest(d, bytes);
        }

        void walk(LoadedImage.Manifest m, String platform, int depth) throws IOException {
            walked.add(m.descriptor().digest());
            JsonNode doc = parse(where + " manifest " + m.descriptor().digest(), m.bytes());
            String label = platform == null ? "" : " of " + platform;
            if (MediaTypes.isIndex(m.descriptor().mediaType()) || doc.has("manifests")) {
                if (depth >= MAX_INDEX_DEPTH) {
                    throw QuaysideException.invalidInput("source", "index " + m.descriptor().digest() + " in " + where + " nests indexes more than "
                            + MAX_INDEX_DEPTH + " deep; real images have one index over their platform manifests");
                }
                for (JsonNode child : doc.path("manifests")) {
                    Descriptor cd = descriptor(where + " index " + m.descriptor().digest(), child, platformOf(child));
                    if (!walked.add(cd.digest())) {
                        continue;
                    }
                    if (walked.size() > MAX_MANIFESTS) {
                        throw QuaysideException.invalidInput("source", where + " references more than " + MAX_MANIFESTS + " distinct manifests");
                    }
                    LoadedImage.Manifest cm = manifest(cd, "manifest for " + (cd.platform() == null ? "a child image" : cd.platform()));
                    walk(cm, cd.platform(), depth + 1);
                    children.add(cm);
                }
                return;
            }
            JsonNode config = doc.path("config");
            if (config.isMissingNode()) {
                throw QuaysideException.invalidInput("source", "manifest " + m.descriptor().digest() + " in " + where + " has no config");
            }
            addBlob(descriptor(where, config, null), "config" + label);
            int i = 1;
            JsonNode layers = doc.path("layers");
            for (JsonNode layer : layers) {
                addBlob(descriptor(where, layer, null), "layer " + i++ + " of " + layers.size() + label);
            }
        }

        private void addBlob(Descriptor d, String role) {
            if (!blobs.containsKey(d.digest())) {
                content.put(d.digest(), blobFile(d, role));
                blobs.put(d.digest(), d);
            }
        }
    }

    private static String platformOf(JsonNode child) {
        JsonNode p = child.path("platform");
        if (p.isMissingNode()) {
            return null;
        }
        String s = p.path("os").asText("?") + "/" + p.path("architecture").asText("?");
        return p.hasNonNull("variant") ? s + "/" + p.get("variant").asText() : s;
    }

    private static Descriptor descriptor(String where, JsonNode node, String platform) {
        String digest = node.path("digest").asText(null);
        JsonNode size = node.path("size");
        if (!Digest.isValid(digest) || !size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw QuaysideException.invalidInput("source", where + " has a descriptor without a valid sha256 digest and a whole, non-negative size: "
                    + abbreviate(node.toString()));
        }
        String mediaType = node.path("mediaType").asText(MediaTypes.OCI_MANIFEST);
        if (!MEDIA_TYPE.matcher(mediaType).matches()) {
            throw QuaysideException.invalidInput("source", where + " has a descriptor whose media type is not type/subtype: " + abbreviate(node.toString()));
        }
        return Descriptor.of(mediaType, Digest.of(digest), node.get("size").asLong(), platform);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static JsonNode parse(String what, byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw QuaysideException.invalidInput("source", what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw QuaysideException.invalidInput("source", what + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Classic {@code docker save} archives carry no manifest; we build an OCI manifest whose layers are the
     * archive's layer files as they are (hashed here), so the pushed digest is ours and stable.
     */
    private static LoadedImage readDockerArchive(String description, TarIndex tar, String reference) throws IOException {
        String where = tar.archive().toString();
        BlobContent manifestFile = tar.entry("manifest.json").orElseThrow(() -> QuaysideException.invalidInput("source",
                where + " is not a docker save archive: it has no manifest.json"));
        JsonNode entries = parse(where + "/manifest.json", manifestFile.readAll(MAX_DOCUMENT));
        if (!entries.isArray()) {
            throw QuaysideException.invalidInput("source", where + " is not a docker save archive: its manifest.json is a JSON "
                    + entries.getNodeType().toString().toLowerCase(Locale.ROOT) + ", not a list of images");
        }
        JsonNode chosen = null;
        List<String> names = new ArrayList<>();
        for (JsonNode e : entries) {
            for (JsonNode t : e.path("RepoTags")) {
                names.add(t.asText());
                if (t.asText().equals(reference)) {
                    chosen = e;
                }
            }
        }
        if (reference == null) {
            if (entries.size() != 1) {
                throw QuaysideException.invalidInput("source", where + " holds " + entries.size() + " images; name one with :NAME:TAG (it has: " + String.join(", ", names) + ")");
            }
            chosen = entries.get(0);
        } else if (chosen == null) {
            throw QuaysideException.invalidInput("source", where + " has no image named '" + reference + "' (it has: " + String.join(", ", names) + ")");
        }
        JsonNode layerNames = chosen.path("Layers");
        if (!chosen.path("Config").isTextual() || !layerNames.isArray() || layerNames.isEmpty()) {
            throw QuaysideException.invalidInput("source", where + "/manifest.json must give each image a \"Config\" file name and a non-empty "
                    + "\"Layers\" list of file names; this one has " + abbreviate(chosen.toString()));
        }
        for (JsonNode layerName : layerNames) {
            if (!layerName.isTextual()) {
                throw QuaysideException.invalidInput("source", where + "/manifest.json names a layer that is not a file name: " + abbreviate(layerName.toString()));
            }
        }
        String configName = chosen.path("Config").asText();
        BlobContent configFile = tar.entry(configName).orElseThrow(() -> QuaysideException.invalidInput("source",
                where + " lacks the image config " + configName + " named in manifest.json"));
        byte[] configBytes = configFile.readAll(MAX_DOCUMENT);
        JsonNode diffIds = parse(where + "/" + configName, configBytes).path("rootfs").path("diff_ids");
        if (diffIds.isArray() && diffIds.size() != layerNames.size()) {
            throw QuaysideException.invalidInput("source", where + "/manifest.json lists " + layerNames.size() + " layers but the image config "
                    + configName + " has " + diffIds.size() + " (rootfs.diff_ids); the archive is inconsistent: save the image again");
        }
        Map<Digest, BlobContent> content = new LinkedHashMap<>();
        List<Descriptor> blobs = new ArrayList<>();
        Descriptor config = Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(configBytes), configBytes.length);
        content.put(config.digest(), configFile);
        blobs.add(config);

        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.set("config", descriptorJson(config));
        ArrayNode layers = manifest.putArray("layers");
        for (JsonNode layerName : layerNames) {
            BlobContent layerFile = tar.entry(layerName.asText()).orElseThrow(() -> QuaysideException.invalidInput("source",
                    where + " lacks the layer " + layerName.asText() + " named in manifest.json"));
            Descriptor layer = hashLayer(layerFile);
            layers.add(descriptorJson(layer));
            if (!content.containsKey(layer.digest())) {
                content.put(layer.digest(), layerFile);
                blobs.add(layer);
            }
        }
        byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
        Descriptor root = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(manifestBytes), manifestBytes.length);
        return new LoadedImage(description, new LoadedImage.Manifest(root, manifestBytes), List.of(), blobs, content);
    }

    private static ObjectNode descriptorJson(Descriptor d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("mediaType", d.mediaType());
        n.put("digest", d.digest().toString());
        n.put("size", d.size());
        return n;
    }

    private static Descriptor hashLayer(BlobContent layer) throws IOException {
        MessageDigest sha = Digest.newSha256();
        byte[] buffer = new byte[1 << 16];
        boolean gzip = false;
        long total = 0;
        try (InputStream in = layer.open()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (total == 0 && n >= 2) {
                    gzip = (buffer[0] & 0xff) == 0x1f && (buffer[1] & 0xff) == 0x8b;
                }
                sha.update(buffer, 0, n);
                total += n;
            }
        }
        return Descriptor.of(gzip ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER, Digest.fromHex(sha.digest()), total);
    }
}
