package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Sends requests in the AWS JSON 1.1 wire format, as the SDKs do, without the SDK. */
final class Wire {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ECR = EcrSimulator.TARGET_PREFIX;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Response(int status, HttpHeaders headers, String text) {

        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private Wire() {
    }

    /** A signed-looking request for {@code target} in us-east-1 by AKIDEXAMPLE. */
    static Response post(URI endpoint, String target, String body) {
        return post(endpoint, target, body,
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/ecr/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123abcd");
    }

    /** A request with the given Authorization header, or none if null. */
    static Response post(URI endpoint, String target, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Date", "20250101T000000Z")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Response ecr(URI endpoint, String operation, String body) {
        return post(endpoint, ECR + "." + operation, body);
    }
}
