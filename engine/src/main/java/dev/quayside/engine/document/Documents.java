package dev.quayside.engine.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.quayside.engine.errors.QuaysideException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * What task and service definition files share: a bounded UTF-8 read, JSON or YAML (by the file's
 * extension) into one JSON tree, and {@code ${VAR}} substitution from an environment (an undefined
 * variable is an error naming it and where; {@code $${VAR}} stays literal).
 */
public final class Documents {
    /** Files are read up to this size (a definition file is far smaller, even with comments and YAML). */
    public static final int MAX_FILE_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Documents() {
    }

    /** The object a file holds; {@code what} names it in messages ("a task definition"). */
    public static ObjectNode read(Path file, String what) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw QuaysideException.invalidInput("file", "cannot read " + file + ": " + (Files.exists(file) ? e.getMessage() : "it does not exist"));
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw QuaysideException.invalidInput("file", file + " is larger than " + MAX_FILE_BYTES / 1024 + " KiB; " + what + " file is far smaller");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw QuaysideException.invalidInput("file", file + " is not UTF-8 text (a binary file?)");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return parse(file.toString(), text, name.endsWith(".yaml") || name.endsWith(".yml"), what);
    }

    /** The object {@code text} holds, as JSON or YAML. */
    public static ObjectNode parse(String source, String text, boolean yaml, String what) {
        JsonNode root;
        try {
            root = yaml ? YamlTree.read(source, text) : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw QuaysideException.invalidInput(source, "is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw QuaysideException.invalidInput(source, "must hold a JSON object (" + what + "), not "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        return (ObjectNode) root;
    }

    /**
     * {@code tree} bound to an SDK request through its serializable builder; a problem (an unknown field,
     * with {@code topLevelHint} when it is at the top, or a wrong type) goes to {@code problems} with its
     * path, and the result is then null.
     */
    public static <R> R bind(ObjectMapper mapper, ObjectNode tree, Class<? extends SdkBuilder<?, R>> builder, Problems problems, String topLevelHint) {
        try {
            return mapper.treeToValue(tree, builder).build();
        } catch (UnrecognizedPropertyException e) {
            problems.error(path(e), "unknown field '" + e.getPropertyName() + "'" + (e.getPath().size() <= 1 ? " (" + topLevelHint + ")" : ""));
        } catch (JsonMappingException e) {
            problems.error(path(e), "wrong type: " + e.getOriginalMessage().replaceAll("\\(class [^)]*\\)", "").replaceAll("`[a-z.]+\\.", "`"));
        } catch (RuntimeException | JsonProcessingException e) {
            problems.error("(document)", String.valueOf(e.getMessage()));
        }
        return null;
    }

    private static String path(JsonMappingException e) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                s.append(s.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.length() == 0 ? "(document)" : s.toString();
    }

    /** A copy of {@code tree} with every {@code ${VAR}} in its strings substituted; problems name the field. */
    public static ObjectNode substitute(ObjectNode tree, Map<String, String> environment, Problems problems) {
        return (ObjectNode) substitute(tree.deepCopy(), "", environment, problems);
    }

    private static JsonNode substitute(JsonNode node, String path, Map<String, String> env, Problems problems) {
        if (node.isTextual()) {
            return TextNode.valueOf(expand(node.asText(), path, env, problems));
        }
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<String> fields = new ArrayList<>();
            o.fieldNames().forEachRemaining(fields::add);
            for (String f : fields) {
                o.set(f, substitute(o.get(f), path.isEmpty() ? f : path + "." + f, env, problems));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, substitute(a.get(i), path + "[" + i + "]", env, problems));
            }
            return a;
        }
        return node;
    }

    private static String expand(String text, String path, Map<String, String> env, Problems problems) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    problems.error(path, "'${' without a closing '}' (write $${ for a literal ${)");
                    return text;
                }
                String name = text.substring(i + 2, end);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    problems.error(path, "'${" + name + "}' is not a variable name");
                } else if (!env.containsKey(name)) {
                    problems.error(path, "variable ${" + name + "} is not defined in the environment (write $${" + name + "} for a literal)");
                } else {
                    out.append(env.get(name));
                }
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }
}
