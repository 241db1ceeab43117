package dev.quayside.engine.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quayside.engine.errors.QuaysideException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * YAML to a JSON tree, through SnakeYAML's composer: anchors and aliases mean what they point at
 * (scalars, mappings and sequences alike), merge keys ({@code <<: *defaults}) are applied, and the
 * expansion is bounded (SnakeYAML's limit on aliases of collections, and {@link #MAX_VALUES} values in
 * all), so a "billion laughs" document is refused, never expanded. Plain scalars are typed by YAML
 * 1.2's core schema, as Jackson's YAML reader types them ({@code yes} stays a string); quoted ones are
 * strings.
 */
public final class YamlTree {
    /** Values a task definition document may expand to; real ones have a few hundred. */
    public static final int MAX_VALUES = 100_000;
    private static final int MAX_DEPTH = 64;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern TRUE = Pattern.compile("true|True|TRUE");
    private static final Pattern FALSE = Pattern.compile("false|False|FALSE");
    private static final Pattern INT = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

    private final String source;
    private final Map<Node, Boolean> path = new IdentityHashMap<>();
    private int values;

    private YamlTree(String source) {
        this.source = source;
    }

    /** The document's tree, or null for an empty document. */
    public static JsonNode read(String source, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowRecursiveKeys(false);
        // Composing aliases is cheap (nodes are shared); what they expand to is bounded by MAX_VALUES, with a clearer message.
        options.setMaxAliasesForCollections(1000);
        options.setNestingDepthLimit(MAX_DEPTH);
        Node root;
        try {
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw QuaysideException.invalidInput(source, "is not valid YAML" + (line > 0 ? " at line " + line : "") + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw QuaysideException.invalidInput(source, "is not valid YAML: " + e.getMessage());
        }
        return root == null ? null : new YamlTree(source).convert(root, 0);
    }

    private JsonNode convert(Node node, int depth) {
        if (++values > MAX_VALUES) {
            throw QuaysideException.invalidInput(source, "expands to more than " + MAX_VALUES + " values through its aliases (line "
                    + line(node) + "); a task definition is far smaller: check for aliases of aliases");
        }
        if (depth > MAX_DEPTH || path.put(node, Boolean.TRUE) != null) {
            throw QuaysideException.invalidInput(source, "refers to itself through an alias at line " + line(node));
        }
        try {
            if (node instanceof ScalarNode) {
                return scalar((ScalarNode) node);
            }
            if (node instanceof SequenceNode) {
                ArrayNode array = NODES.arrayNode();
                ((SequenceNode) node).getValue().forEach(item -> array.add(convert(item, depth + 1)));
                return array;
            }
            return mapping((MappingNode) node, depth);
        } finally {
            path.remove(node);
        }
    }

    private ObjectNode mapping(MappingNode node, int depth) {
        ObjectNode object = NODES.objectNode();
        ObjectNode merged = NODES.objectNode();
        for (NodeTuple tuple : node.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode)) {
                throw QuaysideException.invalidInput(source, "has a key that is not a plain name at line " + line(key));
            }
            JsonNode value = convert(tuple.getValueNode(), depth + 1);
            String name = ((ScalarNode) key).getValue();
            if (key.getTag().equals(Tag.MERGE) || name.equals("<<") && ((ScalarNode) key).getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
                merge(merged, value, key);
            } else {
                object.set(name, value);
            }
        }
        // Keys of the mapping itself win over merged ones (YAML merge key semantics).
        for (Map.Entry<String, JsonNode> e : merged.properties()) {
            if (!object.has(e.getKey())) {
                object.set(e.getKey(), e.getValue());
            }
        }
        return object;
    }

    private void merge(ObjectNode into, JsonNode value, Node key) {
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                if (!into.has(e.getKey())) {
                    into.set(e.getKey(), e.getValue());
                }
            }
            return;
        }
        boolean mappings = value.isArray() && value.size() > 0;
        for (JsonNode item : value) {
            mappings &= item.isObject();
        }
        if (!mappings) {
            throw QuaysideException.invalidInput(source, "the merge key << at line " + line(key) + " must name a mapping or a list of mappings");
        }
        value.forEach(item -> merge(into, item, key));
    }

    private static JsonNode scalar(ScalarNode node) {
        String text = node.getValue();
        if (node.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
            return NODES.textNode(text);
        }
        if (NULL.matcher(text).matches()) {
            return NODES.nullNode();
        }
        if (TRUE.matcher(text).matches() || FALSE.matcher(text).matches()) {
            return NODES.booleanNode(TRUE.matcher(text).matches());
        }
        if (INT.matcher(text).matches()) {
            BigInteger value = new BigInteger(text);
            return value.bitLength() < 32 ? NODES.numberNode(value.intValue())
                    : value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
        }
        if (FLOAT.matcher(text).matches()) {
            return NODES.numberNode(new BigDecimal(text).doubleValue());
        }
        return NODES.textNode(text);
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
