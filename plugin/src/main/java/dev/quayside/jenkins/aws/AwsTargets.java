package dev.quayside.jenkins.aws;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import dev.quayside.jenkins.Messages;
import dev.quayside.jenkins.util.FormText;
import hudson.AbortException;
import hudson.model.Run;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Controller side of "as whom": looks the step's credentials id up for the run, tracks its use, and
 * turns it into {@link CredentialsMaterial} for the agent. Jenkins-specific (credential types).
 */
public final class AwsTargets {
    private AwsTargets() {
    }

    public static AwsTarget resolve(Run<?, ?> run, String region, String credentialsId, String roleArn) throws AbortException {
        return new AwsTarget(FormText.fixEmpty(region), material(run, FormText.fixEmpty(credentialsId)), FormText.fixEmpty(roleArn), sessionName(run));
    }

    static CredentialsMaterial material(Run<?, ?> run, String credentialsId) throws AbortException {
        if (credentialsId == null) {
            return CredentialsMaterial.fromEnvironment();
        }
        StandardCredentials c = CredentialsProvider.findCredentialById(credentialsId, StandardCredentials.class, run);
        if (c == null) {
            throw new AbortException(Messages.Credentials_NotFound(credentialsId));
        }
        CredentialsProvider.track(run, c);
        String origin = "credentials '" + credentialsId + "'";
        if (c instanceof AWSCredentialsImpl) {
            // The common aws-credentials type: its keys (or none: the instance profile) and its IAM
            // role are used on the agent, so that any STS call is made there, with the agent's identity.
            AWSCredentialsImpl aws = (AWSCredentialsImpl) c;
            if (aws.requiresToken()) {
                throw new AbortException(Messages.Credentials_MfaUnsupported(credentialsId));
            }
            String role = FormText.fixEmpty(aws.getIamRoleArn());
            String externalId = FormText.fixEmpty(aws.getIamExternalId());
            String key = FormText.fixEmpty(aws.getAccessKey());
            String secret = aws.getSecretKey().getPlainText();
            if (key == null && secret.isEmpty()) {
                return CredentialsMaterial.agentDefaultChain(origin + " (instance profile)", role, externalId);
            }
            return CredentialsMaterial.keys(origin + " (access key " + key + ")", key, secret, null, role, externalId);
        }
        if (c instanceof AmazonWebServicesCredentials) {
            // Any other implementation resolves itself (its own role assumption included); null means
            // "no keys here: use the instance profile", which on our side is the agent's default chain.
            AwsCredentials resolved = ((AmazonWebServicesCredentials) c).resolveCredentials();
            if (resolved == null) {
                return CredentialsMaterial.agentDefaultChain(origin + " (instance profile)", null, null);
            }
            String token = resolved instanceof AwsSessionCredentials ? ((AwsSessionCredentials) resolved).sessionToken() : null;
            return CredentialsMaterial.keys(origin + " (access key " + resolved.accessKeyId() + ")", resolved.accessKeyId(),
                    resolved.secretAccessKey(), token, null, null);
        }
        if (c instanceof StandardUsernamePasswordCredentials) {
            StandardUsernamePasswordCredentials up = (StandardUsernamePasswordCredentials) c;
            return CredentialsMaterial.keys(origin + " (access key " + up.getUsername() + ")", up.getUsername(), up.getPassword().getPlainText(), null, null, null);
        }
        throw new AbortException(Messages.Credentials_WrongType(credentialsId));
    }

    /** An STS session name that tells CloudTrail readers which build it was: jenkins-folder-job-42. */
    static String sessionName(Run<?, ?> run) {
        String name = "jenkins-" + run.getExternalizableId().replaceAll("[^\\w+=,.@-]+", "-");
        return name.length() <= 64 ? name : name.substring(name.length() - 64);
    }
}
