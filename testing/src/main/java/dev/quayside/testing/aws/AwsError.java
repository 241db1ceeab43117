package dev.quayside.testing.aws;

/**
 * An AWS error response: HTTP status, {@code x-amzn-ErrorType} header and
 * {@code {"__type": code, "message": message}} body. Services throw it from their handlers.
 */
public final class AwsError extends RuntimeException {

    private final String code;
    private final int httpStatus;

    public AwsError(String code, String message, int httpStatus) {
        // No stack trace: this is an expected answer, not a fault of the simulator.
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** A 400 error with the given code. */
    public static AwsError client(String code, String message) {
        return new AwsError(code, message, 400);
    }

    /** The JSON protocols' answer to a target no service implements. */
    public static AwsError unknownOperation(String target) {
        return client("UnknownOperationException", "Unknown operation " + target);
    }

    /** The body could not be read as the operation's input structure. */
    public static AwsError serialization(String message) {
        return client("SerializationException", message);
    }

    /**
     * A parameter failing its model constraint, worded like the ECR, ECS and CloudWatch Logs front
     * ends, which all model {@code InvalidParameterException}.
     */
    public static AwsError invalidParameter(String parameter, String constraint) {
        return client("InvalidParameterException",
                "Invalid parameter at '" + parameter + "' failed to satisfy constraint: '" + constraint + "'");
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
