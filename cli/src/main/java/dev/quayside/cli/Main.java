package dev.quayside.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code quayside} command: release containers to Amazon ECR and ECS. */
@Command(name = "quayside", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Release containers to Amazon ECR and ECS: log in, push images without a Docker daemon, and more.",
        subcommands = {EcrLoginCommand.class, PushCommand.class, RegisterTaskDefCommand.class, DeployCommand.class, WaitDeploymentCommand.class, ReleaseCommand.class,
                ScanGateCommand.class, RunTaskCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 push or deployment refused or failed, 2 bad input, 3 AWS or registry error, 4 timeout, 130 interrupted.",
                "Documentation: docs/cli.md"})
public final class Main implements Runnable {
    final Map<String, String> environment;
    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    final Clock clock;
    final boolean terminal;

    Main(Map<String, String> environment, InputStream in, PrintStream out, PrintStream err, Clock clock, boolean terminal) {
        this.environment = Map.copyOf(environment);
        this.in = in;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.in, System.out, System.err, Clock.systemDefaultZone(), System.console() != null));
    }

    static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err, Clock clock, boolean terminal) {
        Main main = new Main(env, in, out, err, clock, terminal);
        CommandLine cli = new CommandLine(main);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, args2) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("error: " + e.getMessage());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for usage and examples.");
            return ExitCodes.BAD_INPUT;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"quayside " + p.getProperty("version", "unknown") + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
