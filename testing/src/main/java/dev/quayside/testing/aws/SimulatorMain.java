package dev.quayside.testing.aws;

import dev.quayside.testing.time.ScaledClock;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The simulator as a standalone server on loopback, for the demo and for trying the CLI by hand:
 * {@code java -jar quayside-simulator.jar --port 4566 --registry http://127.0.0.1:5000 --registry-password-file pw}.
 * Prints its endpoint on stdout and serves until killed.
 *
 * <p>{@code --time-factor 20} runs the simulated clock 20 times faster than real time (a two-minute ECS
 * rollout takes six seconds); {@code --scenario myapp=CANNOT_PULL} (repeatable) sets a service's
 * {@link Scenario}. ECS services look images up in the fronted registry, so by default a deployment of
 * a tag never pushed there fails to pull. {@code --exit-code shop-migrate=1} (repeatable) makes the
 * RunTask tasks of a task definition family exit 1. Images can ask for their behaviour with config labels:
 * {@code dev.quayside.simulator.scenario}, {@code dev.quayside.simulator.exit-code} and
 * {@code dev.quayside.simulator.findings} (ECR scan findings).
 */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = 0;
        URI registry = null;
        Path passwordFile = null;
        double timeFactor = 1;
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        Map<String, Integer> exitCodes = new LinkedHashMap<>();
        List<String> services = new ArrayList<>();
        String region = AwsSimulator.DEFAULT_REGION;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port": port = Integer.parseInt(required(args[i], value)); i++; break;
                case "--registry": registry = URI.create(required(args[i], value)); i++; break;
                case "--registry-password-file": passwordFile = Path.of(required(args[i], value)); i++; break;
                case "--time-factor": timeFactor = timeFactor(required(args[i], value)); i++; break;
                case "--scenario": scenario(required(args[i], value), scenarios); i++; break;
                case "--exit-code": exitCode(required(args[i], value), exitCodes); i++; break;
                case "--service": services.add(required(args[i], value)); i++; break;
                case "--region": region = required(args[i], value); i++; break;
                default:
                    System.err.println("usage: SimulatorMain [--port N] [--registry URL --registry-password-file FILE]"
                            + " [--time-factor F] [--scenario SERVICE=SCENARIO]... [--exit-code FAMILY=N]..."
                            + " [--service CLUSTER/SERVICE]... [--region R]");
                    System.exit(2);
            }
        }
        Clock clock = timeFactor == 1 ? Clock.systemUTC() : ScaledClock.of(Clock.systemUTC(), timeFactor);
        AwsSimulator simulator = AwsSimulator.builder().port(port).clock(clock).start();
        scenarios.forEach(simulator.ecsServices()::scenario);
        exitCodes.forEach(simulator.ecsServices()::runTaskExitCode);
        if (registry != null) {
            if (passwordFile == null) {
                System.err.println("--registry needs --registry-password-file (the password the registry's htpasswd accepts for user AWS)");
                System.exit(2);
            }
            simulator.ecr().registry(registry, Files.readString(passwordFile, StandardCharsets.UTF_8).trim());
        }
        for (String service : services) {
            int slash = service.indexOf('/');
            if (slash <= 0 || slash == service.length() - 1) {
                System.err.println("--service needs CLUSTER/SERVICE, not " + service);
                System.exit(2);
            }
            simulator.bootstrapService(region, service.substring(0, slash), service.substring(slash + 1));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        System.out.println(simulator.endpoint());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static double timeFactor(String value) {
        try {
            double factor = Double.parseDouble(value);
            if (factor > 0 && !Double.isInfinite(factor)) {
                return factor;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("--time-factor needs a positive number, not " + value);
        System.exit(2);
        return 1;
    }

    /** Parses SERVICE=SCENARIO into {@code scenarios}. */
    private static void scenario(String value, Map<String, Scenario> scenarios) {
        int equals = value.indexOf('=');
        try {
            if (equals > 0) {
                scenarios.put(value.substring(0, equals),
                        Scenario.valueOf(value.substring(equals + 1).toUpperCase(Locale.ROOT)));
                return;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        System.err.println("--scenario needs SERVICE=SCENARIO with SCENARIO one of " + Arrays.toString(Scenario.values())
                + ", not " + value);
        System.exit(2);
    }

    /** Parses FAMILY=N into {@code exitCodes}. */
    private static void exitCode(String value, Map<String, Integer> exitCodes) {
        int equals = value.indexOf('=');
        try {
            if (equals > 0) {
                exitCodes.put(value.substring(0, equals), Integer.parseInt(value.substring(equals + 1).trim()));
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("--exit-code needs FAMILY=N with N an integer, not " + value);
        System.exit(2);
    }

    private static String required(String option, String value) {
        if (value == null) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return value;
    }
}
