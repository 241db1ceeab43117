package dev.quayside.engine.aws;

import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into engine failures that say what was tried and what to do. */
public final class AwsErrors {
    private AwsErrors() {
    }

    public static QuaysideException translate(String tried, SdkException e) {
        return translate(tried, e, null);
    }

    /** As {@link #translate(String, SdkException)}, with {@code todo} (when not null) as what to do instead of the usual advice. */
    public static QuaysideException translate(String tried, SdkException e, String todo) {
        String because;
        String advice = null;
        String text = String.valueOf(e.getMessage());
        if (e instanceof AwsServiceException) {
            AwsServiceException s = (AwsServiceException) e;
            String code = s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorCode();
            because = "AWS answered " + code + ": " + (s.awsErrorDetails() == null ? s.getMessage() : s.awsErrorDetails().errorMessage());
            if (code.contains("AccessDenied") || code.contains("UnrecognizedClient") || code.contains("InvalidSignature") || code.contains("ExpiredToken")) {
                advice = "Check the AWS credentials and that their identity may call this ECR operation.";
            }
        } else if (e instanceof SdkClientException && text.contains("Unable to load credentials")) {
            because = "no AWS credentials were found (looked in: the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY "
                    + "variables, the aws.accessKeyId system property, web identity (AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN), the profile in "
                    + "AWS_PROFILE or 'default' of ~/.aws/credentials and ~/.aws/config, container credentials, EC2 instance metadata)";
            advice = "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a profile, or run where an instance or container role is available.";
        } else if (text.toLowerCase(Locale.ROOT).contains("profile")) {
            because = text;
            advice = "Check the profile's name and its entries in ~/.aws/config and ~/.aws/credentials (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE).";
        } else {
            because = text;
            advice = "Check the network path to AWS (proxy settings, endpoint override) and try again.";
        }
        return QuaysideException.of(Failure.REMOTE, tried, because, todo != null ? todo : advice, e);
    }
}
