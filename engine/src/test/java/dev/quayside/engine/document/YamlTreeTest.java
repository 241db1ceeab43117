package dev.quayside.engine.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quayside.engine.taskdef.TaskDefinitionDocument;
import dev.quayside.testing.Allocations;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** YAML task definitions: anchors, aliases and merge keys mean what YAML says, within a bound. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class YamlTreeTest {
    @Test
    void anAliasOfAScalar_isTheAnchoredValue_notItsName() {
        TaskDefinitionDocument doc = TaskDefinitionDocument.parse("td.yaml", """
                family: myapp
                containerDefinitions:
                  - name: app
                    image: app:1
                    environment:
                      - {name: DB_HOST, value: &dbhost db.internal.example.com}
                      - {name: DB_READ_HOST, value: *dbhost}
                """, true);

        JsonNode env = doc.json().path("containerDefinitions").get(0).path("environment");
        assertThat(env.get(1).path("value").asText()).isEqualTo("db.internal.example.com");
    }

    @Test
    void anAliasOfAMapping_andMergeKeys_resolve() throws Exception {
        JsonNode tree = YamlTree.read("td.yaml", """
                x-logs: &logs
                  logDriver: awslogs
                  options: {awslogs-group: /ecs/myapp, awslogs-region: eu-west-1}
                x-base: &base
                  essential: true
                  cpu: 128
                containerDefinitions:
                  - <<: *base
                    name: app
                    cpu: 256
                    logConfiguration: *logs
                  - <<: [*base]
                    name: sidecar
                    logConfiguration: *logs
                """);

        JsonNode app = tree.path("containerDefinitions").get(0);
        assertThat(app.path("logConfiguration").path("options").path("awslogs-group").asText()).isEqualTo("/ecs/myapp");
        assertThat(app.path("essential").asBoolean()).isTrue();
        assertThat(app.path("cpu").isInt()).isTrue();
        assertThat(app.path("cpu").asInt()).as("the mapping's own key wins over the merged one").isEqualTo(256);
        assertThat(app.has("<<")).isFalse();
        assertThat(tree.path("containerDefinitions").get(1).path("cpu").asInt()).isEqualTo(128);
    }

    @Test
    void aBillionLaughs_isRefused_notExpanded() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            String prev = String.valueOf((char) (c - 1));
            yaml.append(c).append(": &").append(c).append(" [*").append(prev).append(", *").append(prev).append(", *").append(prev)
                    .append(", *").append(prev).append(", *").append(prev).append(", *").append(prev).append(", *").append(prev)
                    .append(", *").append(prev).append(", *").append(prev).append(", *").append(prev).append("]\n");
        }

        assertThatThrownBy(() -> YamlTree.read("laughs.yaml", yaml.toString()))
                .hasMessageStartingWith("laughs.yaml: expands to more than " + YamlTree.MAX_VALUES + " values through its aliases");
        assertThat(Allocations.of(() -> YamlTree.read("laughs.yaml", yaml.toString())))
                .as("heap allocated refusing %d bytes of YAML", yaml.length()).isLessThan(100L << 20);
    }

    @Test
    void anUndefinedAlias_isRefusedWithItsLine() {
        assertThatThrownBy(() -> TaskDefinitionDocument.parse("td.yaml", "family: myapp\ncpu: *nowhere\n", true))
                .hasMessage("td.yaml: is not valid YAML at line 2: found undefined alias nowhere");
    }

    @Test
    void plainYaml_keepsItsTypes() throws Exception {
        JsonNode tree = YamlTree.read("td.yaml", "cpu: 256\nratio: 0.5\nenabled: false\nname: '0123'\nnothing: null\n");

        assertThat(tree.path("cpu").isInt()).isTrue();
        assertThat(tree.path("ratio").asDouble()).isEqualTo(0.5);
        assertThat(tree.path("enabled").isBoolean()).isTrue();
        assertThat(tree.path("name").asText()).isEqualTo("0123");
        assertThat(tree.path("nothing").isNull()).isTrue();
    }
}
