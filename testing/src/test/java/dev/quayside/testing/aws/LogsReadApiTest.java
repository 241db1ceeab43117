package dev.quayside.testing.aws;

import static dev.quayside.testing.aws.Sdk.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.testing.time.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/** GetLogEvents, FilterLogEvents and DescribeLogStreams through the real SDK, over streams tests append to. */
class LogsReadApiTest {

    private static final Instant T0 = Instant.parse("2026-02-01T08:00:00Z");
    private static final String GROUP = "/ecs/shop";
    private static final String STREAM = "ecs/app/0123456789abcdef0123456789abcdef";

    private final MutableClock clock = MutableClock.at(T0.plusSeconds(3600));
    private AwsSimulator sim;
    private CloudWatchLogsClient logs;

    @BeforeEach
    void start() {
        sim = AwsSimulator.builder().clock(clock).start();
        logs = Sdk.logs(sim.endpoint());
    }

    @AfterEach
    void stop() {
        logs.close();
        sim.close();
    }

    /** Lines "line 0" .. "line n-1", one a second from T0. */
    private void appendLines(String stream, int n) {
        for (int i = 0; i < n; i++) {
            sim.logs().append(GROUP, stream, T0.plusSeconds(i), "line " + i);
        }
    }

    private static List<String> messages(GetLogEventsResponse response) {
        return response.events().stream().map(OutputLogEvent::message).toList();
    }

    @Test
    void getLogEvents_fromHead_pagesForward_untilTheSameTokenComesBack() {
        appendLines(STREAM, 5);

        GetLogEventsResponse first = logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM)
                .startFromHead(true).limit(2));
        GetLogEventsResponse second = logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM)
                .startFromHead(true).limit(2).nextToken(first.nextForwardToken()));
        GetLogEventsResponse third = logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM)
                .startFromHead(true).limit(2).nextToken(second.nextForwardToken()));
        GetLogEventsResponse end = logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM)
                .startFromHead(true).limit(2).nextToken(third.nextForwardToken()));

        assertThat(messages(first)).containsExactly("line 0", "line 1");
        assertThat(messages(second)).containsExactly("line 2", "line 3");
        assertThat(messages(third)).containsExactly("line 4");
        assertThat(messages(end)).isEmpty();
        assertThat(end.nextForwardToken()).isEqualTo(third.nextForwardToken());
        assertThat(first.nextForwardToken()).matches("f/\\d{56}");
        assertThat(first.nextBackwardToken()).matches("b/\\d{56}");
        OutputLogEvent event = first.events().get(1);
        assertThat(event.timestamp()).isEqualTo(T0.plusSeconds(1).toEpochMilli());
        assertThat(event.ingestionTime()).isEqualTo(clock.instant().toEpochMilli());

        // What is appended later is found from the last forward token.
        appendLines("other", 1);
        sim.logs().append(GROUP, STREAM, T0.plusSeconds(10), "line 10");
        assertThat(messages(logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM)
                .nextToken(end.nextForwardToken())))).containsExactly("line 10");
    }

    @Test
    void getLogEvents_withoutStartFromHead_answersTheNewest_andPagesBackward() {
        appendLines(STREAM, 5);

        GetLogEventsResponse newest = logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM).limit(2));
        GetLogEventsResponse before = logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM).limit(2)
                .nextToken(newest.nextBackwardToken()));
        GetLogEventsResponse oldest = logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM).limit(2)
                .nextToken(before.nextBackwardToken()));
        GetLogEventsResponse beyond = logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM).limit(2)
                .nextToken(oldest.nextBackwardToken()));

        assertThat(messages(newest)).containsExactly("line 3", "line 4");
        assertThat(messages(before)).containsExactly("line 1", "line 2");
        assertThat(messages(oldest)).containsExactly("line 0");
        assertThat(messages(beyond)).isEmpty();
        assertThat(beyond.nextBackwardToken()).isEqualTo(oldest.nextBackwardToken());
        // Forward again from a backward page.
        assertThat(messages(logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM).limit(2)
                .nextToken(before.nextForwardToken())))).containsExactly("line 3", "line 4");
        assertThat(messages(logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM)))).hasSize(5);
    }

    @Test
    void getLogEvents_takesStartTimeInclusive_andEndTimeExclusive() {
        appendLines(STREAM, 5);

        GetLogEventsResponse window = logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM)
                .startFromHead(true).startTime(T0.plusSeconds(1).toEpochMilli()).endTime(T0.plusSeconds(3).toEpochMilli()));

        assertThat(messages(window)).containsExactly("line 1", "line 2");
    }

    @Test
    void getLogEvents_byLogGroupIdentifier_acceptsTheNameOrTheArn() {
        appendLines(STREAM, 1);
        String arn = "arn:aws:logs:us-east-1:123456789012:log-group:" + GROUP;

        assertThat(messages(logs.getLogEvents(b -> b.logGroupIdentifier(arn).logStreamName(STREAM)))).containsExactly("line 0");
        assertThat(messages(logs.getLogEvents(b -> b.logGroupIdentifier(arn + ":*").logStreamName(STREAM)))).hasSize(1);
        assertThat(messages(logs.getLogEvents(b -> b.logGroupIdentifier(GROUP).logStreamName(STREAM)))).hasSize(1);
        assertRefused(() -> logs.getLogEvents(b -> b.logGroupName(GROUP).logGroupIdentifier(arn).logStreamName(STREAM)),
                "ValidationException", "LogGroup name and LogGroup ARN are mutually exclusive parameters.");
    }

    @Test
    void getLogEvents_ofAMissingGroupOrStream_isResourceNotFound() {
        appendLines(STREAM, 1);

        assertRefused(() -> logs.getLogEvents(b -> b.logGroupName("/ecs/nope").logStreamName(STREAM)),
                "ResourceNotFoundException", "The specified log group does not exist.");
        assertRefused(() -> logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName("ecs/app/nope")),
                "ResourceNotFoundException", "The specified log stream does not exist.");
        assertRefused(() -> logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM).limit(10_001)),
                "InvalidParameterException", "Invalid parameter at 'limit' failed to satisfy constraint:"
                        + " 'Member must have value less than or equal to 10000'");
    }

    @Test
    void filterLogEvents_acrossStreams_byNamesPrefixPatternAndTime_pagedByNextToken() {
        sim.logs().append(GROUP, "ecs/app/a", T0, "Listening on port 3000");
        sim.logs().append(GROUP, "ecs/app/b", T0.plusSeconds(1), "Error: connect ECONNREFUSED 10.0.1.5:5432");
        sim.logs().append(GROUP, "ecs/app/a", T0.plusSeconds(2), "Error: connect ECONNREFUSED 10.0.1.5:5432");
        sim.logs().append(GROUP, "worker/x", T0.plusSeconds(3), "Error: timeout");

        FilterLogEventsResponse all = logs.filterLogEvents(b -> b.logGroupName(GROUP));
        assertThat(all.events()).extracting(FilteredLogEvent::logStreamName)
                .containsExactly("ecs/app/a", "ecs/app/b", "ecs/app/a", "worker/x");
        assertThat(all.events().get(0).eventId()).matches("\\d{56}");
        assertThat(all.nextToken()).isNull();

        assertThat(logs.filterLogEvents(b -> b.logGroupName(GROUP).logStreamNamePrefix("ecs/").filterPattern("ECONNREFUSED"))
                .events()).extracting(FilteredLogEvent::logStreamName).containsExactly("ecs/app/b", "ecs/app/a");
        assertThat(logs.filterLogEvents(b -> b.logGroupName(GROUP).logStreamNames("ecs/app/a", "ecs/app/gone")
                .filterPattern("?ECONNREFUSED ?timeout")).events()).hasSize(1);
        assertThat(logs.filterLogEvents(b -> b.logGroupName(GROUP).filterPattern("Error -timeout")).events()).hasSize(2);
        assertThat(logs.filterLogEvents(b -> b.logGroupName(GROUP).filterPattern("\"port 3000\"")).events()).hasSize(1);
        assertThat(logs.filterLogEvents(b -> b.logGroupName(GROUP).startTime(T0.plusSeconds(1).toEpochMilli())
                .endTime(T0.plusSeconds(2).toEpochMilli())).events()).hasSize(2);

        List<String> paged = new ArrayList<>();
        String token = null;
        do {
            String from = token;
            FilterLogEventsResponse page = logs.filterLogEvents(b -> b.logGroupName(GROUP).limit(3).nextToken(from));
            page.events().forEach(e -> paged.add(e.message()));
            token = page.nextToken();
        } while (token != null);
        assertThat(paged).hasSize(4).last().isEqualTo("Error: timeout");
        assertRefused(() -> logs.filterLogEvents(b -> b.logGroupName(GROUP).logStreamNames("a").logStreamNamePrefix("a")),
                "InvalidParameterException", "Cannot specify both logStreamNames and logStreamNamePrefix.");
        assertRefused(() -> logs.filterLogEvents(b -> b.logGroupName("/ecs/nope")),
                "ResourceNotFoundException", "The specified log group does not exist.");
    }

    @Test
    void describeLogStreams_ordersByNameOrLastEventTime_andPages() {
        sim.logs().append(GROUP, "ecs/app/b", T0, "one");
        sim.logs().append(GROUP, "ecs/app/a", T0.plusSeconds(5), "two");
        sim.logs().append(GROUP, "worker/c", T0.plusSeconds(2), "three");

        assertThat(logs.describeLogStreams(b -> b.logGroupName(GROUP)).logStreams()).extracting(LogStream::logStreamName)
                .containsExactly("ecs/app/a", "ecs/app/b", "worker/c");
        assertThat(logs.describeLogStreams(b -> b.logGroupName(GROUP).orderBy(OrderBy.LAST_EVENT_TIME).descending(true))
                .logStreams()).extracting(LogStream::logStreamName).containsExactly("ecs/app/a", "worker/c", "ecs/app/b");
        assertThat(logs.describeLogStreams(b -> b.logGroupName(GROUP).logStreamNamePrefix("ecs/")).logStreams())
                .extracting(LogStream::logStreamName).containsExactly("ecs/app/a", "ecs/app/b");
        LogStream a = logs.describeLogStreams(b -> b.logGroupName(GROUP).limit(1)).logStreams().get(0);
        assertThat(a.firstEventTimestamp()).isEqualTo(T0.plusSeconds(5).toEpochMilli());
        assertThat(a.lastEventTimestamp()).isEqualTo(T0.plusSeconds(5).toEpochMilli());
        assertThat(a.creationTime()).isEqualTo(clock.instant().toEpochMilli());
        assertThat(a.arn()).isEqualTo("arn:aws:logs:us-east-1:123456789012:log-group:/ecs/shop:log-stream:ecs/app/a");
        String next = logs.describeLogStreams(b -> b.logGroupName(GROUP).limit(2)).nextToken();
        assertThat(logs.describeLogStreams(b -> b.logGroupName(GROUP).limit(2).nextToken(next)).logStreams())
                .extracting(LogStream::logStreamName).containsExactly("worker/c");
        assertRefused(() -> logs.describeLogStreams(b -> b.logGroupName(GROUP).orderBy(OrderBy.LAST_EVENT_TIME)
                .logStreamNamePrefix("ecs/")), "InvalidParameterException",
                "Cannot order by LastEventTime with a logStreamNamePrefix.");
        assertRefused(() -> logs.describeLogStreams(b -> b.logGroupName("/ecs/nope")),
                "ResourceNotFoundException", "The specified log group does not exist.");
    }
}
