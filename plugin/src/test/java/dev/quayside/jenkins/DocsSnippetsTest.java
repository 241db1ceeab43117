package dev.quayside.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.registry.RegistryExtension;
import dev.quayside.testing.time.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.structs.describable.DescribableParameter;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The Groovy in README.md, docs/steps.md and Jenkinsfile.example as users copy it: every complete
 * snippet (a {@code node} or a {@code pipeline}, no Docker daemon) runs green against the simulator
 * and the real registry, and every step call anywhere names only parameters the step has.
 */
@WithJenkins
class DocsSnippetsTest {
    private static final List<Path> DOCS = List.of(Path.of("../README.md"), Path.of("../docs/steps.md"));
    private static final Pattern GROOVY = Pattern.compile("```groovy\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CALL = Pattern.compile("\\b(ecrLogin|ecrPush|ecrScanGate|ecsRegisterTaskDef|ecsRunTask|ecsDeploy|ecsWaitDeployment)\\b\\s*\\(?([^{}\\n]*(?:,\\s*\\n[^{}\\n]*)*)");

    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();
    final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    @RegisterExtension
    final AwsSimulatorExtension aws = AwsSimulatorExtension.perTest(AwsSimulator.builder().clock(clock));

    @Test
    void everyCompleteSnippetRunsAsWritten(JenkinsRule r) throws Exception {
        List<String> snippets = new ArrayList<>();
        for (Path doc : DOCS) {
            for (String snippet : groovy(Files.readString(doc))) {
                if ((snippet.contains("node {") || snippet.contains("pipeline {")) && !snippet.contains("docker")) {
                    snippets.add(snippet);
                }
            }
        }
        assertThat(snippets).as("complete snippets in the docs").hasSizeGreaterThanOrEqualTo(3);
        aws.ecr().registry(registry.endpoint(), registry.password());
        Fixtures.useSimulator(r, aws);
        Fixtures.add(Fixtures.awsKeys("aws-release", "AKIDRELEASE", "release-secret"));
        try (EcsWorld world = new EcsWorld(aws, clock).serviceOnRevision1();
             EcrClient ecr = AwsClients.ecr(AwsSettings.resolve(Map.of("AWS_ACCESS_KEY_ID", "AKIDSETUP", "AWS_SECRET_ACCESS_KEY", "s"),
                     Fixtures.REGION, null, null, Map.of("ecr", aws.endpoint())))) {
            ecr.createRepository(b -> b.repositoryName("myapp"));
            world.startTicking();
            int n = 0;
            for (String snippet : snippets) {
                WorkflowJob p = r.createProject(WorkflowJob.class, "snippet-" + ++n);
                Fixtures.imageInWorkspace(r, p, "build/image", n);
                String taskDefinition = Files.readString(Path.of("src/test/resources/dev/quayside/jenkins/task-definition.json"));
                r.jenkins.getWorkspaceFor(p).child("ecs/taskdef.json").write(taskDefinition.replace("\"name\": \"myapp\"", "\"name\": \"app\""), "UTF-8");
                r.jenkins.getWorkspaceFor(p).child("docs/examples/task-definition.json").write(Files.readString(Path.of("../docs/examples/task-definition.json")), "UTF-8");
                p.setDefinition(new CpsFlowDefinition(snippet, true));

                WorkflowRun b = r.buildAndAssertSuccess(p);

                r.assertLogNotContains("release-secret", b);
            }
        }
    }

    @Test
    void everyStepCallInTheDocsNamesParametersTheStepHas(JenkinsRule r) throws Exception {
        List<Path> files = new ArrayList<>(DOCS);
        files.add(Path.of("../Jenkinsfile.example"));
        List<String> problems = new ArrayList<>();
        int calls = 0;
        for (Path file : files) {
            String text = Files.readString(file);
            for (String code : file.toString().endsWith(".md") ? groovy(text) : List.of(text)) {
                // Strings out first (a GString's ${...} is not a block), comments read as code (the commented calls count too).
                Matcher m = CALL.matcher(code.replaceAll("\"[^\"\\n]*\"|'[^'\\n]*'", "''").replace("//", ""));
                while (m.find()) {
                    calls++;
                    Set<String> known = parameters(m.group(1));
                    for (String name : argumentNames(m.group(2))) {
                        if (!known.contains(name)) {
                            problems.add(file + ": " + m.group(1) + " has no parameter " + name);
                        }
                    }
                }
            }
        }
        assertThat(calls).isGreaterThan(10);
        assertThat(problems).isEmpty();
    }

    private static List<String> groovy(String markdown) {
        List<String> out = new ArrayList<>();
        Matcher m = GROOVY.matcher(markdown);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The top-level {@code name:} of an argument list, nested lists and maps left out. */
    private static List<String> argumentNames(String arguments) {
        String flat = arguments;
        String previous;
        do {
            previous = flat;
            flat = flat.replaceAll("\\[[^\\[\\]]*\\]", "[]").replaceAll("\\([^()]*\\)", "()");
        } while (!flat.equals(previous));
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?:^|[,(]\\s*)(\\w+)\\s*:").matcher(flat.trim());
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Set<String> parameters(String function) {
        StepDescriptor d = StepDescriptor.all().stream().filter(s -> s.getFunctionName().equals(function)).findFirst().orElseThrow();
        return DescribableModel.of(d.clazz).getParameters().stream().map(DescribableParameter::getName).collect(Collectors.toSet());
    }
}
