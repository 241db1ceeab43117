package dev.quayside.engine.taskdef;

import dev.quayside.engine.errors.QuaysideException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a release changes in a task definition: images by container name or by repository, environment
 * variables set or removed per container (values may contain '=' and may be empty on purpose), and
 * the family.
 */
public final class TaskDefinitionOverrides {
    public static final TaskDefinitionOverrides NONE = builder().build();

    private final Map<String, String> imagesByContainer;
    private final Map<String, String> imagesByRepository;
    private final Map<String, Map<String, String>> environmentSet;
    private final Map<String, Set<String>> environmentRemove;
    private final String family;

    private TaskDefinitionOverrides(Builder b) {
        this.imagesByContainer = Map.copyOf(b.imagesByContainer);
        this.imagesByRepository = Map.copyOf(b.imagesByRepository);
        Map<String, Map<String, String>> set = new LinkedHashMap<>();
        b.environmentSet.forEach((c, vars) -> set.put(c, Collections.unmodifiableMap(new LinkedHashMap<>(vars))));
        this.environmentSet = Collections.unmodifiableMap(set);
        Map<String, Set<String>> remove = new LinkedHashMap<>();
        b.environmentRemove.forEach((c, names) -> remove.put(c, Set.copyOf(names)));
        this.environmentRemove = Collections.unmodifiableMap(remove);
        this.family = b.family;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these overrides, to add to. */
    public Builder toBuilder() {
        Builder b = new Builder().images(imagesByContainer).family(family);
        imagesByRepository.forEach(b::imageForRepository);
        environmentSet.forEach((c, vars) -> vars.forEach((k, v) -> b.setEnvironment(c, k, v)));
        environmentRemove.forEach((c, names) -> names.forEach(n -> b.removeEnvironment(c, n)));
        return b;
    }

    /** container name -> image */
    public Map<String, String> imagesByContainer() {
        return imagesByContainer;
    }

    /** repository (an image without tag or digest) -> image, for every container using that repository */
    public Map<String, String> imagesByRepository() {
        return imagesByRepository;
    }

    /** container name -> variables to set, in order */
    public Map<String, Map<String, String>> environmentSet() {
        return environmentSet;
    }

    /** container name -> variables to remove */
    public Map<String, Set<String>> environmentRemove() {
        return environmentRemove;
    }

    public String family() {
        return family;
    }

    public static final class Builder {
        private final Map<String, String> imagesByContainer = new LinkedHashMap<>();
        private final Map<String, String> imagesByRepository = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> environmentSet = new LinkedHashMap<>();
        private final Map<String, Set<String>> environmentRemove = new LinkedHashMap<>();
        private String family;

        public Builder image(String container, String image) {
            imagesByContainer.put(Objects.requireNonNull(container), Objects.requireNonNull(image));
            return this;
        }

        public Builder images(Map<String, String> byContainer) {
            byContainer.forEach(this::image);
            return this;
        }

        public Builder imageForRepository(String repository, String image) {
            imagesByRepository.put(Objects.requireNonNull(repository), Objects.requireNonNull(image));
            return this;
        }

        public Builder setEnvironment(String container, String name, String value) {
            environmentSet.computeIfAbsent(container, c -> new LinkedHashMap<>()).put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        public Builder removeEnvironment(String container, String name) {
            environmentRemove.computeIfAbsent(container, c -> new LinkedHashSet<>()).add(Objects.requireNonNull(name));
            return this;
        }

        /** Parses {@code CONTAINER:NAME=VALUE} (the value may contain '=' and may be empty). */
        public Builder setEnvironment(String spec) {
            int colon = spec.indexOf(':');
            int eq = spec.indexOf('=');
            if (colon <= 0 || eq < colon + 2) {
                throw QuaysideException.invalidInput("environment",
                        "'" + spec + "' is not CONTAINER:NAME=VALUE");
            }
            return setEnvironment(spec.substring(0, colon), spec.substring(colon + 1, eq), spec.substring(eq + 1));
        }

        /** Parses {@code CONTAINER:NAME}. */
        public Builder removeEnvironment(String spec) {
            int colon = spec.indexOf(':');
            if (colon <= 0 || colon == spec.length() - 1) {
                throw QuaysideException.invalidInput("unsetEnvironment", "'" + spec + "' is not CONTAINER:NAME");
            }
            return removeEnvironment(spec.substring(0, colon), spec.substring(colon + 1));
        }

        public Builder family(String family) {
            this.family = family;
            return this;
        }

        public TaskDefinitionOverrides build() {
            return new TaskDefinitionOverrides(this);
        }
    }
}
