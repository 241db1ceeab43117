package dev.quayside.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AwsSimulatorExtensionTest {

    @RegisterExtension
    static final AwsSimulatorExtension aws =
            new AwsSimulatorExtension(AwsSimulator.builder().accountId("555555555555"));

    @Test
    void registeredExtension_runsTheConfiguredSimulatorForTheClass() {
        Wire.Response response = Wire.ecr(aws.endpoint(), "CreateRepository", "{\"repositoryName\":\"app\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(aws.ecr().repository("app").orElseThrow().registryId()).isEqualTo("555555555555");
        assertThat(aws.requests("CreateRepository")).hasSize(1);
        aws.clearJournal();
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void failNext_isAvailableThroughTheExtension() {
        aws.failNext("DescribeRepositories", "ThrottlingException", "slow down", 400, 1);

        assertThat(Wire.ecr(aws.endpoint(), "DescribeRepositories", "{}").header("x-amzn-ErrorType"))
                .isEqualTo("ThrottlingException");
        assertThat(Wire.ecr(aws.endpoint(), "DescribeRepositories", "{}").status()).isEqualTo(200);
    }

    @Test
    void mutatingCalls_areTheJournalsRequestsThatAreNotReads_succeededOrNot() {
        aws.clearJournal();
        EcsWire ecs = new EcsWire(aws.endpoint());

        Wire.ecr(aws.endpoint(), "DescribeRepositories", "{}");
        Wire.ecr(aws.endpoint(), "GetAuthorizationToken", "{}");
        Wire.ecr(aws.endpoint(), "BatchGetImage", "{\"repositoryName\":\"nope\",\"imageIds\":[{\"imageTag\":\"1\"}]}");
        ecs.post("DescribeClusters", "{}");
        ecs.post("ListServices", "{\"cluster\":\"nope\"}");
        Wire.ecr(aws.endpoint(), "CreateRepository", "{\"repositoryName\":\"mutated\"}");
        Wire.ecr(aws.endpoint(), "CreateRepository", "{\"repositoryName\":\"mutated\"}");
        ecs.post("UpdateService", "{\"cluster\":\"nope\",\"service\":\"web\",\"desiredCount\":0}");

        assertThat(aws.mutatingCalls()).extracting(RecordedRequest::operation)
                .containsExactly("CreateRepository", "CreateRepository", "UpdateService");
        assertThat(aws.mutatingCalls()).extracting(RecordedRequest::errorCode)
                .containsExactly(null, "RepositoryAlreadyExistsException", "ClusterNotFoundException");
        assertThat(AwsSimulator.isRead("BatchGetImage")).isTrue();
        assertThat(AwsSimulator.isRead("BatchDeleteImage")).isFalse();
        assertThat(AwsSimulator.isRead("Listen")).isFalse();
        aws.clearJournal();
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @Test
    void startAndClose_workOutsideJunit() throws Exception {
        AwsSimulatorExtension manual = new AwsSimulatorExtension();
        assertThatThrownBy(manual::simulator).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running");

        URI endpoint;
        try (AwsSimulatorExtension started = manual.start()) {
            assertThat(manual.start().simulator()).isSameAs(started.simulator());
            endpoint = manual.endpoint();
            assertThat(Wire.ecr(endpoint, "DescribeRepositories", "{}").status()).isEqualTo(200);
        }
        manual.close();

        HttpRequest request = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(ConnectException.class);
    }
}
