package dev.quayside.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.engine.deploy.PollPolicy.Outlook;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The rhythm's arithmetic: each outlook's pace, paid for by the time saved, never ahead of 20 calls a minute. */
class PollPolicyTest {
    private final PollPolicy policy = PollPolicy.DEFAULT;

    @Test
    void eachOutlookHasItsPace_whileTheSavedTimePaysForIt() {
        long saved = 10_000;
        assertThat(policy.next(Outlook.QUIET, saved)).isEqualTo(Duration.ofSeconds(6));
        assertThat(policy.next(Outlook.ONGOING, saved)).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.next(Outlook.NEAR, saved)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.next(Outlook.DUE, saved)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aPollComesNoSoonerThanTheSavedTimePaysFor_andTheFirstPollIsPaidForToo() {
        long afterTheFirst = policy.saved(0, 0, true);
        assertThat(policy.next(Outlook.DUE, afterTheFirst)).isEqualTo(Duration.ofSeconds(6));
        assertThat(policy.next(Outlook.DUE, 1000)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.next(Outlook.DUE, 0)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void savedTimeIsCapped_soALongQuietPhaseBuysNoLongBurst() {
        assertThat(policy.saved(0, Duration.ofMinutes(10).toMillis(), true)).isEqualTo(PollPolicy.MAX_SAVED_POLLS * 3000L);
    }

    @Test
    void aPollAddedForFreeToACallForOthers_neitherCostsNorSaves() {
        assertThat(policy.saved(500, 1000, false)).isEqualTo(500);
        assertThat(policy.saved(500, 1000, true)).isEqualTo(-1500);
    }

    @Test
    void whateverTheOutlooks_theNthPollIsAtLeastNTimesThreeSecondsIn() {
        Random random = new Random(14);
        long t = 0;
        long last = 0;
        long saved = 0;
        for (int n = 1; n <= 2000; n++) {
            saved = policy.saved(saved, t - last, true);
            last = t;
            if (n >= 2) {
                assertThat(t).as("poll %d", n).isGreaterThanOrEqualTo(n * 3000L);
            }
            t += policy.next(Outlook.values()[random.nextInt(Outlook.values().length)], saved).toMillis();
        }
    }
}
