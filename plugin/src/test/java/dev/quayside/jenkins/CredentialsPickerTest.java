package dev.quayside.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.jenkins.ecr.EcrPushStep;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;
import java.net.URL;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The credentials picker and its check follow the credentials plugin's permission pattern. */
@WithJenkins
class CredentialsPickerTest {

    @Test
    void onlyUsersWhoMayConfigureTheItemSeeTheCredentials(JenkinsRule r) throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE).everywhere().to("configurer"));
        Fixtures.add(Fixtures.awsKeys("aws", "AKIDPICKER", "picker-secret"));
        Fixtures.add(Fixtures.keyPair("pair", "AKIDPAIR", "pair-secret"));
        FreeStyleProject item = r.createFreeStyleProject("job");
        EcrPushStep.DescriptorImpl descriptor = r.jenkins.getDescriptorByType(EcrPushStep.DescriptorImpl.class);

        try (ACLContext ignored = ACL.as(User.getById("reader", true))) {
            ListBoxModel items = descriptor.doFillCredentialsIdItems(item, "");
            assertThat(items).extracting(o -> o.value).doesNotContain("aws", "pair");
            assertThat(descriptor.doCheckCredentialsId(item, "nope").kind).isEqualTo(FormValidation.Kind.OK);
        }
        try (ACLContext ignored = ACL.as(User.getById("configurer", true))) {
            ListBoxModel items = descriptor.doFillCredentialsIdItems(item, "");
            assertThat(items).extracting(o -> o.value).contains("", "aws", "pair");
            assertThat(descriptor.doCheckCredentialsId(item, "aws").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(descriptor.doCheckCredentialsId(item, "nope").kind).isEqualTo(FormValidation.Kind.ERROR);
        }
    }

    @Test
    void regionAndRoleChecks(JenkinsRule r) throws Exception {
        EcrPushStep.DescriptorImpl descriptor = r.jenkins.getDescriptorByType(EcrPushStep.DescriptorImpl.class);

        assertThat(descriptor.doCheckRegion(null, "eu-west-1").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckRegion(null, "Ireland").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(descriptor.doCheckRoleArn(null, "arn:aws:iam::123456789012:role/release").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckRoleArn(null, "release").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(descriptor.doCheckRegistryId(null, "12345").kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    @Test
    void everyCheckAndFillAnswersPostOnly(JenkinsRule r) throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        for (String path : new String[] {"dev.quayside.jenkins.ecr.EcrPushStep/checkRegion?value=Ireland",
                "dev.quayside.jenkins.ecr.EcrLoginStep/checkRegistryIds?value=1", "dev.quayside.jenkins.ecs.EcsDeployStep/checkCluster?value=",
                "dev.quayside.jenkins.ecs.EcsRegisterTaskDefStep/fillCredentialsIdItems"}) {
            assertThat(wc.goTo("descriptorByName/" + path, null).getWebResponse().getStatusCode()).as("GET " + path).isEqualTo(404);
            WebRequest post = new WebRequest(new URL(r.getURL(), "descriptorByName/" + path), HttpMethod.POST);
            wc.addCrumb(post);
            assertThat(wc.getPage(post).getWebResponse().getStatusCode()).as("POST " + path).isEqualTo(200);
        }
    }
}
