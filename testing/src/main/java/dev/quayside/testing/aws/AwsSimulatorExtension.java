package dev.quayside.testing.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs an {@link AwsSimulator} for a test class:
 * {@code @RegisterExtension static final AwsSimulatorExtension aws = new AwsSimulatorExtension();}
 * starts it before all tests and stops it after all; {@link #perTest} gives each test a new one (for
 * tests that create the same clusters and services). Outside JUnit, call {@link #start()} and {@link #close()}.
 */
public final class AwsSimulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        AutoCloseable {

    private final AwsSimulator.Builder builder;
    private boolean perTest;
    private AwsSimulator simulator;

    /** A simulator with the defaults of {@link AwsSimulator#builder()}. */
    public AwsSimulatorExtension() {
        this(AwsSimulator.builder());
    }

    /** A simulator configured by {@code builder}, started when the extension starts. */
    public AwsSimulatorExtension(AwsSimulator.Builder builder) {
        this.builder = builder;
    }

    /** A new simulator for each test: started before it, stopped after it. */
    public static AwsSimulatorExtension perTest(AwsSimulator.Builder builder) {
        AwsSimulatorExtension extension = new AwsSimulatorExtension(builder);
        extension.perTest = true;
        return extension;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perTest) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perTest) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            close();
        }
    }

    /** Starts the simulator unless it is running. */
    public synchronized AwsSimulatorExtension start() {
        if (simulator == null) {
            simulator = builder.start();
        }
        return this;
    }

    /** Stops the simulator if it is running. */
    @Override
    public synchronized void close() {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }

    /** The running simulator. */
    public synchronized AwsSimulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("the AWS simulator is not running; register the extension on a static"
                    + " field or call start()");
        }
        return simulator;
    }

    public URI endpoint() {
        return simulator().endpoint();
    }

    public EcrSimulator ecr() {
        return simulator().ecr();
    }

    public List<RecordedRequest> requests() {
        return simulator().requests();
    }

    public List<RecordedRequest> requests(String operation) {
        return simulator().requests(operation);
    }

    /** See {@link AwsSimulator#mutatingCalls()}. */
    public List<RecordedRequest> mutatingCalls() {
        return simulator().mutatingCalls();
    }

    /** See {@link AwsSimulator#createCluster(String, String, String...)}. */
    public void createCluster(String region, String cluster, String... capacityProviders) {
        simulator().createCluster(region, cluster, capacityProviders);
    }

    public void clearJournal() {
        simulator().clearJournal();
    }

    public void hangNext(String operation, Duration duration) {
        simulator().hangNext(operation, duration);
    }

    public int hangingCalls() {
        return simulator().hangingCalls();
    }

    public void failNext(String operation, String errorCode, String message, int httpStatus, int times) {
        simulator().failNext(operation, errorCode, message, httpStatus, times);
    }
}
