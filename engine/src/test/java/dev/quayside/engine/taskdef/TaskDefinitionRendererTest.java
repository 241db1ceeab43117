package dev.quayside.engine.taskdef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskDefinitionRendererTest {
    private static final String TWO_CONTAINERS = "{\"family\":\"app\",\"containerDefinitions\":["
            + "{\"name\":\"web\",\"image\":\"123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0\",\"environment\":[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"}]},"
            + "{\"name\":\"worker\",\"image\":\"123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:" + "a".repeat(64) + "\"},"
            + "{\"name\":\"proxy\",\"image\":\"envoyproxy/envoy:v1.30\",\"command\":[\"--log ${LEVEL}\",\"$${NOT_A_VAR}\"]}]}";

    private static TaskDefinitionDocument doc() {
        return TaskDefinitionDocument.parse("td.json", TWO_CONTAINERS, false);
    }

    private static JsonNode container(TaskDefinitionDocument d, int i) {
        return d.json().get("containerDefinitions").get(i);
    }

    @Test
    void render_replacesImageByContainerName() {
        TaskDefinitionDocument d = TaskDefinitionRenderer.render(doc(), TaskDefinitionOverrides.builder().image("proxy", "envoyproxy/envoy:v1.31").build(), Map.of("LEVEL", "info"));
        assertThat(container(d, 2).get("image").asText()).isEqualTo("envoyproxy/envoy:v1.31");
        assertThat(container(d, 0).get("image").asText()).endsWith("app:1.0");
    }

    @Test
    void render_replacesEveryContainerOfARepository() {
        String image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:2.0";
        TaskDefinitionDocument d = TaskDefinitionRenderer.render(doc(), TaskDefinitionOverrides.builder()
                .imageForRepository("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app", image).build(), Map.of("LEVEL", "info"));
        assertThat(container(d, 0).get("image").asText()).isEqualTo(image);
        assertThat(container(d, 1).get("image").asText()).isEqualTo(image);
        assertThat(container(d, 2).get("image").asText()).startsWith("envoyproxy");
    }

    @Test
    void render_setsAndRemovesEnvironmentKeepingEqualsSignsAndEmptyValues() {
        TaskDefinitionDocument d = TaskDefinitionRenderer.render(doc(), TaskDefinitionOverrides.builder()
                .setEnvironment("web:JDBC=jdbc:x?a=b&c=d").setEnvironment("web:EMPTY=").removeEnvironment("web:A").build(), Map.of("LEVEL", "info"));
        JsonNode env = container(d, 0).get("environment");
        assertThat(env.toString()).isEqualTo("[{\"name\":\"B\",\"value\":\"2\"},{\"name\":\"JDBC\",\"value\":\"jdbc:x?a=b&c=d\"},{\"name\":\"EMPTY\",\"value\":\"\"}]");
    }

    @Test
    void render_substitutesVariablesAndKeepsEscapes() {
        TaskDefinitionDocument d = TaskDefinitionRenderer.render(doc(), TaskDefinitionOverrides.NONE, Map.of("LEVEL", "debug"));
        assertThat(container(d, 2).get("command").toString()).isEqualTo("[\"--log debug\",\"${NOT_A_VAR}\"]");
    }

    @Test
    void render_overridesTheFamily() {
        TaskDefinitionDocument d = TaskDefinitionRenderer.render(doc(), TaskDefinitionOverrides.builder().family("app-staging").build(), Map.of("LEVEL", "x"));
        assertThat(d.json().get("family").asText()).isEqualTo("app-staging");
    }

    @Test
    void render_refusesOverridesForContainersThatDoNotExist() {
        assertThatThrownBy(() -> TaskDefinitionRenderer.render(doc(), TaskDefinitionOverrides.builder().image("nope", "x:1")
                .setEnvironment("ghost", "A", "1").removeEnvironment("phantom", "B").imageForRepository("other/repo", "y:1").build(), Map.of("LEVEL", "x")))
                .hasMessageContaining("images.nope: no container named 'nope' (the task definition has: web, worker, proxy)")
                .hasMessageContaining("environment.ghost: no container named 'ghost'")
                .hasMessageContaining("unsetEnvironment.phantom: no container named 'phantom'")
                .hasMessageContaining("imagesByRepository.other/repo: no container uses repository 'other/repo'")
                .hasMessageContaining("4 problems");
    }

    @Test
    void overrides_refuseMalformedEnvironmentSpecs() {
        assertThatThrownBy(() -> TaskDefinitionOverrides.builder().setEnvironment("NOCONTAINER=1")).hasMessageStartingWith("environment: ");
        assertThatThrownBy(() -> TaskDefinitionOverrides.builder().removeEnvironment("web:")).hasMessageStartingWith("unsetEnvironment: ");
    }

    @Test
    void parse_unwrapsDescribeOutputAndDropsReadOnlyFields() {
        TaskDefinitionDocument d = TaskDefinitionDocument.parse("d.json", "{\"taskDefinition\":{\"family\":\"app\",\"revision\":3,\"status\":\"ACTIVE\","
                + "\"taskDefinitionArn\":\"arn\",\"registeredAt\":1.0,\"compatibilities\":[\"EC2\"],\"requiresAttributes\":[],\"registeredBy\":\"me\","
                + "\"deregisteredAt\":2.0,\"deleteRequestedAt\":3.0,\"containerDefinitions\":[]},\"tags\":[{\"key\":\"team\",\"value\":\"a\"}]}", false);
        assertThat(d.json().toString()).isEqualTo("{\"family\":\"app\",\"containerDefinitions\":[],\"tags\":[{\"key\":\"team\",\"value\":\"a\"}]}");
    }
}
