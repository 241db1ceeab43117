package dev.quayside.cli;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.ecr.EcrHosts;
import dev.quayside.engine.ecr.EcrPushRequest;
import dev.quayside.engine.ecr.EcrPusher;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.errors.Secret;
import dev.quayside.engine.registry.HttpClients;
import dev.quayside.engine.registry.ImageReference;
import dev.quayside.engine.registry.ImageSourceSpec;
import dev.quayside.engine.registry.ImageSources;
import dev.quayside.engine.registry.PushRequest;
import dev.quayside.engine.registry.PushResult;
import dev.quayside.engine.registry.RegistryCredentials;
import dev.quayside.engine.registry.RegistryPusher;
import dev.quayside.engine.time.Durations;
import dev.quayside.engine.scan.ScanGate;
import dev.quayside.engine.scan.ScanGateRequest;
import dev.quayside.engine.time.Sleeper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ecr.EcrClient;

@Command(name = "push", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Push an image to ECR (or any OCI registry) from files, without a Docker daemon.",
                "Or from the local Docker with docker-daemon:.",
                "Blobs the registry has are skipped, layers go in parallel, the tags are set last."},
        footer = {"", "Sources: oci:DIR[:TAG]  oci-archive:FILE[:TAG]  docker-archive:FILE[:NAME:TAG]  docker-daemon:IMAGE:TAG",
                "Target:  REPOSITORY[:TAG] (this account's ECR registry), ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY[:TAG],",
                "         or REGISTRY/REPOSITORY[:TAG] for any other registry (with --registry-username and --registry-password-stdin).",
                "", "Examples:",
                "  quayside push oci:build/image myapp --tag 1.0 --tag latest --region eu-west-1",
                "  quayside push docker-archive:app.tar 123456789012.dkr.ecr.eu-west-1.amazonaws.com/myapp:1.0 --create-repository \\",
                "      --tag-mutability IMMUTABLE --lifecycle-policy ecr-lifecycle.json --json",
                "  echo \"$TOKEN\" | quayside push oci-archive:image.tar ghcr.io/acme/app:1.0 --registry-username acme --registry-password-stdin"})
final class PushCommand extends EngineCommand {
    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    PushOptions push = new PushOptions();

    @Mixin
    ScanOptions scan = new ScanOptions();

    @Option(names = "--registry-username", paramLabel = "USER", description = "For a non-ECR registry: the user name.")
    String registryUsername;

    @Option(names = "--registry-password-stdin", description = "For a non-ECR registry: read the password from standard input.")
    boolean passwordStdin;

    @Override
    int execute(Console console) throws Exception {
        ImageSourceSpec spec = ImageSourceSpec.parse("SOURCE", push.source);
        ImageReference reference = ImageReference.parse("TARGET", push.target);
        boolean ecrTarget = reference.registry().isEmpty() || EcrHosts.parse(reference.registry().get()).isPresent();
        PushResult result = ecrTarget ? pushToEcr(console, spec, reference) : pushToRegistry(console, spec, reference);
        if (output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("imageUri", result.imageUri());
            json.put("imageUriWithDigest", result.imageUriWithDigest());
            json.put("repositoryUri", result.repositoryUri());
            json.put("digest", result.digest().toString());
            json.put("mediaType", result.mediaType());
            json.put("tags", result.tags());
            json.put("blobsUploaded", result.blobsUploaded());
            json.put("blobsExisting", result.blobsExisting());
            json.put("blobsMounted", result.blobsMounted());
            json.put("bytesUploaded", result.bytesUploaded());
            console.json(json);
        } else {
            console.result(result.imageUriWithDigest());
        }
        return ExitCodes.OK;
    }

    private PushResult pushToEcr(Console console, ImageSourceSpec spec, ImageReference reference) {
        if (registryUsername != null || passwordStdin) {
            throw QuaysideException.invalidInput("--registry-username", "ECR logins come from AWS credentials; a user name is only for other registries");
        }
        EcrPushRequest request = push.ecrRequest();
        scan.check();
        try (EcrClient ecr = AwsClients.ecr(aws.settings(main.environment, request.regionFromHost().orElse(null)));
             RegistryPusher pusher = RegistryPusher.create(HttpClients.registryClient(main.environment), console, main.clock, Sleeper.REAL)) {
            PushResult pushed = new EcrPusher(ecr, pusher, main.environment, console).push(request);
            ScanGateRequest gate = scan.request(request.registryId(), request.repository(), pushed.digest().toString());
            if (gate != null) {
                new ScanGate(ecr, main.clock, Sleeper.REAL, console).check(gate);
            }
            return pushed;
        }
    }

    private PushResult pushToRegistry(Console console, ImageSourceSpec spec, ImageReference reference) throws Exception {
        if (scan.failOn != null) {
            throw QuaysideException.invalidInput("--scan-fail-on", "the scan gate reads ECR's scans; '" + push.target + "' is not an ECR registry");
        }
        if (push.createRepository || push.lifecyclePolicy != null || push.registryId != null || push.tagMutability != null || push.encryption != null) {
            throw QuaysideException.invalidInput("TARGET", "'" + push.target + "' is not an ECR registry; --create-repository, --lifecycle-policy, "
                    + "--registry-id, --tag-mutability and --encryption apply to ECR only");
        }
        if (spec.transport() == ImageSourceSpec.Transport.DOCKER_DAEMON) {
            throw QuaysideException.invalidInput("SOURCE", "docker-daemon: sources are pushed to ECR only; for other registries use docker push directly");
        }
        if (passwordStdin && registryUsername == null) {
            throw QuaysideException.invalidInput("--registry-username", "is required with --registry-password-stdin");
        }
        RegistryCredentials credentials = RegistryCredentials.anonymous();
        if (registryUsername != null) {
            if (!passwordStdin) {
                throw QuaysideException.invalidInput("--registry-password-stdin", "give the password on standard input (never as an argument)");
            }
            String password = new BufferedReader(new InputStreamReader(main.in, StandardCharsets.UTF_8)).readLine();
            if (password == null || password.isEmpty()) {
                throw QuaysideException.invalidInput("--registry-password-stdin", "standard input held no password");
            }
            credentials = RegistryCredentials.of(registryUsername, Secret.of(password));
        }
        PushRequest request = PushRequest.builder()
                .image(ImageSources.open(spec))
                .target(reference)
                .tags(push.tags)
                .endpoint(push.registryEndpoint)
                .parallelism(push.parallelism)
                .requestTimeout(Durations.parse("--request-timeout", push.requestTimeout))
                .mountFrom(push.mountFrom)
                .build();
        try (RegistryPusher pusher = RegistryPusher.create(HttpClients.registryClient(main.environment), console, main.clock, Sleeper.REAL)) {
            return pusher.push(request, credentials);
        }
    }
}
