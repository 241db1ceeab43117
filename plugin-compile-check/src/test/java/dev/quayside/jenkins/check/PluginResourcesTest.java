package dev.quayside.jenkins.check;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.tasks.Builder;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
import org.jenkinsci.plugins.workflow.steps.Step;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What the Snippet Generator and the freestyle UI need from every step, builder and build wrapper of
 * the plugin, checked offline: config.jelly, help.html and a help-FIELD.html for each data-bound field
 * (the constructor's parameters and the @DataBoundSetter setters, inherited ones included), in the
 * concrete class's resource folder;
 * every display text key the Java code reads is in Messages.properties (and none is left unused);
 * every jelly view and help file is well-formed; every step's function name is documented.
 */
class PluginResourcesTest {
    private static final Path PLUGIN = Path.of(System.getProperty("quayside.plugin.dir", "../plugin"));
    private static final Path DOCS = Path.of(System.getProperty("quayside.docs.dir", "../docs"));
    private static final Path JAVA = PLUGIN.resolve("src/main/java");
    private static final Path RESOURCES = PLUGIN.resolve("src/main/resources");
    private static final Pattern TEXT_KEY = Pattern.compile("Texts\\.get\\(\"([^\"]+)\"");
    private static final Pattern FUNCTION_NAME = Pattern.compile("getFunctionName\\(\\)\\s*\\{\\s*return \"(\\w+)\";");

    @Test
    void everyStepBuilderAndWrapperHasItsViewAndHelpForEachField() throws Exception {
        List<Class<?>> describables = describables();
        assertThat(describables).extracting(Class::getSimpleName).contains(
                "EcrLoginStep", "EcrPushStep", "EcsRegisterTaskDefStep", "EcsDeployStep", "EcsWaitDeploymentStep",
                "EcrLoginBuildWrapper", "EcrPushBuilder", "EcsRegisterTaskDefBuilder", "EcsDeployBuilder");
        List<String> problems = new ArrayList<>();
        for (Class<?> c : describables) {
            Path dir = RESOURCES.resolve(c.getName().replace('.', '/'));
            Set<String> fields = dataBoundFields(c);
            for (String file : files(fields)) {
                if (!Files.isRegularFile(dir.resolve(file))) {
                    problems.add(c.getSimpleName() + ": missing " + RESOURCES.relativize(dir.resolve(file)));
                }
            }
            if (Files.isRegularFile(dir.resolve("config.jelly"))) {
                String jelly = Files.readString(dir.resolve("config.jelly"));
                fields.stream().filter(f -> !jelly.contains("field=\"" + f + "\""))
                        .forEach(f -> problems.add(c.getSimpleName() + ": config.jelly has no entry for " + f));
            }
            if (Files.isDirectory(dir)) {
                try (Stream<Path> helps = Files.list(dir)) {
                    helps.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("help-") && n.endsWith(".html"))
                            .map(n -> n.substring(5, n.length() - 5)).filter(f -> !fields.contains(f))
                            .forEach(f -> problems.add(c.getSimpleName() + ": help-" + f + ".html documents no data-bound field"));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void inheritedDataBoundFieldsAreCheckedForEachConcreteClass() throws Exception {
        for (Class<?> c : describables()) {
            assertThat(dataBoundFields(c)).as("%s binds the AWS target fields (its own or inherited)", c.getSimpleName())
                    .contains("region", "credentialsId", "roleArn");
        }
        Class<?> deploy = Class.forName("dev.quayside.jenkins.ecs.EcsDeployStep", false, PluginResourcesTest.class.getClassLoader());
        assertThat(dataBoundFields(deploy)).containsExactlyInAnyOrder("cluster", "service", "taskDefinition", "desiredCount",
                "forceNewDeployment", "timeout", "region", "credentialsId", "roleArn");
    }

    @Test
    void everyMessageKeyTheCodeReadsIsInMessagesProperties() throws IOException {
        Properties messages = new Properties();
        try (InputStream in = Files.newInputStream(RESOURCES.resolve("dev/quayside/jenkins/Messages.properties"))) {
            messages.load(in);
        }
        Set<String> used = new TreeSet<>();
        for (Path source : sources()) {
            Matcher m = TEXT_KEY.matcher(Files.readString(source, StandardCharsets.UTF_8));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(messages.stringPropertyNames()).as("keys in Messages.properties").containsAll(used);
        assertThat(used).as("keys the code reads (unused keys in Messages.properties)").containsAll(messages.stringPropertyNames());
        messages.forEach((k, v) -> assertThat((String) v).as("%s: MessageFormat patterns here have no apostrophes", k).doesNotContain("'"));
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
                throw new AssertionError(RESOURCES.relativize(file) + " is not well-formed: " + e.getMessage(), e);
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
        assertThat(functions).containsExactlyInAnyOrder("ecrLogin", "ecrPush", "ecsRegisterTaskDef", "ecsDeploy", "ecsWaitDeployment");
        String steps = Files.readString(DOCS.resolve("steps.md"), StandardCharsets.UTF_8);
        functions.forEach(f -> assertThat(steps).as("docs/steps.md").contains("## `" + f + "`"));
    }

    private static List<String> files(Set<String> fields) {
        List<String> files = new ArrayList<>(List.of("config.jelly", "help.html"));
        fields.forEach(f -> files.add("help-" + f + ".html"));
        return files;
    }

    /**
     * The names Stapler and DescribableModel bind: @DataBoundConstructor parameters and @DataBoundSetter
     * properties, declared by the class or inherited from its superclasses (as DescribableModel finds
     * them: the declared methods and fields of each class up the hierarchy, plus the public methods).
     */
    private static Set<String> dataBoundFields(Class<?> c) {
        Set<String> fields = new LinkedHashSet<>();
        for (Constructor<?> ctor : c.getConstructors()) {
            if (ctor.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter p : ctor.getParameters()) {
                    assertThat(p.isNamePresent()).as("compiled with -parameters").isTrue();
                    fields.add(p.getName());
                }
            }
        }
        List<Method> methods = new ArrayList<>(List.of(c.getMethods()));
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            methods.addAll(List.of(k.getDeclaredMethods()));
            for (Field f : k.getDeclaredFields()) {
                if (f.isAnnotationPresent(DataBoundSetter.class)) {
                    fields.add(f.getName());
                }
            }
        }
        for (Method m : methods) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) {
                assertThat(m.getName()).startsWith("set");
                fields.add(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4));
            }
        }
        return fields;
    }

    private static List<Class<?>> describables() throws IOException, ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        ClassLoader loader = PluginResourcesTest.class.getClassLoader();
        for (Path source : sources()) {
            String name = JAVA.relativize(source).toString().replace('/', '.').replaceAll("\\.java$", "");
            Class<?> c = Class.forName(name, false, loader);
            if (Modifier.isAbstract(c.getModifiers())) {
                continue;
            }
            if (Step.class.isAssignableFrom(c) || Builder.class.isAssignableFrom(c) || SimpleBuildWrapper.class.isAssignableFrom(c)) {
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
