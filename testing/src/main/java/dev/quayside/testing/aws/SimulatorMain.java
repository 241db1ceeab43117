package dev.quayside.testing.aws;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The simulator as a standalone server on loopback, for the demo and for trying the CLI by hand:
 * {@code java -jar quayside-simulator.jar --port 4566 --registry http://127.0.0.1:5000 --registry-password-file pw}.
 * Prints its endpoint on stdout and serves until killed.
 */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = 0;
        URI registry = null;
        Path passwordFile = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port": port = Integer.parseInt(required(args[i], value)); i++; break;
                case "--registry": registry = URI.create(required(args[i], value)); i++; break;
                case "--registry-password-file": passwordFile = Path.of(required(args[i], value)); i++; break;
                default:
                    System.err.println("usage: SimulatorMain [--port N] [--registry URL --registry-password-file FILE]");
                    System.exit(2);
            }
        }
        AwsSimulator simulator = AwsSimulator.builder().port(port).start();
        if (registry != null) {
            if (passwordFile == null) {
                System.err.println("--registry needs --registry-password-file (the password the registry's htpasswd accepts for user AWS)");
                System.exit(2);
            }
            simulator.ecr().registry(registry, Files.readString(passwordFile, StandardCharsets.UTF_8).trim());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        System.out.println(simulator.endpoint());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static String required(String option, String value) {
        if (value == null) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return value;
    }
}
