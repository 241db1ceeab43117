package dev.quayside.engine.aws;

import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into engine failures that say what was tried and what to do. */
public final class AwsErrors {
    private AwsErrors() {
    }

    public static QuaysideException translate(String tried, SdkException e) {
        if (e instanceof AwsServiceException) {
            AwsServiceException s = (AwsServiceException) e;
            String code = s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorCode();
            String message = s.awsErrorDetails() == null ? s.getMessage() : s.awsErrorDetails().errorMessage();
            String todo = null;
            if (code.contains("AccessDenied") || code.contains("UnrecognizedClient") || code.contains("InvalidSignature") || code.contains("ExpiredToken")) {
                todo = "Check the AWS credentials and that their identity may call this ECR operation.";
            }
            return QuaysideException.of(Failure.REMOTE, tried, "AWS answered " + code + ": " + message, todo, e);
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
            return QuaysideException.of(Failure.REMOTE, tried, "no AWS credentials were found (looked in: the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY "
                    + "variables, the aws.accessKeyId system property, web identity (AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN), the profile in "
                    + "AWS_PROFILE or 'default' of ~/.aws/credentials and ~/.aws/config, container credentials, EC2 instance metadata)",
                    "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a profile, or run where an instance or container role is available.", e);
        }
        return QuaysideException.of(Failure.REMOTE, tried, String.valueOf(e.getMessage()),
                "Check the network path to AWS (proxy settings, endpoint override) and try again.", e);
    }
}
