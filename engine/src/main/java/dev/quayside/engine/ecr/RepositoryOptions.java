package dev.quayside.engine.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quayside.engine.errors.QuaysideException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What a push may do to the ECR repository first: create it when missing (scan on push, AES256 or KMS
 * encryption, tag mutability) and apply a lifecycle policy. Checked when built, before any AWS call.
 */
public final class RepositoryOptions {
    public static final RepositoryOptions NONE = builder().build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean createIfMissing;
    private final boolean scanOnPush;
    private final String encryption;
    private final String kmsKey;
    private final String tagMutability;
    private final String lifecyclePolicyText;
    private final Path lifecyclePolicyFile;

    private RepositoryOptions(Builder b) {
        this.createIfMissing = b.createIfMissing;
        this.scanOnPush = b.scanOnPush;
        this.encryption = b.encryption == null ? "AES256" : b.encryption.toUpperCase(Locale.ROOT);
        if (!encryption.equals("AES256") && !encryption.equals("KMS")) {
            throw QuaysideException.invalidInput("encryption", "'" + b.encryption + "' is not AES256 or KMS");
        }
        if (b.kmsKey != null && !encryption.equals("KMS")) {
            throw QuaysideException.invalidInput("kmsKey", "a KMS key needs encryption KMS");
        }
        this.kmsKey = b.kmsKey;
        this.tagMutability = b.tagMutability == null ? "MUTABLE" : b.tagMutability.toUpperCase(Locale.ROOT);
        if (!tagMutability.equals("MUTABLE") && !tagMutability.equals("IMMUTABLE")) {
            throw QuaysideException.invalidInput("tagMutability", "'" + b.tagMutability + "' is not MUTABLE or IMMUTABLE");
        }
        this.lifecyclePolicyFile = b.lifecyclePolicyFile;
        this.lifecyclePolicyText = b.lifecyclePolicyFile == null ? null : readPolicy(b.lifecyclePolicyFile);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static String readPolicy(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw QuaysideException.invalidInput("lifecyclePolicy", "cannot read " + file + ": " + e.getMessage());
        }
        JsonNode policy;
        try {
            policy = JSON.readTree(text);
        } catch (IOException e) {
            throw QuaysideException.invalidInput("lifecyclePolicy", file + " is not valid JSON: " + e.getMessage());
        }
        JsonNode rules = policy == null ? null : policy.get("rules");
        if (rules == null || !rules.isArray() || rules.isEmpty()) {
            throw QuaysideException.invalidInput("lifecyclePolicy", file + " has no \"rules\" array; see the ECR lifecycle policy format");
        }
        for (int i = 0; i < rules.size(); i++) {
            JsonNode rule = rules.get(i);
            String at = "lifecyclePolicy.rules[" + i + "]";
            if (!rule.path("rulePriority").isInt()) {
                throw QuaysideException.invalidInput(at + ".rulePriority", "must be an integer");
            }
            if (!rule.path("selection").isObject()) {
                throw QuaysideException.invalidInput(at + ".selection", "is required");
            }
            if (!"expire".equals(rule.path("action").path("type").asText())) {
                throw QuaysideException.invalidInput(at + ".action.type", "must be \"expire\"");
            }
        }
        return text;
    }

    public boolean createIfMissing() {
        return createIfMissing;
    }

    public boolean scanOnPush() {
        return scanOnPush;
    }

    public String encryption() {
        return encryption;
    }

    public Optional<String> kmsKey() {
        return Optional.ofNullable(kmsKey);
    }

    public String tagMutability() {
        return tagMutability;
    }

    public Optional<String> lifecyclePolicyText() {
        return Optional.ofNullable(lifecyclePolicyText);
    }

    public Optional<Path> lifecyclePolicyFile() {
        return Optional.ofNullable(lifecyclePolicyFile);
    }

    public static final class Builder {
        private boolean createIfMissing;
        private boolean scanOnPush = true;
        private String encryption;
        private String kmsKey;
        private String tagMutability;
        private Path lifecyclePolicyFile;

        public Builder createIfMissing(boolean value) {
            this.createIfMissing = value;
            return this;
        }

        public Builder scanOnPush(boolean value) {
            this.scanOnPush = value;
            return this;
        }

        /** AES256 (default) or KMS. */
        public Builder encryption(String value) {
            this.encryption = value;
            return this;
        }

        public Builder kmsKey(String value) {
            this.kmsKey = value;
            return this;
        }

        /** MUTABLE (default) or IMMUTABLE. */
        public Builder tagMutability(String value) {
            this.tagMutability = value;
            return this;
        }

        public Builder lifecyclePolicy(Path file) {
            this.lifecyclePolicyFile = file;
            return this;
        }

        public RepositoryOptions build() {
            return new RepositoryOptions(this);
        }
    }
}
