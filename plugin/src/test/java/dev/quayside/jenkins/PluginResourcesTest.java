package dev.quayside.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.tasks.Builder;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import jenkins.tasks.SimpleBuildWrapper;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.structs.describable.DescribableParameter;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.junit.jupiter.api.Test;

/**
 * What InjectedTest does not check: each step has config.jelly, help.html and a help-FIELD.html for every
 * parameter DescribableModel binds (inherited ones included), and none for a field it does not; each
 * builder and wrapper nests its step's form; every Messages.properties key is used and none has an
 * apostrophe; every view and help file is well-formed XML; every step is documented in docs/steps.md.
 */
class PluginResourcesTest {
    private static final Path JAVA = Path.of("src/main/java");
    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Path DOCS = Path.of("../docs");
    private static final Pattern MESSAGE = Pattern.compile("Messages\\.(\\w+)\\(");
    private static final Pattern FUNCTION_NAME = Pattern.compile("getFunctionName\\(\\)\\s*\\{\\s*return \"(\\w+)\";");

    @Test
    void everyStepHasItsViewAndHelpForEachParameter_andEveryBuilderNestsItsStep() throws Exception {
        List<String> problems = new ArrayList<>();
        List<Class<?>> classes = describables();
        assertThat(classes).extracting(Class::getSimpleName).contains("EcrLoginStep", "EcrPushStep", "EcsRegisterTaskDefStep", "EcsDeployStep",
                "EcsWaitDeploymentStep", "EcrLoginBuildWrapper", "EcrPushBuilder", "EcsRegisterTaskDefBuilder", "EcsDeployBuilder");
        for (Class<?> c : classes) {
            Path dir = RESOURCES.resolve(c.getName().replace('.', '/'));
            List<String> fields = parameters(c);
            String jelly = Files.isRegularFile(dir.resolve("config.jelly")) ? Files.readString(dir.resolve("config.jelly")) : "";
            if (jelly.isEmpty()) {
                problems.add(c.getSimpleName() + ": no config.jelly");
            }
            if (!Files.isRegularFile(dir.resolve("help.html"))) {
                problems.add(c.getSimpleName() + ": no help.html");
            }
            if (!Step.class.isAssignableFrom(c)) {
                assertThat(fields).as("%s holds its step only", c.getSimpleName()).containsExactly("step");
                assertThat(jelly).as(c.getSimpleName()).contains("<f:property field=\"step\"/>");
                continue;
            }
            for (String f : fields) {
                if (!Files.isRegularFile(dir.resolve("help-" + f + ".html"))) {
                    problems.add(c.getSimpleName() + ": no help-" + f + ".html");
                }
                if (!jelly.contains("field=\"" + f + "\"")) {
                    problems.add(c.getSimpleName() + ": config.jelly has no entry for " + f);
                }
            }
            try (Stream<Path> helps = Files.list(dir)) {
                helps.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("help-") && n.endsWith(".html"))
                        .map(n -> n.substring(5, n.length() - 5)).filter(f -> !fields.contains(f))
                        .forEach(f -> problems.add(c.getSimpleName() + ": help-" + f + ".html documents no parameter"));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyMessageKeyIsUsed_andNoneHasAnApostrophe() throws IOException {
        Properties messages = new Properties();
        try (InputStream in = Files.newInputStream(RESOURCES.resolve("dev/quayside/jenkins/Messages.properties"))) {
            messages.load(in);
        }
        Set<String> used = new TreeSet<>();
        for (Path source : sources()) {
            Matcher m = MESSAGE.matcher(Files.readString(source, StandardCharsets.UTF_8));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        Set<String> keys = messages.stringPropertyNames().stream().map(k -> k.replace('.', '_')).collect(Collectors.toCollection(TreeSet::new));
        assertThat(used).as("keys the code reads").containsExactlyInAnyOrderElementsOf(keys);
        messages.forEach((k, v) -> assertThat(((String) v).replace("'{}'", "")).as("%s: MessageFormat patterns here quote nothing but {}", k)
                .doesNotContain("'"));
    }

    @Test
    void everyJellyViewAndHelpFileIsWellFormed() throws Exception {
        List<Path> files;
        try (Stream<Path> all = Files.walk(RESOURCES)) {
            files = all.filter(p -> p.toString().endsWith(".jelly") || p.toString().endsWith(".html")).collect(Collectors.toList());
        }
        assertThat(files).hasSizeGreaterThan(20);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                factory.newDocumentBuilder().parse(in);
            } catch (Exception e) {
                throw new AssertionError(file + " is not well-formed: " + e.getMessage(), e);
            }
        }
    }

    @Test
    void everyStepIsDocumented() throws IOException {
        Set<String> functions = new TreeSet<>();
        for (Path source : sources()) {
            Matcher m = FUNCTION_NAME.matcher(Files.readString(source, StandardCharsets.UTF_8));
            while (m.find()) {
                functions.add(m.group(1));
            }
        }
        assertThat(functions).containsExactlyInAnyOrder("ecrLogin", "ecrPush", "ecsRegisterTaskDef", "ecsDeploy", "ecsWaitDeployment", "ecsRunTask", "ecrScanGate");
        String steps = Files.readString(DOCS.resolve("steps.md"), StandardCharsets.UTF_8);
        functions.forEach(f -> assertThat(steps).as("docs/steps.md").contains("## `" + f + "`"));
    }

    private static List<String> parameters(Class<?> type) {
        return DescribableModel.of(type).getParameters().stream().map(DescribableParameter::getName).collect(Collectors.toList());
    }

    private static List<Class<?>> describables() throws IOException, ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        for (Path source : sources()) {
            String name = JAVA.relativize(source).toString().replace('/', '.').replaceAll("\\.java$", "");
            Class<?> c = Class.forName(name, false, PluginResourcesTest.class.getClassLoader());
            if (!Modifier.isAbstract(c.getModifiers())
                    && (Step.class.isAssignableFrom(c) || Builder.class.isAssignableFrom(c) || SimpleBuildWrapper.class.isAssignableFrom(c))) {
                out.add(c);
            }
        }
        return out;
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> all = Files.walk(JAVA)) {
            return all.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
    }
}
