package dev.quayside.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.jenkins.ecr.EcrLoginBuildWrapper;
import dev.quayside.jenkins.ecr.EcrLoginStep;
import dev.quayside.jenkins.ecr.EcrPushBuilder;
import dev.quayside.jenkins.ecr.EcrPushStep;
import dev.quayside.jenkins.ecr.EcrScanGateStep;
import dev.quayside.jenkins.ecs.EcsDeployBuilder;
import dev.quayside.jenkins.ecs.EcsDeployStep;
import dev.quayside.jenkins.ecs.EcsRegisterTaskDefBuilder;
import dev.quayside.jenkins.ecs.EcsRunTaskBuilder;
import dev.quayside.jenkins.ecs.EcsRunTaskStep;
import dev.quayside.jenkins.ecs.EcsRegisterTaskDefStep;
import dev.quayside.jenkins.ecs.EcsWaitDeploymentStep;
import hudson.model.FreeStyleProject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.structs.describable.DescribableParameter;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Every step, builder and wrapper survives its own configuration form (Snippet Generator, job configuration). */
@WithJenkins
class ConfigRoundTripTest {

    private static <S extends Step> void roundTrip(JenkinsRule r, S step) throws Exception {
        r.assertEqualDataBoundBeans(step, new StepConfigTester(r).configRoundTrip(step));
    }

    @Test
    void steps(JenkinsRule r) throws Exception {
        Fixtures.add(Fixtures.awsKeys("aws", "AKIDFORM", "form-secret"));

        EcrLoginStep login = new EcrLoginStep();
        login.setRegion("eu-west-1");
        login.setCredentialsId("aws");
        login.setRegistryIds(List.of("111111111111", "222222222222"));
        login.setRoleArn("arn:aws:iam::123456789012:role/release");
        roundTrip(r, login);

        EcrPushStep push = new EcrPushStep("myapp");
        push.setSource("oci:build/image");
        push.setTags(List.of("1.0", "latest"));
        push.setCreateRepository(true);
        push.setScanOnPush(false);
        push.setTagMutability("IMMUTABLE");
        push.setLifecyclePolicy("ecr-lifecycle.json");
        push.setCredentialsId("aws");
        push.setRequestTimeout("5m");
        push.setScanFailOn("HIGH");
        push.setScanAllow(List.of("CVE-2024-1234=not reachable", "CVE-2024-5678=no TLS"));
        push.setScanTimeout("15m");
        roundTrip(r, push);

        EcsRegisterTaskDefStep register = new EcsRegisterTaskDefStep("ecs/taskdef.json");
        register.setImages(Map.of("app", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/myapp:1.0"));
        register.setEnvironment(Map.of("app", Map.of("MODE", "blue", "EMPTY", "")));
        register.setUnsetEnvironment(List.of("app:DEBUG"));
        register.setCreateLogGroups(true);
        roundTrip(r, register);

        EcsDeployStep deploy = new EcsDeployStep("prod", "myapp");
        deploy.setTaskDefinition("myapp:8");
        deploy.setDesiredCount(3);
        deploy.setTimeout("20m");
        deploy.setServiceDefinition("service.yaml");
        deploy.setCapacityProviders(List.of("FARGATE_SPOT:3", "FARGATE:1:1"));
        deploy.setCreateCluster(true);
        deploy.setSkipPreflight(true);
        roundTrip(r, deploy);

        EcsWaitDeploymentStep wait = new EcsWaitDeploymentStep("prod", "myapp");
        wait.setDeploymentId("ecs-svc/1234567890123456789");
        wait.setTimeout("15m");
        wait.setRegion("eu-west-1");
        wait.setRoleArn("arn:aws:iam::123456789012:role/release");
        wait.setLogLines(50);
        roundTrip(r, wait);

        EcrScanGateStep gate = new EcrScanGateStep("123456789012.dkr.ecr.eu-west-1.amazonaws.com/myapp:1.0");
        gate.setFailOn("HIGH");
        gate.setAllow(List.of("CVE-2024-1234=not reachable"));
        gate.setTimeout("20m");
        gate.setRegistryId("123456789012");
        roundTrip(r, gate);

        EcsRunTaskStep task = new EcsRunTaskStep("prod", "migrate:3");
        task.setSubnets(List.of("subnet-0abc1234def567890", "subnet-0def1234abc567890"));
        task.setSecurityGroups(List.of("sg-0123456789abcdef0"));
        task.setAssignPublicIp(true);
        task.setCapacityProviders(List.of("FARGATE_SPOT"));
        task.setContainer("app");
        task.setCommand(List.of("npm", "run", "migrate -- --to latest"));
        task.setEnvironment(Map.of("app", Map.of("DB_SCHEMA", "orders")));
        task.setStartedBy("release/42");
        task.setTimeout("20m");
        task.setCredentialsId("aws");
        roundTrip(r, task);
    }

    @Test
    void builders(JenkinsRule r) throws Exception {
        EcrPushStep push = new EcrPushStep("myapp");
        push.setImage("myapp:${BUILD_NUMBER}");
        push.setTags(List.of("${BUILD_NUMBER}", "latest"));
        push.setEncryption("KMS");
        push.setKmsKey("arn:aws:kms:eu-west-1:123456789012:key/abc");
        EcrPushBuilder pushBuilder = new EcrPushBuilder(push);
        r.assertEqualDataBoundBeans(pushBuilder, r.configRoundtrip(pushBuilder));

        EcsRegisterTaskDefStep register = new EcsRegisterTaskDefStep("taskdef.json");
        register.setImages(Map.of("app", "${ECR_IMAGE_URI}"));
        register.setEnvironment(Map.of("app", Map.of("MODE", "blue")));
        register.setUnsetEnvironment(List.of("app:DEBUG"));
        register.setFamily("myapp-staging");
        EcsRegisterTaskDefBuilder registerBuilder = new EcsRegisterTaskDefBuilder(register);
        r.assertEqualDataBoundBeans(registerBuilder, r.configRoundtrip(registerBuilder));

        EcsDeployStep deploy = new EcsDeployStep("prod", "myapp");
        deploy.setTaskDefinition("${ECS_TASK_DEFINITION_ARN}");
        deploy.setForceNewDeployment(true);
        deploy.setDesiredCount(0);
        deploy.setRegion("eu-west-1");
        deploy.setRoleArn("arn:aws:iam::123456789012:role/release");
        deploy.setCapacityProviders(List.of("FARGATE_SPOT:3"));
        EcsDeployBuilder deployBuilder = new EcsDeployBuilder(deploy);
        r.assertEqualDataBoundBeans(deployBuilder, r.configRoundtrip(deployBuilder));

        EcsRunTaskStep task = new EcsRunTaskStep("prod", "${ECS_TASK_DEFINITION_ARN}");
        task.setNetworkFromService("myapp");
        task.setContainer("app");
        task.setCommand(List.of("npm", "run", "migrate"));
        EcsRunTaskBuilder taskBuilder = new EcsRunTaskBuilder(task);
        r.assertEqualDataBoundBeans(taskBuilder, r.configRoundtrip(taskBuilder));
    }

    /**
     * The Snippet Generator's and Pipeline's view of each class: the constructor's arguments, then the
     * setters alphabetically, the ones inherited from AwsStep and EcsServiceStep included. A builder or
     * wrapper has one parameter, its step: a new parameter is declared once, for both front ends.
     */
    @Test
    void dataBoundParameters(JenkinsRule r) {
        assertThat(parameters(EcrLoginStep.class)).containsExactly("credentialsId", "region", "registryIds", "roleArn");
        assertThat(parameters(EcrPushStep.class)).containsExactly("repository", "createRepository", "credentialsId", "encryption", "image",
                "kmsKey", "lifecyclePolicy", "region", "registryId", "requestTimeout", "roleArn", "scanAllow", "scanFailOn", "scanOnPush", "scanTimeout", "source",
                "tagMutability", "tags");
        assertThat(parameters(EcsRegisterTaskDefStep.class)).containsExactly("file", "createLogGroups", "credentialsId", "environment", "family",
                "images", "region", "roleArn", "skipPreflight", "unsetEnvironment");
        assertThat(parameters(EcsDeployStep.class)).containsExactly("cluster", "service", "capacityProviders", "createCluster", "credentialsId",
                "desiredCount", "forceNewDeployment", "logLines", "region", "roleArn", "serviceDefinition", "skipPreflight", "taskDefinition", "timeout");
        assertThat(parameters(EcsWaitDeploymentStep.class)).containsExactly("cluster", "service", "credentialsId", "deploymentId", "logLines",
                "region", "roleArn", "timeout");
        assertThat(parameters(EcrScanGateStep.class)).containsExactly("image", "allow", "credentialsId", "failOn", "region", "registryId", "roleArn",
                "timeout");
        assertThat(parameters(EcsRunTaskStep.class)).containsExactly("cluster", "taskDefinition", "assignPublicIp", "capacityProviders", "command",
                "container", "credentialsId", "environment", "networkFromService", "region", "roleArn", "securityGroups", "startedBy", "subnets", "timeout");
        for (Class<?> front : List.of(EcrPushBuilder.class, EcsRegisterTaskDefBuilder.class, EcsDeployBuilder.class, EcsRunTaskBuilder.class,
                EcrLoginBuildWrapper.class)) {
            assertThat(parameters(front)).as(front.getSimpleName()).containsExactly("step");
        }
    }

    /** What the Snippet Generator writes for each step: the documented call, defaults left out. */
    @Test
    void snippetGenerator(JenkinsRule r) throws Exception {
        EcrLoginStep login = new EcrLoginStep();
        login.setCredentialsId("aws-release");
        assertThat(Snippetizer.object2Groovy(login)).isEqualTo("ecrLogin(credentialsId: 'aws-release') {\n    // some block\n}");

        EcrPushStep push = new EcrPushStep("myapp");
        push.setSource("oci:build/image");
        push.setTags(List.of("1.0", "latest"));
        assertThat(Snippetizer.object2Groovy(push)).isEqualTo("ecrPush repository: 'myapp', source: 'oci:build/image', tags: ['1.0', 'latest']");

        EcsRegisterTaskDefStep register = new EcsRegisterTaskDefStep("ecs/taskdef.json");
        register.setImages(Map.of("app", "myapp:1.0"));
        assertThat(Snippetizer.object2Groovy(register)).isEqualTo("ecsRegisterTaskDef file: 'ecs/taskdef.json', images: [app: 'myapp:1.0']");

        EcsDeployStep deploy = new EcsDeployStep("prod", "myapp");
        deploy.setTaskDefinition("myapp:8");
        deploy.setDesiredCount(0);
        assertThat(Snippetizer.object2Groovy(deploy)).isEqualTo("ecsDeploy cluster: 'prod', desiredCount: 0, service: 'myapp', taskDefinition: 'myapp:8'");

        EcsWaitDeploymentStep wait = new EcsWaitDeploymentStep("prod", "myapp");
        wait.setTimeout("15m");
        assertThat(Snippetizer.object2Groovy(wait)).isEqualTo("ecsWaitDeployment cluster: 'prod', service: 'myapp', timeout: '15m'");

        EcsRunTaskStep task = new EcsRunTaskStep("prod", "migrate");
        task.setNetworkFromService("myapp");
        task.setContainer("app");
        task.setCommand(List.of("npm", "run", "migrate"));
        assertThat(Snippetizer.object2Groovy(task))
                .isEqualTo("ecsRunTask cluster: 'prod', command: ['npm', 'run', 'migrate'], container: 'app', networkFromService: 'myapp', taskDefinition: 'migrate'");
    }

    private static List<String> parameters(Class<?> type) {
        return DescribableModel.of(type).getParameters().stream().map(DescribableParameter::getName).collect(Collectors.toList());
    }

    @Test
    void buildWrapper(JenkinsRule r) throws Exception {
        FreeStyleProject p = r.createFreeStyleProject();
        EcrLoginStep login = new EcrLoginStep();
        login.setRegion("eu-west-1");
        login.setRegistryIds(List.of("111111111111", "222222222222"));
        EcrLoginBuildWrapper wrapper = new EcrLoginBuildWrapper(login);
        p.getBuildWrappersList().add(wrapper);

        r.configRoundtrip(p);

        r.assertEqualDataBoundBeans(wrapper, p.getBuildWrappersList().get(EcrLoginBuildWrapper.class));
    }
}
