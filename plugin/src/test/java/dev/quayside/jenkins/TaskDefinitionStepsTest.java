package dev.quayside.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quayside.jenkins.ecs.EcsRegisterTaskDefBuilder;
import dev.quayside.jenkins.ecs.EcsRegisterTaskDefStep;
import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import hudson.EnvVars;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.model.TaskListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** ecsRegisterTaskDef and its freestyle build step against the ECS simulator. */
@WithJenkins
class TaskDefinitionStepsTest {
    @RegisterExtension
    final AwsSimulatorExtension aws = AwsSimulatorExtension.perTest(AwsSimulator.builder());

    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        aws.clearJournal();
        Fixtures.useSimulator(r, aws);
        Fixtures.add(Fixtures.awsKeys("aws", "AKIDTASKDEF", "taskdef-secret"));
    }

    @Test
    void ecsRegisterTaskDef_overridesImagesAndEnvironment_andTakesVariablesFromTheBuild() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "register");
        Fixtures.fileInWorkspace(r, p, "ecs/taskdef.json", "task-definition-vars.json");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  withEnv(['RELEASE_NAME=spring-release']) {
                    def td = ecsRegisterTaskDef file: 'ecs/taskdef.json', credentialsId: 'aws', skipPreflight: true,
                        images: [app: "123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp:${env.BUILD_NUMBER}"],
                        environment: [app: [MODE: 'blue', EMPTY: '', EQUATION: 'a=b']],
                        unsetEnvironment: ['app:DEBUG']
                    echo "arn=${td.taskDefinitionArn} family=${td.family} revision=${td.revision}"
                  }
                }
                """, true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        r.assertLogContains("family=myapp revision=1", b);
        JsonNode container = aws.requests("RegisterTaskDefinition").get(0).body().path("containerDefinitions").get(0);
        assertThat(container.path("image").asText()).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp:1");
        assertThat(variables(container)).contains("RELEASE=spring-release", "MODE=blue", "EMPTY=", "EQUATION=a=b").doesNotContain("DEBUG=true");
    }

    @Test
    void aYamlTaskDefinitionWithAnchors_isRegisteredWithTheAnchoredValues() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "register-yaml");
        r.jenkins.getWorkspaceFor(p).child("ecs/taskdef.yaml").write("""
                family: myapp
                networkMode: awsvpc
                requiresCompatibilities: [FARGATE]
                cpu: 256
                memory: 512
                executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
                containerDefinitions:
                  - name: app
                    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp:1.0
                    essential: true
                    environment:
                      - {name: DB_HOST, value: &db db.internal.example.com}
                    logConfiguration: &logs
                      logDriver: awslogs
                      options: {awslogs-group: /ecs/myapp, awslogs-region: us-east-1, awslogs-stream-prefix: app}
                  - name: sidecar
                    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/sidecar:1.0
                    essential: false
                    environment:
                      - {name: DB_HOST, value: *db}
                    logConfiguration: *logs
                """, "UTF-8");
        p.setDefinition(new CpsFlowDefinition("node { echo \"revision=${ecsRegisterTaskDef(file: 'ecs/taskdef.yaml', credentialsId: 'aws', skipPreflight: true).revision}\" }", true));

        r.buildAndAssertSuccess(p);

        JsonNode sidecar = aws.requests("RegisterTaskDefinition").get(0).body().path("containerDefinitions").get(1);
        assertThat(sidecar.path("environment").get(0).path("value").asText()).isEqualTo("db.internal.example.com");
        assertThat(sidecar.path("logConfiguration").path("options").path("awslogs-group").asText()).isEqualTo("/ecs/myapp");
    }

    @Test
    void anEcrImageThatDoesNotExist_isStoppedByThePreflight_beforeAnythingIsRegistered() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "preflight");
        Fixtures.fileInWorkspace(r, p, "taskdef.json", "task-definition.json");
        p.setDefinition(new CpsFlowDefinition("node { ecsRegisterTaskDef file: 'taskdef.json', credentialsId: 'aws', "
                + "images: [myapp: '123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp:never-pushed'] }", true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("register task definition family 'myapp' (pre-flight)", b);
        r.assertLogContains("container myapp: image 123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp:never-pushed does not exist", b);
        assertThat(aws.requests("BatchGetImage")).isNotEmpty();
        assertThat(aws.requests("RegisterTaskDefinition")).isEmpty();
    }

    @Test
    void anUndefinedVariable_failsBeforeAnythingIsRegistered() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "undefined");
        Fixtures.fileInWorkspace(r, p, "taskdef.json", "task-definition-vars.json");
        p.setDefinition(new CpsFlowDefinition("node { ecsRegisterTaskDef file: 'taskdef.json', credentialsId: 'aws' }", true));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("RELEASE_NAME", b);
        assertThat(aws.requests("RegisterTaskDefinition")).isEmpty();
    }

    @Test
    void freestyleBuildStep_exportsTheRevisionToTheStepsAfterIt() throws Exception {
        FreeStyleProject p = r.createFreeStyleProject("register-freestyle");
        Fixtures.fileInWorkspace(r, p, "taskdef.json", "task-definition.json");
        EcsRegisterTaskDefStep register = new EcsRegisterTaskDefStep("taskdef.json");
        register.setImages(Map.of("myapp", "123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp:${BUILD_NUMBER}"));
        register.setCredentialsId("aws");
        register.setSkipPreflight(true);
        p.getBuildersList().add(new EcsRegisterTaskDefBuilder(register));

        FreeStyleBuild b = r.buildAndAssertSuccess(p);

        EnvVars env = b.getEnvironment(TaskListener.NULL);
        assertThat(env.get("ECS_TASK_DEFINITION_REVISION")).isEqualTo("1");
        assertThat(env.get("ECS_TASK_DEFINITION_ARN")).endsWith("task-definition/myapp:1");
        assertThat(aws.requests("RegisterTaskDefinition").get(0).body().path("containerDefinitions").get(0).path("image").asText())
                .endsWith("myapp:1");
    }

    private static List<String> variables(JsonNode container) {
        List<String> out = new ArrayList<>();
        container.path("environment").forEach(v -> out.add(v.path("name").asText() + "=" + v.path("value").asText()));
        return out;
    }
}
