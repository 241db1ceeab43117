package dev.quayside.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.aws.RecordedRequest;
import dev.quayside.testing.images.ImageFixture;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TopLevelItem;
import hudson.slaves.EnvironmentVariablesNodeProperty;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvnet.hudson.test.JenkinsRule;

/** What the plugin's Jenkins tests share: the simulator as the AWS endpoint, credentials, images in workspaces. */
final class Fixtures {
    static final String REGION = "us-east-1";

    private Fixtures() {
    }

    /**
     * Every build talks to the simulator (AWS_ENDPOINT_URL, as the AWS SDKs name it) in us-east-1; no
     * AWS keys are set globally, so that each test chooses where its credentials come from.
     */
    static void useSimulator(JenkinsRule r, AwsSimulatorExtension aws) throws IOException {
        r.jenkins.getGlobalNodeProperties().replaceBy(List.of(new EnvironmentVariablesNodeProperty(
                new EnvironmentVariablesNodeProperty.Entry("AWS_ENDPOINT_URL", aws.endpoint().toString()),
                new EnvironmentVariablesNodeProperty.Entry("AWS_REGION", REGION))));
    }

    static void add(Credentials c) throws IOException {
        SystemCredentialsProvider.getInstance().getCredentials().add(c);
        SystemCredentialsProvider.getInstance().save();
    }

    static AWSCredentialsImpl awsKeys(String id, String accessKey, String secretKey) {
        return new AWSCredentialsImpl(CredentialsScope.GLOBAL, id, accessKey, secretKey, "test keys " + id);
    }

    static UsernamePasswordCredentialsImpl keyPair(String id, String accessKey, String secretKey) throws Exception {
        return new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, id, "key pair " + id, accessKey, secretKey);
    }

    /** An OCI image layout at {@code workspace/relative} of the job on the built-in node. */
    static ImageFixture.Written imageInWorkspace(JenkinsRule r, TopLevelItem job, String relative, long seed) throws Exception {
        FilePath workspace = r.jenkins.getWorkspaceFor(job);
        Path dir = Path.of(workspace.getRemote(), relative);
        Files.createDirectories(dir.getParent());
        return ImageFixture.builder().seed(seed).layerSizes(20_000, 30_000).writeOciLayout(dir);
    }

    /** Copies a test resource into the job's workspace. */
    static void fileInWorkspace(JenkinsRule r, TopLevelItem job, String relative, String resource) throws Exception {
        FilePath target = r.jenkins.getWorkspaceFor(job).child(relative);
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            target.getParent().mkdirs();
            target.write(new String(in.readAllBytes(), StandardCharsets.UTF_8), "UTF-8");
        }
    }

    /** The access key ids the simulator saw for an operation, in order. */
    static List<String> keysUsed(AwsSimulatorExtension aws, String operation) {
        return aws.requests(operation).stream().map(RecordedRequest::accessKeyId).toList();
    }

    /** The DOCKER_CONFIG a build printed as {@code config=PATH registry=...} (workspaces here have a space in their path). */
    static Path dockerConfigOf(Run<?, ?> b) throws IOException {
        Matcher m = Pattern.compile("config=(.+?) registry=").matcher(JenkinsRule.getLog(b));
        assertThat(m.find()).as("the build printed its DOCKER_CONFIG").isTrue();
        return Path.of(m.group(1));
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
