package dev.quayside.testing.aws;

import java.time.Clock;

/** What every simulated service shares: the account it answers as and the clock it stamps with. */
public record AwsContext(String accountId, Clock clock) {
}
